package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link DashboardReader} in one search over orders and one over alerts, aggregations only: the cost does not grow
 * with the number of orders beyond what the index structures answer. No scripts (the integ-test distribution has
 * none): durations are judged with range filters on step times.
 */
public final class ElasticsearchDashboardReader implements DashboardReader {

    private final Elasticsearch es;
    private final Indices indices;
    private final Lifecycle lifecycle;

    public ElasticsearchDashboardReader(Elasticsearch es, Indices indices, Lifecycle lifecycle) {
        this.es = es;
        this.indices = indices;
        this.lifecycle = lifecycle;
    }

    @Override
    public OrderFigures orders(OrderQuestions q) {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("in_flight", Aggregation.of(a -> a.filter(Queries.term("terminal", false))
                .aggregations("by_status", s -> s.terms(t -> t.field("status").size(50)))));
        for (Step step : lifecycle.steps()) {
            String field = "steps." + step.name();
            if (step.terminal()) {
                aggs.put("completed_" + step.name(), Aggregation.of(a -> a.filter(Queries.dateRange(field,
                        q.completedSince(), null))));
            }
            aggs.put("v_" + step.name(), perMinute(field, q.minutesFrom(), q.minutesTo()));
            aggs.put("y_" + step.name(), perMinute(field, q.minutesFrom().minus(q.comparedWith()),
                    q.minutesTo().minus(q.comparedWith())));
        }
        aggs.put("revenue", revenue(q.minutesFrom(), q.minutesTo()));
        aggs.put("revenue_before", revenue(q.minutesFrom().minus(q.comparedWith()),
                q.minutesTo().minus(q.comparedWith())));
        for (SlaWindow w : q.sla()) {
            List<Query> filters = new ArrayList<>();
            filters.add(Queries.dateRange("steps." + w.step(), w.reachedFrom(), w.reachedBefore()));
            w.scope().forEach((attribute, values) -> filters.add(Queries.terms("attributes." + attribute, values)));
            aggs.put("sla_" + safe(w.key()), Aggregation.of(a -> a.filter(Queries.all(filters))));
        }
        Map<String, Aggregate> r = es.search(indices.orders(), s -> s.size(0).trackTotalHits(t -> t.enabled(false))
                .aggregations(aggs), JsonNode.class).aggregations();

        Map<String, Long> inFlight = Queries.termCounts(Queries.within(r, "in_flight"), "by_status");
        Map<String, Long> completed = new LinkedHashMap<>();
        Map<String, NavigableMap<Instant, Long>> perMinute = new LinkedHashMap<>();
        Map<String, NavigableMap<Instant, Long>> before = new LinkedHashMap<>();
        for (Step step : lifecycle.steps()) {
            if (step.terminal()) {
                completed.put(step.name(), Queries.filterCount(r, "completed_" + step.name()));
            }
            perMinute.put(step.name(), new TreeMap<>(Queries.histogram(Queries.within(r, "v_" + step.name()),
                    "per_minute")));
            before.put(step.name(), new TreeMap<>(Queries.histogram(Queries.within(r, "y_" + step.name()),
                    "per_minute")));
        }
        Map<String, Long> judged = new LinkedHashMap<>();
        for (SlaWindow w : q.sla()) {
            judged.put(w.key(), Queries.filterCount(r, "sla_" + safe(w.key())));
        }
        return new OrderFigures(inFlight, completed, perMinute, before, judged, revenue(r));
    }

    @Override
    public AlertFigures alerts(Instant since, List<String> segmentAttributes, int maxRules) {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("open", Aggregation.of(a -> a.filter(Queries.term("status", "OPEN"))
                .aggregations("by_severity", s -> s.terms(t -> t.field("severity").size(10)))));
        aggs.put("acknowledged", Aggregation.of(a -> a.filter(Queries.term("status", "ACKNOWLEDGED"))));
        aggs.put("breaches", Aggregation.of(a -> a.filter(Queries.all(List.of(Queries.term("kind", "SLA_BREACH"),
                Queries.dateRange("startedAt", since, null))))
                .aggregations("by_rule", s -> s.terms(t -> t.field("ruleId").size(maxRules)))));
        Map<String, Aggregation> segments = new LinkedHashMap<>();
        for (String attribute : segmentAttributes) {
            segments.put("seg_" + attribute, Aggregation.of(a -> a.terms(t -> t.field("attributes." + attribute)
                    .size(TOP_SEGMENTS))));
        }
        aggs.put("recent", Aggregation.of(a -> a.filter(Queries.dateRange("detectedAt", since, null))
                .aggregations(segments)));
        Map<String, Aggregate> r = es.search(indices.alerts(), s -> s.size(0).trackTotalHits(t -> t.enabled(false))
                .aggregations(aggs), JsonNode.class).aggregations();
        Map<String, Map<String, Long>> top = new LinkedHashMap<>();
        for (String attribute : segmentAttributes) {
            top.put(attribute, Queries.termCounts(Queries.within(r, "recent"), "seg_" + attribute));
        }
        return new AlertFigures(Queries.termCounts(Queries.within(r, "open"), "by_severity"),
                Queries.filterCount(r, "acknowledged"), Queries.termCounts(Queries.within(r, "breaches"), "by_rule"),
                top);
    }

