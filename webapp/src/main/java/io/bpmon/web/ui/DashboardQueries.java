package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The dashboard's numbers in two Elasticsearch requests (one over orders, one over alerts), aggregations only: the
 * cost does not grow with the number of orders beyond what the index structures answer. No scripts (the
 * integ-test distribution has none): durations are judged with range filters on step times.
 */
public final class DashboardQueries {

    /** The attributes whose values with most breaches the dashboard lists. */
    static final List<String> SEGMENT_ATTRIBUTES = List.of("country", "carrier", "paymentMethod", "warehouse");
    static final Duration VELOCITY_SPAN = Duration.ofHours(1);
    static final Duration SLA_SPAN = Duration.ofHours(24);
    static final int MAX_SLA_RULES = 50;
    private static final ExecutorService REQUESTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bpmon-dashboard-query");
        t.setDaemon(true);
        return t;
    });

    private final ElasticsearchClient es;
    private final Indices indices;
    private final Lifecycle lifecycle;
    private final Supplier<List<Rule>> rules;
    private final PipelineSampler pipeline;
    private final Clock clock;

    public DashboardQueries(ElasticsearchClient es, Indices indices, Lifecycle lifecycle, Supplier<List<Rule>> rules,
            PipelineSampler pipeline, Clock clock) {
        this.es = es;
        this.indices = indices;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    public Dashboard load() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant velocityFrom = minute.minus(VELOCITY_SPAN).plus(Duration.ofMinutes(1));
        Instant startOfDay = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        List<Rule> slaRules = rules.get().stream()
                .filter(r -> r.enabled() && r.kind() == RuleKind.STEP_SLA && r.maxDuration() != null)
                .limit(MAX_SLA_RULES).toList();

        // the two requests run side by side; the alerts one is the smaller
        CompletableFuture<JsonNode> alertsRequest = CompletableFuture.supplyAsync(
                () -> es.search(indices.alerts(), alertAggregations(now)).path("aggregations"), REQUESTS);
        JsonNode orderAggs = es.search(indices.orders(),
                orderAggregations(now, velocityFrom, startOfDay, slaRules)).path("aggregations");
        JsonNode alertAggs;
        try {
            alertAggs = alertsRequest.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        List<Dashboard.Count> inFlight = new ArrayList<>();
        long inFlightTotal = 0;
        for (Step step : lifecycle.steps()) {
            if (step.terminal()) {
                continue;
            }
            long n = bucketCount(orderAggs.path("in_flight").path("by_status").path("buckets"), step.name());
            inFlight.add(new Dashboard.Count(step.name(), step.name(), n));
            inFlightTotal += n;
        }
        List<Dashboard.Count> completed = new ArrayList<>();
        for (Step step : lifecycle.steps()) {
            if (step.terminal()) {
                completed.add(new Dashboard.Count(step.name(), step.name(),
                        orderAggs.path("completed_" + step.name()).path("doc_count").asLong()));
            }
        }
        ObjectNode velocity = Json.mapper().createObjectNode();
        ArrayNode x = velocity.putArray("x");
        List<Instant> minutes = new ArrayList<>();
        for (Instant t = velocityFrom; !t.isAfter(minute); t = t.plus(Duration.ofMinutes(1))) {
            minutes.add(t);
            x.add(t.getEpochSecond());
        }
        ArrayNode series = velocity.putArray("series");
        long lastHour = 0;
        long[] yesterday = new long[minutes.size()];
        for (Step step : lifecycle.steps()) {
            long[] counts = histogram(orderAggs.path("v_" + step.name()).path("per_minute").path("buckets"),
                    minutes, Duration.ZERO);
            long[] before = histogram(orderAggs.path("y_" + step.name()).path("per_minute").path("buckets"),
                    minutes, Duration.ofDays(1));
            ObjectNode s = series.addObject();
            s.put("label", step.eventType());
            ArrayNode values = s.putArray("values");
            for (int i = 0; i < counts.length; i++) {
                values.add(counts[i]);
                lastHour += counts[i];
                yesterday[i] += before[i];
            }
        }
        ArrayNode y = velocity.putArray("yesterday");
        long yesterdayTotal = 0;
        for (long v : yesterday) {
            y.add(v);
            yesterdayTotal += v;
        }

        List<Dashboard.SlaRow> sla = new ArrayList<>();
        for (Rule r : slaRules) {
            long judged = orderAggs.path("sla_" + safe(r.id())).path("doc_count").asLong();
            long breached = bucketCount(alertAggs.path("breaches").path("by_rule").path("buckets"), r.id());
            sla.add(new Dashboard.SlaRow(r.id(), r.name(), r.severity() == null ? "" : r.severity().name(),
                    judged, breached));
        }
        List<Dashboard.Count> open = new ArrayList<>();
        for (String severity : List.of("CRITICAL", "WARNING", "INFO")) {
            open.add(new Dashboard.Count(severity, severity,
                    bucketCount(alertAggs.path("open").path("by_severity").path("buckets"), severity)));
        }
        long acknowledged = alertAggs.path("acknowledged").path("doc_count").asLong();
        List<Dashboard.SegmentGroup> segments = new ArrayList<>();
        for (String attribute : SEGMENT_ATTRIBUTES) {
            List<Dashboard.Count> top = new ArrayList<>();
            for (JsonNode b : alertAggs.path("recent").path("seg_" + attribute).path("buckets")) {
                top.add(new Dashboard.Count(b.path("key").asText(), b.path("key").asText(),
                        b.path("doc_count").asLong()));
            }
            segments.add(new Dashboard.SegmentGroup(attribute, top));
        }
        long recent = 0;
        for (JsonNode s : series) {
            JsonNode values = s.path("values");
            for (int i = Math.max(0, values.size() - RECENT_MINUTES); i < values.size(); i++) {
                recent += values.get(i).asLong();
            }
        }
        PipelineHealth health = pipeline.latest();
        Dashboard.Verdict verdict = verdict(recent, open, health, sla);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Dashboard(now, inFlight, inFlightTotal, completed, velocity.toString(), lastHour, yesterdayTotal,
                sla, open, acknowledged, segments, health, verdict, millis);
    }

    /** Minutes of events that count as "flowing now" (the newest minute is still filling). */
    static final int RECENT_MINUTES = 5;

    static Dashboard.Verdict verdict(long recentEvents, List<Dashboard.Count> open, PipelineHealth health,
            List<Dashboard.SlaRow> sla) {
        long critical = open.stream().filter(c -> c.key().equals("CRITICAL")).mapToLong(Dashboard.Count::count).sum();
        long warning = open.stream().filter(c -> c.key().equals("WARNING")).mapToLong(Dashboard.Count::count).sum();
        List<String> down = health.parts().stream().filter(p -> !p.part().up()).map(PipelineHealth.NamedPart::name)
                .toList();
        String flow = recentEvents > 0
                ? "Orders are flowing: " + recentEvents + " events in the last " + RECENT_MINUTES + " min."
                : "No order events in the last " + RECENT_MINUTES + " min.";
        List<String> trouble = new ArrayList<>();
        if (!down.isEmpty()) {
            trouble.add(String.join(", ", down) + " down");
        }
        if (critical > 0) {
            trouble.add(critical + " critical alert" + (critical == 1 ? "" : "s") + " open");
        }
        if (warning > 0) {
            trouble.add(warning + " warning" + (warning == 1 ? "" : "s") + " open");
        }
        sla.stream().filter(r -> r.level().equals("bad")).forEach(r -> trouble.add(r.name() + " at " + r.percent()
                + " % in time"));
        String level = !down.isEmpty() || critical > 0 ? "bad"
                : recentEvents == 0 || warning > 0 || !trouble.isEmpty() ? "warn" : "good";
        return new Dashboard.Verdict(level, flow, trouble.isEmpty() ? "No open alerts." : String.join(" · ", trouble));
    }

    private ObjectNode orderAggregations(Instant now, Instant velocityFrom, Instant startOfDay, List<Rule> slaRules) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", false);
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode inFlight = aggs.putObject("in_flight");
        inFlight.putObject("filter").putObject("term").put("terminal", false);
        inFlight.putObject("aggs").putObject("by_status").putObject("terms").put("field", "status").put("size", 50);
        Instant velocityTo = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        for (Step step : lifecycle.steps()) {
            String field = "steps." + step.name();
            if (step.terminal()) {
                range(aggs.putObject("completed_" + step.name()).putObject("filter"), field, startOfDay, null);
            }
            histogramAgg(aggs.putObject("v_" + step.name()), field, velocityFrom, velocityTo);
            histogramAgg(aggs.putObject("y_" + step.name()), field, velocityFrom.minus(Duration.ofDays(1)),
                    velocityTo.minus(Duration.ofDays(1)));
        }
        for (Rule r : slaRules) {
            // judged: orders that reached the rule's start step in the last 24 h and whose deadline has passed
            ObjectNode bool = aggs.putObject("sla_" + safe(r.id())).putObject("filter").putObject("bool");
            ArrayNode filter = bool.putArray("filter");
            range(filter.addObject(), "steps." + r.from(), now.minus(SLA_SPAN), now.minus(r.maxDuration()));
            for (Map.Entry<String, List<String>> scope : r.scope().entrySet()) {
                ArrayNode values = filter.addObject().putObject("terms").putArray("attributes." + scope.getKey());
                scope.getValue().forEach(values::add);
            }
        }
        return body;
    }

    private static void histogramAgg(ObjectNode agg, String field, Instant from, Instant to) {
        range(agg.putObject("filter"), field, from, to);
        agg.putObject("aggs").putObject("per_minute").putObject("date_histogram").put("field", field)
                .put("fixed_interval", "1m").put("min_doc_count", 1);
    }

    private static ObjectNode alertAggregations(Instant now) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", false);
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode open = aggs.putObject("open");
        open.putObject("filter").putObject("term").put("status", "OPEN");
        open.putObject("aggs").putObject("by_severity").putObject("terms").put("field", "severity").put("size", 10);
        aggs.putObject("acknowledged").putObject("filter").putObject("term").put("status", "ACKNOWLEDGED");
        ObjectNode breaches = aggs.putObject("breaches");
        ArrayNode f = breaches.putObject("filter").putObject("bool").putArray("filter");
        f.addObject().putObject("term").put("kind", "SLA_BREACH");
        range(f.addObject(), "startedAt", now.minus(SLA_SPAN), null);
        breaches.putObject("aggs").putObject("by_rule").putObject("terms").put("field", "ruleId")
                .put("size", MAX_SLA_RULES * 2);
        ObjectNode recent = aggs.putObject("recent");
        range(recent.putObject("filter"), "detectedAt", now.minus(SLA_SPAN), null);
        ObjectNode segAggs = recent.putObject("aggs");
        for (String attribute : SEGMENT_ATTRIBUTES) {
            segAggs.putObject("seg_" + attribute).putObject("terms").put("field", "attributes." + attribute)
                    .put("size", 3);
        }
        return body;
    }

    private static void range(ObjectNode holder, String field, Instant from, Instant to) {
        ObjectNode r = holder.putObject("range").putObject(field);
        if (from != null) {
            r.put("gte", from.toString());
        }
        if (to != null) {
            r.put("lt", to.toString());
        }
    }

    private static long bucketCount(JsonNode buckets, String key) {
        for (JsonNode b : buckets) {
            if (b.path("key").asText().equals(key)) {
                return b.path("doc_count").asLong();
            }
        }
        return 0;
    }

    private static long[] histogram(JsonNode buckets, List<Instant> minutes, Duration shift) {
        long[] out = new long[minutes.size()];
        if (minutes.isEmpty()) {
            return out;
        }
        long first = minutes.get(0).minus(shift).toEpochMilli();
        for (JsonNode b : buckets) {
            int i = (int) ((b.path("key").asLong() - first) / 60_000);
            if (i >= 0 && i < out.length) {
                out[i] += b.path("doc_count").asLong();
            }
        }
        return out;
    }

    /** Aggregation names may not hold '[', ']' or '>'; rule ids are free text. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_") + "_" + Integer.toHexString(id.hashCode());
    }
}
