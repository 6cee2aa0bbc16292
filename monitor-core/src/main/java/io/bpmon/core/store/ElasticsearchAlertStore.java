package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AlertStore} over the alerts index, which the job owns: it writes each alert with its revision as external
 * version, so its next change always wins. An acknowledgement is therefore recorded apart, in the acknowledgements
 * index (doc id = alert id), and laid over every alert read here: an open alert with an acknowledgement reads as
 * {@code ACKNOWLEDGED}, however often the job rewrote it since (a new rule version, a worse velocity count). The
 * acknowledged version is also written over the alert itself with the <em>same</em> revision
 * ({@code external_gte}), so aggregations over the alerts index see it until the job's next change.
 */
public final class ElasticsearchAlertStore implements AlertStore {

    private final ElasticsearchClient es;
    private final Indices indices;

    public ElasticsearchAlertStore(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    /** Acknowledgements looked at per query: far more than ever stay open at once. */
    static final int MAX_ACKNOWLEDGEMENTS = 10_000;

    @Override
    public Optional<Alert> find(String alertId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("query").putObject("ids").putArray("values").add(alertId);
        List<Alert> hits = hits(es.search(indices.alerts(), body));
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Alert alert = hits.get(0);
        return Optional.of(acknowledgedIds(List.of(alertId)).contains(alertId) ? alert.seenAcknowledged() : alert);
    }

    @Override
    public Page<Alert> search(AlertQuery query) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", query.limit());
        body.put("track_total_hits", true);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode filters = bool.putArray("filter");
        query.ruleId().ifPresent(r -> filters.addObject().putObject("term").put("ruleId", r));
        query.orderId().ifPresent(o -> filters.addObject().putObject("term").put("orderId", o));
        Set<String> acknowledged = query.status().isPresent() ? acknowledgedIds(null) : Set.of();
        query.status().ifPresent(s -> {
            switch (s) {
                case OPEN -> {
                    filters.addObject().putObject("term").put("status", "OPEN");
                    ids(bool.putArray("must_not").addObject(), acknowledged);
                }
                case ACKNOWLEDGED -> {
                    ObjectNode either = filters.addObject().putObject("bool");
                    either.put("minimum_should_match", 1);
                    ArrayNode should = either.putArray("should");
                    should.addObject().putObject("term").put("status", "ACKNOWLEDGED");
                    ObjectNode openAndAcked = should.addObject().putObject("bool");
                    ArrayNode both = openAndAcked.putArray("filter");
                    both.addObject().putObject("term").put("status", "OPEN");
                    ids(both.addObject(), acknowledged);
                }
                case RESOLVED -> filters.addObject().putObject("term").put("status", "RESOLVED");
            }
        });
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("detectedAt").put("order", "desc").put("unmapped_type", "date");
        sort.addObject().putObject("id").put("order", "asc").put("unmapped_type", "keyword");
        JsonNode result = es.search(indices.alerts(), body);
        List<Alert> found = hits(result);
        Set<String> seen = query.status().isPresent() ? acknowledged
                : acknowledgedIds(found.stream().filter(a -> !a.isOver()).map(Alert::id).toList());
        List<Alert> items = found.stream().map(a -> seen.contains(a.id()) ? a.seenAcknowledged() : a).toList();
        return new Page<>(items, result.path("hits").path("total").path("value").asLong());
    }

    @Override
    public void acknowledge(Alert current, Instant at, String by) {
        ObjectNode ack = Json.mapper().createObjectNode();
        ack.put("alertId", current.id());
        ack.put("acknowledgedAt", at.toString());
        ack.put("acknowledgedBy", by);
        ElasticsearchClient.Response r = es.put("/" + indices.alertAcks() + "/_doc/"
                + ElasticsearchClient.encode(current.id()) + "?refresh=wait_for", Json.write(ack));
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("storing acknowledgement failed: " + r.body(), null);
        }
        // same revision as the version it acknowledges (see the class comment); refused if the job was quicker
        Alert seen = current.seenAcknowledged();
        es.put("/" + indices.alerts() + "/_doc/" + ElasticsearchClient.encode(current.id()) + "?version="
                + seen.revision() + "&version_type=external_gte&refresh=wait_for", Json.write(seen));
    }

    /** The ids among {@code candidates} (null: any, the newest first) that someone acknowledged. */
    private Set<String> acknowledgedIds(List<String> candidates) {
        if (candidates != null && candidates.isEmpty()) {
            return Set.of();
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", candidates == null ? MAX_ACKNOWLEDGEMENTS : candidates.size());
        body.put("_source", false);
        if (candidates == null) {
            body.putArray("sort").addObject().putObject("acknowledgedAt").put("order", "desc")
                    .put("unmapped_type", "date");
        } else {
            ArrayNode values = body.putObject("query").putObject("ids").putArray("values");
            candidates.forEach(values::add);
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode hit : es.search(indices.alertAcks(), body).path("hits").path("hits")) {
            ids.add(hit.path("_id").asText());
        }
        return ids;
    }

    private static void ids(ObjectNode clause, Set<String> ids) {
        ArrayNode values = clause.putObject("ids").putArray("values");
        ids.forEach(values::add);
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
