package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchAlertStore(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    /**
     * Newest first, then by id. Read live (no point in time): {@code detectedAt} is set when an alert is created and
     * kept through all its changes, and the id never changes, so every alert keeps its place and a walk hands each
     * out once (docs/api.md, "Paging").
     */
    private static final List<SearchAfter.Key> KEYS = List.of(new SearchAfter.Key("detectedAt", false,
            FieldType.Date), new SearchAfter.Key("id", true, FieldType.Keyword));

    /** Acknowledgements looked at per query: far more than ever stay open at once. */
    static final int MAX_ACKNOWLEDGEMENTS = 10_000;

    @Override
    public Optional<Alert> find(String alertId) {
        List<Alert> hits = Queries.sources(es.search(indices.alerts(), s -> s.query(Queries.ids(List.of(alertId))),
                JsonNode.class).hits(), Alert.class);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Alert alert = hits.get(0);
        return Optional.of(acknowledgedIds(List.of(alertId)).contains(alertId) ? alert.seenAcknowledged() : alert);
    }

    @Override
    public Page<Alert> search(AlertQuery query) {
        List<Query> filters = new ArrayList<>();
        List<Query> mustNot = new ArrayList<>();
        query.ruleId().ifPresent(r -> filters.add(Queries.term("ruleId", r)));
        query.orderId().ifPresent(o -> filters.add(Queries.term("orderId", o)));
        query.severity().ifPresent(s -> filters.add(Queries.term("severity", s.name())));
        query.incidentId().ifPresent(i -> filters.add(Queries.term("incidentId", i)));
        query.attribute().ifPresent(a -> filters.add(Queries.term("attributes." + a.name(), a.value())));
        Set<String> acknowledged = query.status().isPresent() ? acknowledgedIds(null) : Set.of();
        query.status().ifPresent(s -> {
            switch (s) {
                case OPEN -> {
                    filters.add(Queries.term("status", "OPEN"));
                    mustNot.add(Queries.ids(List.copyOf(acknowledged)));
                }
                case ACKNOWLEDGED -> filters.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                        .should(Queries.term("status", "ACKNOWLEDGED"))
                        .should(Queries.all(List.of(Queries.term("status", "OPEN"),
                                Queries.ids(List.copyOf(acknowledged))))))));
                case RESOLVED -> filters.add(Queries.term("status", "RESOLVED"));
            }
        });
        SearchAfter.LivePage page = SearchAfter.live(es, indices.alerts(),
                Query.of(q -> q.bool(b -> b.filter(filters).mustNot(mustNot))), KEYS, query.walk(), query.limit());
        List<Alert> found = readable(page.hits());
        Set<String> seen = query.status().isPresent() ? acknowledged
                : acknowledgedIds(found.stream().filter(a -> !a.isOver()).map(Alert::id).toList());
        List<Alert> items = found.stream().map(a -> seen.contains(a.id()) ? a.seenAcknowledged() : a).toList();
        return new Page<>(items, page.total(), page.next());
    }

    @Override
    public void acknowledge(Alert current, Instant at, String by) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("alertId", current.id());
        ack.put("acknowledgedAt", at.toString());
        ack.put("acknowledgedBy", by);
        es.call("/" + indices.alertAcks() + "/_doc", c -> c.index(i -> i.index(indices.alertAcks()).id(current.id())
                .document(ack).refresh(Refresh.WaitFor)));
        // same revision as the version it acknowledges (see the class comment); refused if the job was quicker
        Alert seen = current.seenAcknowledged();
        try {
            es.call("/" + indices.alerts() + "/_doc", c -> c.index(i -> i.index(indices.alerts()).id(current.id())
                    .version(seen.revision()).versionType(VersionType.ExternalGte).document(seen)
                    .refresh(Refresh.WaitFor)));
        } catch (ElasticsearchException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    private Set<String> acknowledgedIds(List<String> candidates) {
        return acknowledgedIds(es, indices.alertAcks(), candidates);
    }

    /**
     * The ids among {@code candidates} (null: any, the newest first) that someone acknowledged, read from the
     * acknowledgement index {@code index} (alerts' or incidents').
     */
    static Set<String> acknowledgedIds(Elasticsearch es, String index, List<String> candidates) {
        if (candidates != null && candidates.isEmpty()) {
            return Set.of();
        }
        SearchResponse<JsonNode> r = es.search(index, s -> {
            s.size(candidates == null ? MAX_ACKNOWLEDGEMENTS : candidates.size()).source(src -> src.fetch(false));
            return candidates == null ? s.sort(Queries.sort("acknowledgedAt", false, FieldType.Date))
                    : s.query(Queries.ids(candidates));
        }, JsonNode.class);
        Set<String> ids = new HashSet<>();
        for (Hit<JsonNode> hit : r.hits().hits()) {
            ids.add(hit.id());
        }
        return ids;
    }

    /**
     * The alerts of the hits; a document this version cannot read is left out of the list (and still counted in the
     * total) rather than failing every list it would appear in.
     */
    private static List<Alert> readable(List<Hit<JsonNode>> hits) {
        List<Alert> alerts = new ArrayList<>();
        for (Hit<JsonNode> hit : hits) {
            try {
                alerts.add(Queries.read(hit.source(), Alert.class, hit.id()));
            } catch (RuntimeException e) {
                // left out, see above
            }
        }
        return alerts;
    }
}
