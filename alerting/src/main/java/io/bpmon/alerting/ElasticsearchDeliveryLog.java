package io.bpmon.alerting;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DeliveryLog} in the notifications index, one document per delivery id. */
public final class ElasticsearchDeliveryLog implements DeliveryLog {

    /** Newest first; of deliveries finished in the same millisecond, the higher id first. */
    private static final List<SortOptions> NEWEST_FIRST = List.of(
            SortOptions.of(s -> s.field(f -> f.field("finishedAt").order(SortOrder.Desc).unmappedType(FieldType.Date))),
            SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Desc).unmappedType(FieldType.Keyword))));

    private final Elasticsearch es;
    private final String index;

    public ElasticsearchDeliveryLog(Elasticsearch es, Indices indices) {
        this.es = es;
        this.index = indices.notifications();
    }

    @Override
    public void record(DeliveryRecord record) {
        try {
            es.call("/" + index + "/_doc", c -> c.index(i -> i.index(index).id(record.id()).document(record)
                    .refresh(Refresh.WaitFor)));
        } catch (ElasticsearchException e) {
            throw new Elasticsearch.UnavailableException("writing the delivery log failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
    }

    @Override
    public boolean wasDelivered(String deliveryId) {
        GetResponse<JsonNode> r;
        try {
            r = es.call("/" + index + "/_doc", c -> c.get(g -> g.index(index).id(deliveryId), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return false; // nothing delivered yet (no index)
            }
            throw new Elasticsearch.UnavailableException("reading the delivery log failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
        return r.found()
                && DeliveryRecord.Outcome.DELIVERED.name().equals(r.source().path("outcome").asText());
    }

    @Override
    public List<DeliveryRecord> recent(int limit) {
        return hits(es.search(index, s -> s.size(limit).query(q -> q.matchAll(m -> m)).sort(NEWEST_FIRST),
                JsonNode.class).hits().hits());
    }

    @Override
    public List<DeliveryRecord> forIncident(String incidentId, int limit) {
        Query incident = Query.of(q -> q.term(t -> t.field("incidentId").value(FieldValue.of(incidentId))));
        return hits(es.search(index, s -> s.size(limit).query(incident).sort(NEWEST_FIRST), JsonNode.class)
                .hits().hits());
    }

    @Override
    public Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome) {
        List<Query> filters = List.of(
                Query.of(q -> q.term(t -> t.field("channel").value(FieldValue.of(channel)))),
                Query.of(q -> q.term(t -> t.field("outcome").value(FieldValue.of(outcome.name())))));
        return hits(es.search(index, s -> s.size(1).query(q -> q.bool(b -> b.filter(filters))).sort(NEWEST_FIRST),
                JsonNode.class).hits().hits()).stream().findFirst();
    }

    private static List<DeliveryRecord> hits(List<Hit<JsonNode>> hits) {
        List<DeliveryRecord> records = new ArrayList<>();
        for (Hit<JsonNode> hit : hits) {
            try {
                records.add(Json.mapper().treeToValue(hit.source(), DeliveryRecord.class));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable delivery record " + hit.id(), e);
            }
        }
        return records;
    }
}
