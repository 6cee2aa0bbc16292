package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.aggregations.Percentiles;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.preview.Condition;
import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.preview.PreviewPlan;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.VelocityAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link RulePreviewReader} over Elasticsearch, each question answered by one or two searches: which orders a
 * candidate rule would have flagged ({@link PreviewPlan}), what the stored rule flagged, observed step durations
 * (suggested thresholds), and the attribute values seen (scope suggestions). No documents are fetched beyond a
 * sample page, so answers take milliseconds also over a million orders (docs/benchmarks.md).
 */
public final class ElasticsearchRulePreview implements RulePreviewReader {

    private final Elasticsearch es;
    private final Indices indices;
    private final Lifecycle lifecycle;

    public ElasticsearchRulePreview(Elasticsearch es, Indices indices, Lifecycle lifecycle) {
        this.es = es;
        this.indices = indices;
        this.lifecycle = lifecycle;
    }

    /**
     * The orders a STEP_SLA or STALL rule would have flagged with a deadline in [from, to).
     *
     * @param sampleSize how many of them to return, newest first (0 to {@value #MAX_SAMPLE})
     */
    @Override
    public Flagged flagged(Rule rule, Instant from, Instant to, int sampleSize) {
        Condition c = PreviewPlan.flagged(rule, lifecycle, from, to);
        SearchResponse<JsonNode> r = es.search(indices.orders(), s -> s.size(Math.max(0, Math.min(sampleSize,
                MAX_SAMPLE))).trackTotalHits(t -> t.enabled(true)).query(Queries.of(c))
                .source(src -> src.filter(f -> f.includes("orderId", "status", "attributes", "steps", "lastEventAt")))
                .sort(Queries.sort(PreviewPlan.startField(rule), false, FieldType.Date)), JsonNode.class);
        List<FlaggedOrder> sample = new ArrayList<>();
        for (Hit<JsonNode> h : r.hits().hits()) {
            JsonNode s = h.source();
            String last = s.path("lastEventAt").asText(null);
            sample.add(new FlaggedOrder(s.path("orderId").asText(), s.path("status").asText(null),
                    strings(s.path("attributes")), strings(s.path("steps")),
                    last == null ? null : Instant.parse(last)));
        }
        return new Flagged(Queries.total(r.hits()), sample);
    }

    @Override
    public long judged(Rule rule, Instant from, Instant to) {
        Condition c = PreviewPlan.judged(rule, lifecycle, from, to);
        return Queries.total(es.search(indices.orders(), s -> s.size(0).trackTotalHits(t -> t.enabled(true))
                .query(Queries.of(c)), JsonNode.class).hits());
    }

