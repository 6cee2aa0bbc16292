package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.preview.Condition;
import io.bpmon.core.preview.PreviewPlan;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
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

    private final ElasticsearchClient es;
    private final Indices indices;
    private final Lifecycle lifecycle;

    public ElasticsearchRulePreview(ElasticsearchClient es, Indices indices, Lifecycle lifecycle) {
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
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", Math.max(0, Math.min(sampleSize, MAX_SAMPLE)));
        body.put("track_total_hits", true);
        body.set("query", c.toQuery());
        body.putArray("_source").add("orderId").add("status").add("attributes").add("steps").add("lastEventAt");
        body.putArray("sort").addObject().putObject(PreviewPlan.startField(rule))
                .put("order", "desc").put("unmapped_type", "date");
        JsonNode hits = es.search(indices.orders(), body).path("hits");
        List<FlaggedOrder> sample = new ArrayList<>();
        for (JsonNode h : hits.path("hits")) {
            JsonNode s = h.path("_source");
            String last = s.path("lastEventAt").asText(null);
            sample.add(new FlaggedOrder(s.path("orderId").asText(), s.path("status").asText(null),
                    strings(s.path("attributes")), strings(s.path("steps")), last == null ? null : Instant.parse(last)));
        }
        return new Flagged(hits.path("total").path("value").asLong(), sample);
    }

    /** Alerts the stored rule raised with a deadline (VELOCITY: a start) in [from, to), counted per version. */
    @Override
    public Raised raised(String ruleId, RuleKind kind, Instant from, Instant to) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        String field = kind == RuleKind.VELOCITY ? "startedAt" : "deadline";
        body.set("query", new Condition.All(List.of(new Condition.Terms("ruleId", List.of(ruleId)),
                new Condition.DateRange(field, from, to))).toQuery());
        body.putObject("aggs").putObject("versions").putObject("terms").put("field", "ruleVersion").put("size", 1000);
        JsonNode r = es.search(indices.alerts(), body);
        Map<Long, Long> byVersion = new TreeMap<>();
        r.path("aggregations").path("versions").path("buckets")
                .forEach(b -> byVersion.put(b.path("key").asLong(), b.path("doc_count").asLong()));
        return new Raised(r.path("hits").path("total").path("value").asLong(), byVersion);
    }

    /** For the rules page: per rule id, alerts detected in [since, until) and alerts not resolved. */
    @Override
    public Map<String, AlertCounts> alertCounts(Instant since, Instant until) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        ObjectNode rules = body.putObject("aggs").putObject("rules");
        rules.putObject("terms").put("field", "ruleId").put("size", 10_000);
        ObjectNode sub = rules.putObject("aggs");
        sub.putObject("detected").set("filter", new Condition.DateRange("detectedAt", since, until).toQuery());
        sub.putObject("open").set("filter", new Condition.Terms("status", List.of("OPEN", "ACKNOWLEDGED")).toQuery());
        Map<String, AlertCounts> result = new TreeMap<>();
        es.search(indices.alerts(), body).path("aggregations").path("rules").path("buckets").forEach(b -> {
            String id = b.path("key").asText();
            result.put(id, new AlertCounts(id, b.path("detected").path("doc_count").asLong(),
                    b.path("open").path("doc_count").asLong()));
        });
        return result;
    }

    /**
     * How long orders in scope that reached {@code from} in [since, until) took to reach {@code to} (or a later
     * step; cancelled orders are left out): the basis for a threshold picked from data.
     */
    @Override
    public Observed stepDurations(String from, String to, Map<String, List<String>> scope, Instant since,
            Instant until) {
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(scope));
        all.add(new Condition.DateRange("steps." + from, since, until));
        List<Condition> completed = new ArrayList<>();
        for (Step s : lifecycle.steps()) {
            if (lifecycle.satisfies(s.name(), to)) {
                completed.add(new Condition.Exists("steps." + s.name()));
            }
        }
        all.add(new Condition.Any(completed));
        for (Step s : lifecycle.steps()) {
            if (s.abandons()) {
                all.add(new Condition.Not(new Condition.Exists("steps." + s.name())));
            }
        }
        all.add(new Condition.Exists(PreviewPlan.waitField(from, to)));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.set("query", new Condition.All(all).toQuery());
        ObjectNode aggs = body.putObject("aggs");
        ArrayNode percents = aggs.putObject("durations").putObject("percentiles")
                .put("field", PreviewPlan.waitField(from, to)).putArray("percents");
        PERCENTILES.forEach(percents::add);
        aggs.putObject("orders").putObject("value_count").put("field", PreviewPlan.waitField(from, to));
        JsonNode r = es.search(indices.orders(), body).path("aggregations");
        long n = r.path("orders").path("value").asLong();
        return new Observed(n, n == 0 ? Map.of() : percentiles(r.path("durations").path("values")));
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

    /**
     * The number of {@code eventType} events of orders in scope per bucket of {@code bucket} length in
     * [since, until), keyed by the bucket's start; buckets without events are present with 0.
     */
    public Map<Instant, Long> counts(String eventType, Duration bucket, Map<String, List<String>> scope,
            Instant since, Instant until) {
        String field = "eventTimes." + eventType;
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(scope));
        all.add(new Condition.DateRange(field, since, until));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.set("query", new Condition.All(all).toQuery());
        ObjectNode histogram = body.putObject("aggs").putObject("counts").putObject("date_histogram");
        histogram.put("field", field).put("fixed_interval", bucket.toMillis() + "ms").put("min_doc_count", 0)
                .put("offset", Math.floorMod(since.toEpochMilli(), bucket.toMillis()) + "ms");
        histogram.putObject("hard_bounds").put("min", since.toEpochMilli()).put("max", until.toEpochMilli() - 1);
        histogram.putObject("extended_bounds").put("min", since.toEpochMilli()).put("max", until.toEpochMilli() - 1);
        Map<Instant, Long> counts = new TreeMap<>();
        es.search(indices.orders(), body).path("aggregations").path("counts").path("buckets")
                .forEach(b -> counts.put(Instant.ofEpochMilli(b.path("key").asLong()), b.path("doc_count").asLong()));
        return counts;
    }

    @Override
    public VelocityResult velocity(Rule rule, Instant since, Instant until) {
        long bucket = VelocityPreview.bucketMillis(rule.window(), Duration.between(since, until));
        Instant countFrom = since.minus(rule.window());
        Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> segments = segmentCounts(rule, countFrom,
                until, bucket);
        List<VelocityPreview.Episode> episodes = new ArrayList<>();
        List<VelocityPreview.SegmentSeries> series = new ArrayList<>();
        segments.forEach((segment, counts) -> {
            VelocityPreview.SegmentSeries s = VelocityPreview.judge(rule, segment, counts, bucket, since, until);
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
        String field = "eventTimes." + rule.eventType();
        List<Condition> all = new ArrayList<>(PreviewPlan.scope(rule));
        all.add(new Condition.DateRange(field, since, until));
        Map<Map<String, String>, java.util.NavigableMap<Instant, Long>> result = new LinkedHashMap<>();
        JsonNode after = null;
        do {
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("size", 0);
            body.set("query", new Condition.All(all).toQuery());
            ObjectNode composite = body.putObject("aggs").putObject("segments").putObject("composite");
            composite.put("size", 10_000);
            ArrayNode sources = composite.putArray("sources");
            for (String attribute : rule.groupBy()) {
                sources.addObject().putObject("g_" + attribute).putObject("terms").put("field", "attributes." + attribute);
            }
            sources.addObject().putObject("t").putObject("date_histogram").put("field", field)
                    .put("fixed_interval", bucketMillis + "ms");
            if (after != null) {
                composite.set("after", after);
            }
            JsonNode agg = es.search(indices.orders(), body).path("aggregations").path("segments");
            for (JsonNode b : agg.path("buckets")) {
                Instant t = Instant.ofEpochMilli(b.path("key").path("t").asLong());
                if (t.isBefore(Instant.ofEpochMilli(Math.floorDiv(since.toEpochMilli(), bucketMillis) * bucketMillis))
                        || !t.isBefore(until)) {
                    continue; // another event of the same order, outside the range
                }
                Map<String, String> segment = new LinkedHashMap<>();
                for (String attribute : rule.groupBy()) {
                    segment.put(attribute, b.path("key").path("g_" + attribute).asText());
                }
                result.computeIfAbsent(segment, k -> new TreeMap<>()).merge(t, b.path("doc_count").asLong(), Long::sum);
            }
            after = agg.path("buckets").isEmpty() ? null : agg.get("after_key");
        } while (after != null);
        return result;
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
        ElasticsearchClient.Response mapping = es.get("/" + indices.orders() + "/_mapping");
        if (mapping.status() == 404) {
            return List.of();
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        mapping.body().forEach(index -> index.path("mappings").path("properties").path("attributes")
                .path("properties").fieldNames().forEachRemaining(names::add));
        ObjectNode byName = Json.mapper().createObjectNode();
        byName.put("size", 0);
        byName.putObject("aggs").putObject("names").putObject("terms").put("field", "attributeNames")
                .put("size", MAX_ATTRIBUTE_NAMES);
        es.search(indices.orders(), byName).path("aggregations").path("names").path("buckets")
                .forEach(b -> names.add(b.path("key").asText()));
        if (names.isEmpty()) {
            return List.of();
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        ObjectNode aggs = body.putObject("aggs");
        List<String> ordered = new ArrayList<>(names);
        for (int i = 0; i < ordered.size(); i++) {
            aggs.putObject("a" + i).putObject("terms").put("field", "attributes." + ordered.get(i)).put("size", top);
        }
        JsonNode r = es.search(indices.orders(), body).path("aggregations");
        List<AttributeValues> result = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            List<String> values = new ArrayList<>();
            r.path("a" + i).path("buckets").forEach(b -> values.add(b.path("key").asText()));
            result.add(new AttributeValues(ordered.get(i), values));
        }
        return result;
    }

    private static Map<String, Long> percentiles(JsonNode values) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            JsonNode v = values.path(String.valueOf(p));
            result.put(key(p), v.isNumber() ? Math.round(v.asDouble()) : null);
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
