package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertStore} over the alerts index. The job writes each alert with its revision as external version; an
 * acknowledgement is written with the <em>same</em> revision ({@code external_gte}), so it replaces exactly the
 * version it was made on: if the job changed the alert in between, Elasticsearch refuses it, and the job's next
 * change (a higher revision) always wins over it.
 */
public final class ElasticsearchAlertStore implements AlertStore {

    private final ElasticsearchClient es;
    private final Indices indices;

    public ElasticsearchAlertStore(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<Alert> find(String alertId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("query").putObject("ids").putArray("values").add(alertId);
        List<Alert> hits = hits(es.search(indices.alerts(), body));
        return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0));
    }

    @Override
    public Page<Alert> search(AlertQuery query) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", query.limit());
        body.put("track_total_hits", true);
        ArrayNode filters = body.putObject("query").putObject("bool").putArray("filter");
        query.status().ifPresent(s -> filters.addObject().putObject("term").put("status", s.name()));
        query.ruleId().ifPresent(r -> filters.addObject().putObject("term").put("ruleId", r));
        query.orderId().ifPresent(o -> filters.addObject().putObject("term").put("orderId", o));
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("detectedAt").put("order", "desc").put("unmapped_type", "date");
        sort.addObject().putObject("id").put("order", "asc").put("unmapped_type", "keyword");
        JsonNode result = es.search(indices.alerts(), body);
        return new Page<>(hits(result), result.path("hits").path("total").path("value").asLong());
    }

    @Override
    public boolean storeAcknowledged(Alert acknowledged) {
        // same revision as the version it acknowledges: see the class comment
        ElasticsearchClient.Response r = es.put("/" + indices.alerts() + "/_doc/" + ElasticsearchClient.encode(
                acknowledged.id()) + "?version=" + (acknowledged.revision() - 1) + "&version_type=external_gte"
                + "&refresh=wait_for", Json.write(acknowledged));
        if (r.status() == 409) {
            return false;
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("storing acknowledgement failed: " + r.body(), null);
        }
        return true;
    }

    private static List<Alert> hits(JsonNode result) {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode hit : result.path("hits").path("hits")) {
            try {
                alerts.add(Json.mapper().treeToValue(hit.path("_source"), Alert.class));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable alert " + hit.path("_id").asText(), e);
            }
        }
        return alerts;
    }
}
