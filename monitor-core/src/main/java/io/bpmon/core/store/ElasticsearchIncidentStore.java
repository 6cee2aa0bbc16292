package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link IncidentStore} over the incidents index, which the job owns (doc id = incident id, external version = its
 * revision). As with alerts ({@link ElasticsearchAlertStore}), an acknowledgement is kept apart, in the incident
 * acknowledgements index (doc id = incident id), and laid over every incident read here; the alerts' own
 * acknowledgements go where {@link ElasticsearchAlertStore} keeps and reads them.
 */
public final class ElasticsearchIncidentStore implements IncidentStore {

    /** Newest first; {@code openedAt} never changes, so paging the live index is stable (see SearchAfter). */
    private static final List<SearchAfter.Key> KEYS = List.of(new SearchAfter.Key("openedAt", false, FieldType.Date),
            new SearchAfter.Key("id", true, FieldType.Keyword));

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchIncidentStore(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<Incident> find(String incidentId) {
        List<Incident> hits = Queries.sources(es.search(indices.incidents(), s -> s.query(Queries.ids(
                List.of(incidentId))), JsonNode.class).hits(), Incident.class);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Incident incident = hits.get(0);
        return Optional.of(acknowledged(indices.incidentAcks(), List.of(incidentId)).contains(incidentId)
                ? incident.seenAcknowledged() : incident);
    }

    @Override
    public Page<Incident> search(IncidentQuery query) {
        List<Query> filters = new ArrayList<>();
        List<Query> mustNot = new ArrayList<>();
        query.ruleId().ifPresent(r -> filters.add(Queries.term("ruleId", r)));
        query.severity().ifPresent(v -> filters.add(Queries.term("severity", v.name())));
        Set<String> acks = query.status().isPresent() ? acknowledged(indices.incidentAcks(), null) : Set.of();
        query.status().ifPresent(s -> {
            switch (s) {
                case OPEN -> {
                    filters.add(Queries.term("status", "OPEN"));
                    mustNot.add(Queries.ids(List.copyOf(acks)));
                }
                case ACKNOWLEDGED -> {
                    filters.add(Queries.term("status", "OPEN"));
                    filters.add(Queries.ids(List.copyOf(acks)));
                }
                case RESOLVED -> filters.add(Queries.term("status", "RESOLVED"));
            }
        });
        SearchAfter.LivePage page = SearchAfter.live(es, indices.incidents(),
                Query.of(q -> q.bool(b -> b.filter(filters).mustNot(mustNot))), KEYS, query.walk(), query.limit());
        List<Incident> found = readable(page.hits(), Incident.class);
        Set<String> seen = query.status().isPresent() ? acks : acknowledged(indices.incidentAcks(),
                found.stream().filter(i -> !i.isOver()).map(Incident::id).toList());
        return new Page<>(found.stream().map(i -> seen.contains(i.id()) ? i.seenAcknowledged() : i).toList(),
                page.total(), page.next());
    }

    @Override
    public List<Alert> alerts(String incidentId, int limit) {
        SearchResponse<JsonNode> result = es.search(indices.alerts(), r -> r.size(limit)
                .query(Queries.term("incidentId", incidentId))
                .sort(Queries.sort("detectedAt", false, FieldType.Date), Queries.sort("id", true, FieldType.Keyword)),
                JsonNode.class);
        List<Alert> found = readable(result.hits().hits(), Alert.class);
        Set<String> acks = acknowledged(indices.alertAcks(), found.stream().filter(a -> !a.isOver())
                .map(Alert::id).toList());
        return found.stream().map(a -> acks.contains(a.id()) ? a.seenAcknowledged() : a).toList();
    }

    @Override
    public IncidentProfile profile(Incident incident, Instant now, List<String> segmentAttributes, int topValues) {
        Instant end = incident.resolvedAt() != null ? incident.resolvedAt() : now;
        Duration bucket = IncidentProfile.bucketFor(incident.openedAt(), end);
        long size = bucket.toMillis();
        // fixed intervals start at the epoch: the first bucket is the one the incident opened in
        Instant from = Instant.ofEpochMilli(Math.floorDiv(incident.openedAt().toEpochMilli(), size) * size);
        int buckets = (int) Math.min(IncidentProfile.MAX_BUCKETS + 1,
                Math.max(1, (end.toEpochMilli() - from.toEpochMilli()) / size + 1));
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("curve", Aggregation.of(a -> a.dateHistogram(d -> d.field("detectedAt")
                .fixedInterval(t -> t.time(interval(bucket))).minDocCount(1))));
        for (String attribute : segmentAttributes) {
            aggs.put("seg_" + attribute, Aggregation.of(a -> a.terms(t -> t.field("attributes." + attribute)
                    .size(topValues))));
        }
        Map<String, Aggregate> r = es.search(indices.alerts(), s -> s.size(0)
                .query(Queries.term("incidentId", incident.id())).aggregations(aggs), JsonNode.class).aggregations();
        long[] counts = new long[buckets];
        Queries.histogram(r, "curve").forEach((start, n) -> {
            long i = (start.toEpochMilli() - from.toEpochMilli()) / size;
            if (i >= 0 && i < buckets) {
                counts[(int) i] += n;
            }
        });
        Map<String, List<IncidentProfile.ValueCount>> segments = new LinkedHashMap<>();
        for (String attribute : segmentAttributes) {
            List<IncidentProfile.ValueCount> top = new ArrayList<>();
            Queries.termCounts(r, "seg_" + attribute).forEach((v, n) -> top.add(new IncidentProfile.ValueCount(v, n)));
            if (!top.isEmpty()) {
                segments.put(attribute, top);
            }
        }
        return new IncidentProfile(from, bucket, Arrays.stream(counts).boxed().toList(), segments);
    }

    @Override
    public Map<String, List<Long>> perMinute(List<String> incidentIds, Instant now, int minutes) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        if (incidentIds.isEmpty() || minutes <= 0) {
            return out;
        }
        Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1L));
        Query query = Queries.all(List.of(Queries.terms("incidentId", incidentIds),
                Queries.dateRange("detectedAt", from, null)));
        Map<String, Aggregate> r = es.search(indices.alerts(), s -> s.size(0).query(query)
                .aggregations("by_incident", a -> a.terms(t -> t.field("incidentId").size(incidentIds.size()))
                        .aggregations("per_minute", h -> h.dateHistogram(d -> d.field("detectedAt")
                                .fixedInterval(t -> t.time("1m")).minDocCount(1)))), JsonNode.class).aggregations();
        Aggregate byIncident = r.get("by_incident");
        Map<String, long[]> counts = new LinkedHashMap<>();
        incidentIds.forEach(id -> counts.put(id, new long[minutes]));
        if (byIncident != null && byIncident.isSterms()) {
            for (StringTermsBucket b : byIncident.sterms().buckets().array()) {
                long[] c = counts.get(b.key().stringValue());
                if (c == null) {
                    continue;
                }
                Queries.histogram(b.aggregations(), "per_minute").forEach((start, n) -> {
                    long i = Duration.between(from, start).toMinutes();
                    if (i >= 0 && i < minutes) {
                        c[(int) i] += n;
                    }
                });
            }
        }
        counts.forEach((id, c) -> out.put(id, Arrays.stream(c).boxed().toList()));
        return out;
    }

    /** A bucket length as Elasticsearch's fixed interval: {@code 5m}, {@code 1h}, {@code 1d}. */
    static String interval(Duration bucket) {
        if (bucket.toDays() >= 1 && bucket.toHours() % 24 == 0) {
            return bucket.toDays() + "d";
        }
        if (bucket.toHours() >= 1 && bucket.toMinutes() % 60 == 0) {
            return bucket.toHours() + "h";
        }
        return bucket.toMinutes() + "m";
    }

    @Override
    public void acknowledge(Incident incident, List<Alert> openAlerts, Instant at, String by) {
        List<BulkOperation> operations = new ArrayList<>();
        for (Alert alert : openAlerts) {
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(indices.alertAcks()).id(alert.id())
                    .document(ack("alertId", alert.id(), at, by)))));
            // same revision as the version it acknowledges: refused (409, ignored) if the job was quicker
            Alert seen = alert.seenAcknowledged();
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(indices.alerts()).id(alert.id())
                    .version(seen.revision()).versionType(VersionType.ExternalGte).document(seen))));
        }
        operations.add(BulkOperation.of(o -> o.index(i -> i.index(indices.incidentAcks()).id(incident.id())
                .document(ack("incidentId", incident.id(), at, by)))));
        es.call("/_bulk", c -> c.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor)));
    }

    private static Map<String, Object> ack(String idField, String id, Instant at, String by) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put(idField, id);
        ack.put("acknowledgedAt", at.toString());
        ack.put("acknowledgedBy", by);
        return ack;
    }

    private Set<String> acknowledged(String index, List<String> candidates) {
        return ElasticsearchAlertStore.acknowledgedIds(es, index, candidates);
    }

    /** The documents of the hits this version can read; others are left out (and still counted in the total). */
    private static <T> List<T> readable(List<Hit<JsonNode>> hits, Class<T> type) {
        List<T> items = new ArrayList<>();
        for (Hit<JsonNode> hit : hits) {
            try {
                items.add(Queries.read(hit.source(), type, hit.id()));
            } catch (RuntimeException e) {
                // left out, see above
            }
        }
        return items;
    }
}