    /**
     * Two searches: the percentiles and the longest value per observed field, then each field's histogram over the
     * bins {@link DurationHistogram} chooses from them and the threshold. With one field (STEP_SLA, a STALL rule
     * watching one step) the percentiles are the store's; with several they are estimated from the added bins.
     */
    @Override
    public DurationHistogram durations(Rule rule, Instant since, Instant until) {
        List<PreviewPlan.Observed> observed = PreviewPlan.observed(rule, lifecycle, since, until);
        List<String> percents = DurationHistogram.PERCENTILES.stream().map(DurationHistogram::key).toList();
        Map<String, Aggregation> first = new LinkedHashMap<>();
        for (int i = 0; i < observed.size(); i++) {
            PreviewPlan.Observed o = observed.get(i);
            first.put("f" + i, Aggregation.of(a -> a.filter(Queries.of(o.orders()))
                    .aggregations("p", p -> p.percentiles(q -> q.field(o.field())
                            .percents(DurationHistogram.PERCENTILES)))
                    .aggregations("max", m -> m.max(x -> x.field(o.field())))));
        }
        Map<String, Aggregate> r1 = es.search(indices.orders(), s -> s.size(0).aggregations(first), JsonNode.class)
                .aggregations();
        long max = 0;
        Long p99 = null;
        Map<String, Long> storePercentiles = Map.of();
        for (int i = 0; i < observed.size(); i++) {
            Aggregate f = r1.get("f" + i);
            if (f == null || f.filter().docCount() == 0) {
                continue;
            }
            double m = f.filter().aggregations().get("max").max().value();
            if (Double.isFinite(m)) {
                max = Math.max(max, Math.round(m));
            }
            Map<String, Long> ps = percentiles(f.filter().aggregations().get("p").tdigestPercentiles().values(),
                    DurationHistogram.PERCENTILES);
            Long p = ps.get(percents.get(percents.size() - 1));
            if (p != null) {
                p99 = p99 == null ? p : Math.max(p99, p);
            }
            storePercentiles = ps;
        }
        long upper = DurationHistogram.upperBound(p99, max, rule.maxDuration().toMillis());
        long interval = DurationHistogram.interval(upper);
        int bins = DurationHistogram.bins(upper, interval);
        long end = bins * interval;
        Map<String, Aggregation> second = new LinkedHashMap<>();
        for (int i = 0; i < observed.size(); i++) {
            PreviewPlan.Observed o = observed.get(i);
            second.put("f" + i, Aggregation.of(a -> a.filter(Queries.of(o.orders()))
                    .aggregations("h", h -> h.histogram(x -> x.field(o.field()).interval((double) interval)
                            .minDocCount(0).extendedBounds(b -> b.min(0.0).max((double) end - 1))
                            .hardBounds(b -> b.min(0.0).max((double) end - 1))))));
        }
        Map<String, Aggregate> r2 = es.search(indices.orders(), s -> s.size(0).aggregations(second), JsonNode.class)
                .aggregations();
        List<List<Long>> binned = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < observed.size(); i++) {
            Aggregate f = r2.get("f" + i);
            if (f == null) {
                continue;
            }
            total += f.filter().docCount();
            Long[] counts = new Long[bins];
            java.util.Arrays.fill(counts, 0L);
            f.filter().aggregations().get("h").histogram().buckets().array().forEach(b -> {
                int bin = (int) Math.round(b.key() / interval);
                if (bin >= 0 && bin < bins) {
                    counts[bin] += b.docCount();
                }
            });
            binned.add(List.of(counts));
        }
        List<Long> counts = DurationHistogram.add(binned);
        while (counts.size() < bins) {
            counts = new ArrayList<>(counts);
            counts.add(0L);
        }
        long overflow = Math.max(0, total - counts.stream().mapToLong(Long::longValue).sum());
        Map<String, Long> shown = observed.size() == 1 ? storePercentiles
                : DurationHistogram.estimate(counts, overflow, interval);
        return new DurationHistogram(interval, counts, overflow, total == 0 ? Map.of() : shown);
    }

    /** Alerts the stored rule raised with a deadline (VELOCITY: a start) in [from, to), counted per version. */
    @Override
    public Raised raised(String ruleId, RuleKind kind, Instant from, Instant to) {
        String field = kind == RuleKind.VELOCITY ? "startedAt" : "deadline";
        SearchResponse<JsonNode> r = es.search(indices.alerts(), s -> s.size(0).trackTotalHits(t -> t.enabled(true))
                .query(Queries.of(new Condition.All(List.of(new Condition.Terms("ruleId", List.of(ruleId)),
                        new Condition.DateRange(field, from, to)))))
                .aggregations("versions", a -> a.terms(t -> t.field("ruleVersion").size(1000))), JsonNode.class);
        Map<Long, Long> byVersion = new TreeMap<>();
        Queries.termCounts(r.aggregations(), "versions").forEach((k, v) -> byVersion.put(Long.parseLong(k), v));
        return new Raised(Queries.total(r.hits()), byVersion);
    }

    /** For the rules page: per rule id, alerts detected in [since, until) and alerts not resolved. */
    @Override
    public Map<String, AlertCounts> alertCounts(Instant since, Instant until) {
        SearchResponse<JsonNode> r = es.search(indices.alerts(), s -> s.size(0).aggregations("rules", a -> a
                .terms(t -> t.field("ruleId").size(10_000))
                .aggregations("detected", d -> d.filter(Queries.dateRange("detectedAt", since, until)))
                .aggregations("open", o -> o.filter(Queries.terms("status", List.of("OPEN", "ACKNOWLEDGED"))))),
                JsonNode.class);
        Map<String, AlertCounts> result = new TreeMap<>();
        Aggregate rules = r.aggregations().get("rules");
        if (rules != null) {
            rules.sterms().buckets().array().forEach(b -> {
                String id = b.key().stringValue();
                result.put(id, new AlertCounts(id, b.aggregations().get("detected").filter().docCount(),
                        b.aggregations().get("open").filter().docCount()));
            });
        }
        return result;
    }

    /**
     * How long orders in scope that reached {@code from} in [since, until) took to reach {@code to} (or a later
     * step; cancelled orders are left out): the basis for a threshold picked from data.
     */
    @Override
    public Observed stepDurations(String from, String to, Map<String, List<String>> scope, Instant since,
            Instant until) {
        Condition completed = PreviewPlan.completedWaits(from, to, scope, lifecycle, since, until);
        String waited = PreviewPlan.waitField(from, to);
        SearchResponse<JsonNode> r = es.search(indices.orders(), s -> s.size(0)
                .query(Queries.of(completed))
                .aggregations("durations", a -> a.percentiles(p -> p.field(waited).percents(PERCENTILES)))
                .aggregations("orders", a -> a.valueCount(v -> v.field(waited))), JsonNode.class);
        Aggregate orders = r.aggregations().get("orders");
        long n = orders == null || !Double.isFinite(orders.valueCount().value()) ? 0
                : Math.round(orders.valueCount().value());
        return new Observed(n, n == 0 ? Map.of() : percentiles(r.aggregations().get("durations").tdigestPercentiles()
                .values()));
    }

    /**
     * Events of one type per window: counts of {@code eventType} events of orders in scope, in consecutive windows
     * over [since, until), and their percentiles (including windows without any event, which count as 0).
     */
    @Override
    public Observed windowCounts(String eventType, Duration window, Map<String, List<String>> scope, Instant since,
            Instant until) {
        List<Long> counts = new ArrayList<>(counts(eventType, window, scope, since, until).values());
        if (counts.isEmpty()) {
            return new Observed(0, Map.of());
        }
        List<Long> sorted = counts.stream().sorted().toList();
        Map<String, Long> result = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            // nearest rank
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            result.put(key(p), sorted.get(Math.max(0, rank - 1)));
        }
        return new Observed(counts.size(), result);
    }

    @Override
    public Observed windowValues(String eventType, Duration window, VelocityAggregate aggregate,
            Map<String, List<String>> scope, Instant since, Instant until) {
        if (!aggregate.readsAttribute()) {
            return windowCounts(eventType, window, scope, since, until);
        }
        String field = "eventTimes." + eventType;
        String numeric = io.bpmon.core.order.OrderDocument.NUMERIC_ATTRIBUTES + "." + aggregate.attribute();
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(scope));
        all.add(new Condition.DateRange(field, since, until));
        if (aggregate.function() != VelocityAggregate.Function.ratio) {
            all.add(new Condition.Exists(numeric));
        }
        long millis = window.toMillis();
        SearchResponse<JsonNode> r = es.search(indices.orders(), s -> s.size(0)
                .query(Queries.of(new Condition.All(all)))
                .aggregations("windows", a -> {
                    var histogram = a.dateHistogram(h -> h.field(field)
                            .fixedInterval(t -> t.time(millis + "ms")).minDocCount(0)
                            .offset(t -> t.time(Math.floorMod(since.toEpochMilli(), millis) + "ms"))
                            .hardBounds(b -> b.min(FieldDateMath.of(m -> m.value(since.toEpochMilli())))
                                    .max(FieldDateMath.of(m -> m.value(until.toEpochMilli() - 1))))
                            .extendedBounds(b -> b.min(FieldDateMath.of(m -> m.value(since.toEpochMilli())))
                                    .max(FieldDateMath.of(m -> m.value(until.toEpochMilli() - 1)))));
                    return aggregate.function() == VelocityAggregate.Function.ratio
                            ? histogram.aggregations("v", v -> v.filter(Queries.of(new Condition.DecimalRange(numeric,
                                    aggregate.above(), aggregate.below()))))
                            : histogram.aggregations("v", v -> v.sum(m -> m.field(numeric)));
                }), JsonNode.class);
        List<Long> values = new ArrayList<>();
        Aggregate windows = r.aggregations().get("windows");
        if (windows != null) {
            for (var b : windows.dateHistogram().buckets().array()) {
                Aggregate v = b.aggregations().get("v");
                double sum = v == null ? 0 : v.isFilter() ? v.filter().docCount() : v.sum().value();
                Double value = aggregate.value(b.docCount(), sum);
                if (value != null) {
                    values.add(Math.round(value));
                }
            }
        }
        if (values.isEmpty()) {
            return new Observed(0, Map.of());
        }
        List<Long> sorted = values.stream().sorted().toList();
        Map<String, Long> result = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            result.put(key(p), sorted.get(Math.max(0, rank - 1)));
        }
        return new Observed(values.size(), result);
    }

    /**
     * The number of {@code eventType} events of orders in scope per bucket of {@code bucket} length in
     * [since, until), keyed by the bucket's start; buckets without events are present with 0.
     */
    public Map<Instant, Long> counts(String eventType, Duration bucket, Map<String, List<String>> scope,
            Instant since, Instant until) {
        String field = "eventTimes." + eventType;
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(scope));
        all.add(new Condition.DateRange(field, since, until));
        long millis = bucket.toMillis();
        SearchResponse<JsonNode> r = es.search(indices.orders(), s -> s.size(0)
                .query(Queries.of(new Condition.All(all)))
                .aggregations("counts", a -> a.dateHistogram(h -> h.field(field)
                        .fixedInterval(t -> t.time(millis + "ms")).minDocCount(0)
                        .offset(t -> t.time(Math.floorMod(since.toEpochMilli(), millis) + "ms"))
                        .hardBounds(b -> b.min(FieldDateMath.of(m -> m.value(since.toEpochMilli())))
                                .max(FieldDateMath.of(m -> m.value(until.toEpochMilli() - 1))))
                        .extendedBounds(b -> b.min(FieldDateMath.of(m -> m.value(since.toEpochMilli())))
                                .max(FieldDateMath.of(m -> m.value(until.toEpochMilli() - 1)))))),
                JsonNode.class);
        return new TreeMap<>(Queries.histogram(r.aggregations(), "counts"));
    }

    @Override
    public VelocityResult velocity(Rule rule, Instant since, Instant until) {
        long bucket = VelocityPreview.bucketMillis(rule.window(), Duration.between(since, until));
        Instant countFrom = since.minus(rule.window());
        Map<Map<String, String>, java.util.NavigableMap<Instant, Double>> sums = new LinkedHashMap<>();
        Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> segments = segmentCounts(rule, countFrom,
                until, bucket, sums);
        List<VelocityPreview.Episode> episodes = new ArrayList<>();
        List<VelocityPreview.SegmentSeries> series = new ArrayList<>();
        segments.forEach((segment, counts) -> {
            VelocityPreview.SegmentSeries s = VelocityPreview.judge(rule, segment, counts,
                    sums.getOrDefault(segment, new TreeMap<>()), bucket, since, until);
            series.add(s);
            episodes.addAll(s.episodes());
        });
        episodes.sort(java.util.Comparator.comparing(VelocityPreview.Episode::startedAt));
        return new VelocityResult(episodes, series, bucket);
    }

    /**
     * Events of the rule's type per segment (its {@code groupBy} values) and bucket in [since, until), by a composite
     * aggregation paged through its {@code after_key}. An order with two such events in one bucket counts once.
     */
    Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> segmentCounts(Rule rule, Instant since,
            Instant until, long bucketMillis) {
        return segmentCounts(rule, since, until, bucketMillis, new LinkedHashMap<>());
    }

    /**
     * {@link #segmentCounts(Rule, Instant, Instant, long)} for a rule with an aggregate (docs/velocity-rules.md): the
     * segments include {@code currency} for sums and averages of amounts, and {@code sums} gets each bucket's sum of
     * the numeric attribute (indexed as a number under {@code attributesNumeric}; orders without it are left out) or,
     * for a ratio, the number of orders matching its condition.
     */
    Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> segmentCounts(Rule rule, Instant since,
            Instant until, long bucketMillis, Map<Map<String, String>, java.util.NavigableMap<Instant, Double>> sums) {
        String field = "eventTimes." + rule.eventType();
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(rule));
        all.add(new Condition.DateRange(field, since, until));
        VelocityAggregate measure = rule.measure();
        String numeric = measure.readsAttribute()
                ? io.bpmon.core.order.OrderDocument.NUMERIC_ATTRIBUTES + "." + measure.attribute() : null;
        if (measure.function() == VelocityAggregate.Function.sum || measure.function() == VelocityAggregate.Function.avg) {
            all.add(new Condition.Exists(numeric));
        }
        Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> result = new LinkedHashMap<>();
        List<Map<String, CompositeAggregationSource>> sources = new ArrayList<>();
        for (String attribute : rule.segmentBy()) {
            sources.add(Map.of("g_" + attribute, CompositeAggregationSource.of(c -> c.terms(t -> t
                    .field("attributes." + attribute)))));
        }
        sources.add(Map.of("t", CompositeAggregationSource.of(c -> c.dateHistogram(h -> h.field(field)
                .fixedInterval(t -> t.time(bucketMillis + "ms"))))));
        Instant firstBucket = Instant.ofEpochMilli(Math.floorDiv(since.toEpochMilli(), bucketMillis) * bucketMillis);
        Map<String, FieldValue> after = null;
        do {
            Map<String, FieldValue> from = after;
            Aggregation segments = Aggregation.of(a -> {
                var composite = a.composite(c -> {
                    c.size(10_000).sources(sources);
                    return from == null ? c : c.after(from);
                });
                if (measure.function() == VelocityAggregate.Function.ratio) {
                    return composite.aggregations("v", v -> v.filter(Queries.of(new Condition.DecimalRange(numeric,
                            measure.above(), measure.below()))));
                }
                return numeric == null ? composite : composite.aggregations("v", v -> v.sum(m -> m.field(numeric)));
            });
            Aggregate agg = es.search(indices.orders(), s -> s.size(0).query(Queries.of(new Condition.All(all)))
                    .aggregations("segments", segments), JsonNode.class).aggregations().get("segments");
            CompositeAggregate composite = agg == null ? null : agg.composite();
            List<CompositeBucket> buckets = composite == null ? List.of() : composite.buckets().array();
            for (CompositeBucket b : buckets) {
                Instant t = Instant.ofEpochMilli(b.key().get("t").longValue());
                if (t.isBefore(firstBucket) || !t.isBefore(until)) {
                    continue; // another event of the same order, outside the range
                }
                Map<String, String> segment = new LinkedHashMap<>();
                for (String attribute : rule.segmentBy()) {
                    segment.put(attribute, text(b.key().get("g_" + attribute)));
                }
                result.computeIfAbsent(segment, k -> new TreeMap<>()).merge(t, b.docCount(), Long::sum);
                Aggregate v = b.aggregations().get("v");
                if (v != null) {
                    double sum = v.isFilter() ? v.filter().docCount() : v.sum().value();
                    sums.computeIfAbsent(segment, k -> new TreeMap<>()).merge(t, sum, Double::sum);
                }
            }
            after = buckets.isEmpty() || composite.afterKey() == null || composite.afterKey().isEmpty() ? null
                    : composite.afterKey();
        } while (after != null);
        return result;
    }

    /** A composite key's value as the text a segment shows. */
    private static String text(FieldValue v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isString() ? v.stringValue() : v._get().toString();
    }

    /** Attribute names listed at most, the most frequent first. */
    static final int MAX_ATTRIBUTE_NAMES = 100;

    /**
     * The attribute names on stored orders and each one's {@code top} most frequent values. Names come from the
     * orders' {@code attributeNames} (attributes are one flattened field, so the mapping does not list them), and from
     * the object mapping of indices created before that.
     */
    @Override
    public List<AttributeValues> attributes(int top) {
        GetMappingResponse mapping;
        try {
            mapping = es.call("/" + indices.orders() + "/_mapping", c -> c.indices().getMapping(m -> m
                    .index(indices.orders())));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        mapping.result().values().forEach(index -> {
            Property attributes = index.mappings().properties().get("attributes");
            if (attributes != null && attributes.isObject()) {
                names.addAll(attributes.object().properties().keySet());
            }
        });
        names.addAll(Queries.termCounts(es.search(indices.orders(), s -> s.size(0).aggregations("names", a -> a
                .terms(t -> t.field("attributeNames").size(MAX_ATTRIBUTE_NAMES))), JsonNode.class).aggregations(),
                "names").keySet());
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> ordered = new ArrayList<>(names);
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            String field = "attributes." + ordered.get(i);
            aggs.put("a" + i, Aggregation.of(a -> a.terms(t -> t.field(field).size(top))));
        }
        Map<String, Aggregate> r = es.search(indices.orders(), s -> s.size(0).aggregations(aggs), JsonNode.class)
                .aggregations();
        List<AttributeValues> result = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            result.add(new AttributeValues(ordered.get(i), new ArrayList<>(Queries.termCounts(r, "a" + i).keySet())));
        }
        return result;
    }

    private static Map<String, Long> percentiles(Percentiles values) {
        return percentiles(values, PERCENTILES);
    }

    private static Map<String, Long> percentiles(Percentiles values, List<Double> wanted) {
        Map<String, Double> byPercent = new LinkedHashMap<>();
        if (values.isKeyed()) {
            values.keyed().forEach((k, v) -> byPercent.put(k, v == null || v.isEmpty() ? null : Double.valueOf(v)));
        } else {
            values.array().forEach(item -> byPercent.put(String.valueOf(item.key()), item.value()));
        }
        Map<String, Long> result = new LinkedHashMap<>();
        for (double p : wanted) {
            Double v = byPercent.get(String.valueOf(p));
            result.put(key(p), v == null || v.isNaN() ? null : Math.round(v));
        }
        return result;
    }

    private static String key(double p) {
        return "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