    @Override
    public AlertActivity alertActivity() {
        SearchResponse<JsonNode> r = es.search(indices.alerts(), s -> s.size(0).trackTotalHits(t -> t.enabled(true))
                .aggregations("d", a -> a.max(m -> m.field("detectedAt")))
                .aggregations("r", a -> a.max(m -> m.field("resolvedAt")))
                .aggregations("o", a -> a.filter(Queries.term("status", "OPEN"))), JsonNode.class);
        return new AlertActivity(Queries.total(r.hits()), newest(r.aggregations().get("d")),
                newest(r.aggregations().get("r")), Queries.filterCount(r.aggregations(), "o"));
    }

    private static Optional<Instant> newest(Aggregate max) {
        if (max == null || !Double.isFinite(max.max().value())) {
            return Optional.empty(); // no alert has the field yet
        }
        return Optional.of(Instant.ofEpochMilli((long) max.max().value()));
    }

    /** The placing step: where an order's money is counted (the lifecycle's first step). */
    private String placingStep() {
        return lifecycle.steps().get(0).name();
    }

    /** Orders placed in [from, to) with a numeric amount, per currency: count and sum. */
    private Aggregation revenue(Instant from, Instant to) {
        String amount = io.bpmon.core.order.OrderDocument.NUMERIC_ATTRIBUTES + "." + AttributeKinds.AMOUNT;
        return Aggregation.of(a -> a.filter(Queries.all(List.of(Queries.dateRange("steps." + placingStep(), from, to),
                        Query.of(e -> e.exists(x -> x.field(amount))))))
                .aggregations("by_currency", t -> t.terms(c -> c.field("attributes." + AttributeKinds.CURRENCY)
                        .size(MAX_CURRENCIES))
                        .aggregations("sum", m -> m.sum(x -> x.field(amount)))));
    }

    private static List<Revenue> revenue(Map<String, Aggregate> r) {
        Map<String, double[]> now = sums(Queries.within(r, "revenue"));
        Map<String, double[]> before = sums(Queries.within(r, "revenue_before"));
        java.util.Set<String> currencies = new java.util.TreeSet<>(now.keySet());
        currencies.addAll(before.keySet());
        List<Revenue> out = new ArrayList<>();
        for (String c : currencies) {
            double[] n = now.getOrDefault(c, new double[2]);
            double[] b = before.getOrDefault(c, new double[2]);
            out.add(new Revenue(c, (long) n[0], n[1], (long) b[0], b[1]));
        }
        out.sort(java.util.Comparator.comparingDouble(Revenue::orders).reversed());
        return out;
    }

    /** currency → {orders, sum}. */
    private static Map<String, double[]> sums(Map<String, Aggregate> within) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Aggregate terms = within.get("by_currency");
        if (terms != null && terms.isSterms()) {
            for (var b : terms.sterms().buckets().array()) {
                Aggregate sum = b.aggregations().get("sum");
                out.put(b.key().stringValue(), new double[] {b.docCount(), sum == null ? 0 : sum.sum().value()});
            }
        }
        return out;
    }

    /** At most this many currencies on the dashboard. */
    static final int MAX_CURRENCIES = 20;

    private static Aggregation perMinute(String field, Instant from, Instant to) {
        return Aggregation.of(a -> a.filter(Queries.dateRange(field, from, to)).aggregations("per_minute",
                h -> h.dateHistogram(d -> d.field(field).fixedInterval(t -> t.time("1m")).minDocCount(1))));
    }

    /** Aggregation names may not hold '[', ']' or '>'; rule ids are free text. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_") + "_" + Integer.toHexString(id.hashCode());
    }
}
