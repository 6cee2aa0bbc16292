package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's numbers from two questions to the {@link DashboardReader} (one about orders, one about alerts,
 * asked side by side), turned into what the page shows: counts per step, the events-per-minute chart against the day
 * before, SLA rows, open alerts and the verdict. The reader answers with aggregations only
 * ({@link io.bpmon.core.store.ElasticsearchDashboardReader}); a test answers with a fake.
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

    /** Open incidents of one severity read to find the worst (by open alerts): far more than a shop has at once. */
    static final int WORST_OF = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardQueries.class);

    private final DashboardReader reader;
    private final Lifecycle lifecycle;
    private final Supplier<List<Rule>> rules;
    private final PipelineSampler pipeline;
    private final Function<IncidentQuery, Page<Incident>> incidents;
    private final Clock clock;

    /** Without incidents: the verdict names none. */
    public DashboardQueries(DashboardReader reader, Lifecycle lifecycle, Supplier<List<Rule>> rules,
            PipelineSampler pipeline, Clock clock) {
        this(reader, lifecycle, rules, pipeline, q -> new Page<>(List.of(), 0), clock);
    }

    /** @param incidents the incident store's search, for the worst open incident the verdict names */
    public DashboardQueries(DashboardReader reader, Lifecycle lifecycle, Supplier<List<Rule>> rules,
            PipelineSampler pipeline, Function<IncidentQuery, Page<Incident>> incidents, Clock clock) {
        this.reader = reader;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.pipeline = pipeline;
        this.incidents = incidents;
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

        // the two questions are asked side by side; the alerts one is the smaller
        CompletableFuture<DashboardReader.AlertFigures> alertsRequest = CompletableFuture.supplyAsync(
                () -> reader.alerts(now.minus(SLA_SPAN), SEGMENT_ATTRIBUTES, MAX_SLA_RULES * 2), REQUESTS);
        Instant velocityTo = minute.plus(Duration.ofMinutes(1));
        List<DashboardReader.SlaWindow> windows = slaRules.stream().map(r -> new DashboardReader.SlaWindow(r.id(),
                r.from(), now.minus(SLA_SPAN), now.minus(r.maxDuration()), r.scope())).toList();
        DashboardReader.OrderFigures orderFigures = reader.orders(new DashboardReader.OrderQuestions(startOfDay,
                velocityFrom, velocityTo, Duration.ofDays(1), windows));
        DashboardReader.AlertFigures alertFigures;
        try {
            alertFigures = alertsRequest.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        List<Dashboard.Count> inFlight = new ArrayList<>();
        long inFlightTotal = 0;
        for (Step step : lifecycle.steps()) {
            if (step.terminal()) {
                continue;
            }
            long n = orderFigures.inFlight().getOrDefault(step.name(), 0L);
            inFlight.add(new Dashboard.Count(step.name(), step.name(), n));
            inFlightTotal += n;
        }
        List<Dashboard.Count> completed = new ArrayList<>();
        for (Step step : lifecycle.steps()) {
            if (step.terminal()) {
                completed.add(new Dashboard.Count(step.name(), step.name(),
                        orderFigures.completed().getOrDefault(step.name(), 0L)));
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
            long[] counts = histogram(orderFigures.perMinute().get(step.name()), minutes, Duration.ZERO);
            long[] before = histogram(orderFigures.perMinuteBefore().get(step.name()), minutes, Duration.ofDays(1));
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
            long judged = orderFigures.judged().getOrDefault(r.id(), 0L);
            long breached = alertFigures.breachesByRule().getOrDefault(r.id(), 0L);
            sla.add(new Dashboard.SlaRow(r.id(), r.name(), r.severity() == null ? "" : r.severity().name(),
                    judged, breached));
        }
        List<Dashboard.Count> open = new ArrayList<>();
        for (String severity : List.of("CRITICAL", "WARNING", "INFO")) {
            open.add(new Dashboard.Count(severity, severity,
                    alertFigures.openBySeverity().getOrDefault(severity, 0L)));
        }
        long acknowledged = alertFigures.acknowledged();
        List<Dashboard.SegmentGroup> segments = new ArrayList<>();
        for (String attribute : SEGMENT_ATTRIBUTES) {
            List<Dashboard.Count> top = new ArrayList<>();
            alertFigures.topSegments().getOrDefault(attribute, Map.of())
                    .forEach((value, count) -> top.add(new Dashboard.Count(value, value, count)));
            segments.add(new Dashboard.SegmentGroup(attribute, top));
        }
        long recent = 0;
        for (com.fasterxml.jackson.databind.JsonNode s : series) {
            com.fasterxml.jackson.databind.JsonNode values = s.path("values");
            for (int i = Math.max(0, values.size() - RECENT_MINUTES); i < values.size(); i++) {
                recent += values.get(i).asLong();
            }
        }
        PipelineHealth health = pipeline.latest();
        Dashboard.Verdict verdict = withWorstIncident(verdict(recent, open, health, sla));
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<Dashboard.RevenueRow> revenue = orderFigures.revenue().stream().map(r -> new Dashboard.RevenueRow(
                r.currency(), r.orders(), r.amount(), r.amountBefore())).toList();
        return new Dashboard(now, inFlight, inFlightTotal, completed, velocity.toString(), lastHour, yesterdayTotal,
                sla, open, acknowledged, segments, health, verdict, millis, revenue);
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

    /**
     * The verdict naming the open incident to look at first: of the highest severity that has one, the one with the
     * most open alerts (then the oldest). A critical one makes the verdict bad. Incidents that cannot be read leave the
     * verdict as it is (the page must still show).
     */
    Dashboard.Verdict withWorstIncident(Dashboard.Verdict v) {
        long open;
        Incident worst = null;
        try {
            open = incidents.apply(new IncidentQuery(Optional.of(AlertStatus.OPEN), Optional.empty(), 0)).total();
            for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
                if (open == 0 || worst != null) {
                    break;
                }
                worst = worst(incidents.apply(new IncidentQuery(Optional.of(AlertStatus.OPEN), Optional.empty(),
                        Optional.of(severity), WORST_OF, Optional.empty())).items());
            }
        } catch (RuntimeException e) {
            LOG.debug("dashboard: incidents unreadable ({}); the verdict names none", e.toString());
            return v;
        }
        if (worst == null) {
            return new Dashboard.Verdict(v.level(), v.headline(), v.detail(), null, open);
        }
        String level = worst.severity() == Severity.CRITICAL ? "bad" : v.level().equals("good") ? "warn" : v.level();
        return new Dashboard.Verdict(level, v.headline(), v.detail(), worst, open);
    }

    /** The incident with the most open alerts, then the oldest; null for none. */
    static Incident worst(List<Incident> incidents) {
        return incidents.stream().max(Comparator.comparingLong(Incident::openAlertCount)
                .thenComparing(Incident::openedAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder())))
                .orElse(null);
    }

    /** The per-minute counts on the chart's minutes; {@code shift} earlier for the comparison line. */
    private static long[] histogram(NavigableMap<Instant, Long> perMinute, List<Instant> minutes, Duration shift) {
        long[] out = new long[minutes.size()];
        if (minutes.isEmpty() || perMinute == null) {
            return out;
        }
        long first = minutes.get(0).minus(shift).toEpochMilli();
        perMinute.forEach((t, n) -> {
            int i = (int) ((t.toEpochMilli() - first) / 60_000);
            if (i >= 0 && i < out.length) {
                out[i] += n;
            }
        });
        return out;
    }
}
