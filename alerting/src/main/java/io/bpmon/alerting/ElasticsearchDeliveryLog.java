package io.bpmon.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DeliveryLog} in the notifications index, one document per delivery id. */
public final class ElasticsearchDeliveryLog implements DeliveryLog {

    private final ElasticsearchClient es;
    private final String index;

    public ElasticsearchDeliveryLog(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.index = indices.notifications();
    }

    @Override
    public void record(DeliveryRecord record) {
        ElasticsearchClient.Response r = es.put("/" + index + "/_doc/" + ElasticsearchClient.encode(record.id())
                + "?refresh=wait_for", Json.write(record));
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("writing the delivery log failed: " + r.body(), null);
        }
    }

    @Override
    public boolean wasDelivered(String deliveryId) {
        ElasticsearchClient.Response r = es.get("/" + index + "/_doc/" + ElasticsearchClient.encode(deliveryId));
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("reading the delivery log failed: " + r.body(), null);
        }
        return r.body().path("found").asBoolean(false)
                && DeliveryRecord.Outcome.DELIVERED.name().equals(r.body().path("_source").path("outcome").asText());
    }

    @Override
    public List<DeliveryRecord> recent(int limit) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", limit);
        body.putObject("query").putObject("match_all");
        sort(body);
        return hits(es.search(index, body));
    }

    @Override
    public Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 1);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("channel", channel);
        filter.addObject().putObject("term").put("outcome", outcome.name());
        sort(body);
        return hits(es.search(index, body)).stream().findFirst();
    }

    private static void sort(ObjectNode body) {
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("finishedAt").put("order", "desc").put("unmapped_type", "date");
        sort.addObject().putObject("id").put("order", "desc").put("unmapped_type", "keyword");
    }

    private static List<DeliveryRecord> hits(JsonNode result) {
        List<DeliveryRecord> records = new ArrayList<>();
        for (JsonNode hit : result.path("hits").path("hits")) {
            try {
                records.add(Json.mapper().treeToValue(hit.path("_source"), DeliveryRecord.class));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable delivery record " + hit.path("_id").asText(), e);
            }
        }
        return records;
    }
}
