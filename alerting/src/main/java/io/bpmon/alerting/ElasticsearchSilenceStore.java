package io.bpmon.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.ElasticsearchClient;
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

    private final ElasticsearchClient es;
    private final String index;

    public ElasticsearchSilenceStore(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.index = indices.silences();
    }

    @Override
    public void save(Silence silence) {
        ElasticsearchClient.Response r = es.put("/" + index + "/_doc/" + ElasticsearchClient.encode(silence.id())
                + "?refresh=wait_for", Json.write(silence));
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("storing a silence failed: " + r.body(), null);
        }
    }

    @Override
    public Optional<Silence> find(String id) {
        ElasticsearchClient.Response r = es.get("/" + index + "/_doc/" + ElasticsearchClient.encode(id));
        if (r.status() == 404 || !r.body().path("found").asBoolean(false)) {
            return Optional.empty();
        }
        return Optional.of(read(r.body().path("_source")));
    }

    @Override
    public List<Silence> list(int limit) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", limit);
        body.putObject("query").putObject("match_all");
        body.putArray("sort").addObject().putObject("createdAt").put("order", "desc").put("unmapped_type", "date");
        return hits(es.search(index, body));
    }

    @Override
    public List<Silence> active(Instant now) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", MAX_ACTIVE);
        body.putObject("query").putObject("range").putObject("endsAt").put("gt", now.toString());
        return hits(es.search(index, body)).stream().filter(s -> s.isActive(now)).toList();
    }

    private static List<Silence> hits(JsonNode result) {
        List<Silence> silences = new ArrayList<>();
        for (JsonNode hit : result.path("hits").path("hits")) {
            silences.add(read(hit.path("_source")));
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
