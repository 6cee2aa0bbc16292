package io.bpmon.alerting;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SilenceStore} in the silences index, doc id = silence id. */
public final class ElasticsearchSilenceStore implements SilenceStore {

    /** More active silences than this would be a mistake; they are read in one search. */
    static final int MAX_ACTIVE = 1000;

    private final Elasticsearch es;
    private final String index;

    public ElasticsearchSilenceStore(Elasticsearch es, Indices indices) {
        this.es = es;
        this.index = indices.silences();
    }

    @Override
    public void save(Silence silence) {
        try {
            es.call("/" + index + "/_doc", c -> c.index(i -> i.index(index).id(silence.id()).document(silence)
                    .refresh(Refresh.WaitFor)));
        } catch (ElasticsearchException e) {
            throw new Elasticsearch.UnavailableException("storing a silence failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
    }

    @Override
    public Optional<Silence> find(String id) {
        GetResponse<JsonNode> r;
        try {
            r = es.call("/" + index + "/_doc", c -> c.get(g -> g.index(index).id(id), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty(); // no silence yet (no index)
            }
            throw e;
        }
        return r.found() ? Optional.of(read(r.source())) : Optional.empty();
    }

    @Override
    public List<Silence> list(int limit) {
        return hits(es.search(index, s -> s.size(limit).query(q -> q.matchAll(m -> m))
                .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc).unmappedType(FieldType.Date))),
                JsonNode.class).hits().hits());
    }

    @Override
    public List<Silence> active(Instant now) {
        return hits(es.search(index, s -> s.size(MAX_ACTIVE).query(q -> q.range(r -> r.date(d -> d.field("endsAt")
                .gt(now.toString())))), JsonNode.class).hits().hits()).stream().filter(s -> s.isActive(now)).toList();
    }

    private static List<Silence> hits(List<Hit<JsonNode>> hits) {
        List<Silence> silences = new ArrayList<>();
        for (Hit<JsonNode> hit : hits) {
            silences.add(read(hit.source()));
        }
        return silences;
    }

    private static Silence read(JsonNode source) {
        try {
            return Json.mapper().treeToValue(source, Silence.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable silence", e);
        }
    }
}
