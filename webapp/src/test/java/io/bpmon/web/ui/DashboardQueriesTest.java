package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.JobReports;
import io.bpmon.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The dashboard from a fake {@link DashboardReader}: what it asks, and how it turns the answers into the page. */
class DashboardQueriesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:15:30Z");
    private static final Instant MINUTE = Instant.parse("2026-11-20T10:15:00Z");
    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final Rule PAY_30M = new Rule("pay-30m", "Payment within 30 min", RuleKind.STEP_SLA, "PLACED",
            "PAID", Duration.ofMinutes(30), List.of(), null, null, null, null, List.of(),
            Map.of("country", List.of("DE")), Severity.CRITICAL, true, 1, NOW, "test");
    private static final Rule DISABLED = new Rule("ship-1h", "Shipped within 1 h", RuleKind.STEP_SLA, "PAID",
            "SHIPPED", Duration.ofHours(1), List.of(), null, null, null, null, List.of(), Map.of(), Severity.WARNING,
            false, 1, NOW, "test");

    /** Answers from fixed figures and remembers the questions. */
    static final class FakeReader implements DashboardReader {
        final List<OrderQuestions> orderQuestions = new ArrayList<>();
        final List<Instant> alertsSince = new ArrayList<>();
        OrderFigures orders = new OrderFigures(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        AlertFigures alerts = new AlertFigures(Map.of(), 0, Map.of(), Map.of());

        @Override
        public OrderFigures orders(OrderQuestions questions) {
            orderQuestions.add(questions);
            return orders;
        }

        @Override
        public AlertFigures alerts(Instant since, List<String> segmentAttributes, int maxRules) {
            alertsSince.add(since);
            return alerts;
        }

        @Override
        public AlertActivity alertActivity() {
            return new AlertActivity(0, Optional.empty(), Optional.empty(), 0);
        }
    }

    private static final JobReports NO_REPORTS = new JobReports() {
        @Override
        public List<Report> reports() {
            return List.of();
        }

        @Override
        public Refusals refusals() {
            return new Refusals(0, Optional.empty(), Optional.empty());
        }
    };

    private static DashboardQueries dashboard(FakeReader reader) {
        MutableClock clock = new MutableClock(NOW);
        PipelineHealth.Part up = new PipelineHealth.Part(true, "up");
        PipelineSampler sampler = new PipelineSampler(NO_REPORTS, () -> up, () -> up, () -> up, clock);
        return new DashboardQueries(reader, LIFECYCLE, () -> List.of(PAY_30M, DISABLED), sampler, clock);
    }

    @Test
    void shouldAskForTheLastHourByMinuteTheDayBeforeAndTheEnabledSlaRulesWindows() {
        FakeReader reader = new FakeReader();

        dashboard(reader).load();

        DashboardReader.OrderQuestions q = reader.orderQuestions.get(0);
        assertThat(q.completedSince()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(q.minutesFrom()).isEqualTo(MINUTE.minus(Duration.ofMinutes(59)));
        assertThat(q.minutesTo()).isEqualTo(MINUTE.plus(Duration.ofMinutes(1)));
        assertThat(q.comparedWith()).isEqualTo(Duration.ofDays(1));
        assertThat(q.sla()).containsExactly(new DashboardReader.SlaWindow("pay-30m", "PLACED",
                NOW.minus(Duration.ofHours(24)), NOW.minus(Duration.ofMinutes(30)), Map.of("country", List.of("DE"))));
        assertThat(reader.alertsSince).containsExactly(NOW.minus(Duration.ofHours(24)));
    }

    @Test
    void shouldShowEveryStepAndSeverityAlsoWithoutAnswersForThem() {
        FakeReader reader = new FakeReader();
        reader.orders = new DashboardReader.OrderFigures(Map.of("PLACED", 7L, "PAID", 3L),
                Map.of("DELIVERED", 4L), Map.of(), Map.of(), Map.of("pay-30m", 200L));
        reader.alerts = new DashboardReader.AlertFigures(Map.of("CRITICAL", 2L), 1, Map.of("pay-30m", 5L),
                Map.of("country", Map.of("DE", 4L, "AT", 1L)));

        Dashboard d = dashboard(reader).load();

        assertThat(d.inFlight()).extracting(Dashboard.Count::key, Dashboard.Count::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PLACED", 7L),
                        org.assertj.core.groups.Tuple.tuple("PAID", 3L),
                        org.assertj.core.groups.Tuple.tuple("SHIPPED", 0L));
        assertThat(d.inFlightTotal()).isEqualTo(10);
        assertThat(d.completedToday()).extracting(Dashboard.Count::count).containsExactly(4L, 0L, 0L);
        assertThat(d.openAlerts()).extracting(Dashboard.Count::count).containsExactly(2L, 0L, 0L);
        assertThat(d.acknowledgedAlerts()).isEqualTo(1);
        assertThat(d.sla()).containsExactly(new Dashboard.SlaRow("pay-30m", "Payment within 30 min", "CRITICAL", 200,
                5));
        assertThat(d.segments().get(0).attribute()).isEqualTo("country");
        assertThat(d.segments().get(0).top()).extracting(Dashboard.Count::key).containsExactlyInAnyOrder("DE", "AT");
        assertThat(d.verdict().level()).isEqualTo("bad"); // critical alerts open
    }

    private static Incident incident(String id, Severity severity, long open, Instant openedAt) {
        return new Incident(id, "payments", "Payments <per> method", severity, Map.of("paymentMethod", "paypal"),
                AlertStatus.OPEN, openedAt, null, open + 1, open, List.of("o-1"), 2);
    }

    @Test
    void shouldNameTheWorstOpenIncidentOfTheHighestSeverityAndLinkItAndTheList() {
        List<Incident> warnings = List.of(incident("w-1", Severity.WARNING, 900, NOW.minusSeconds(60)));
        List<Incident> critical = List.of(incident("c-1", Severity.CRITICAL, 5, NOW.minusSeconds(600)),
                incident("c-2", Severity.CRITICAL, 312, NOW.minusSeconds(360)),
                incident("c-3", Severity.CRITICAL, 312, NOW.minusSeconds(30)));
        List<IncidentQuery> asked = new ArrayList<>();
        MutableClock clock = new MutableClock(NOW);
        PipelineHealth.Part up = new PipelineHealth.Part(true, "up");
        DashboardQueries queries = new DashboardQueries(new FakeReader(), LIFECYCLE, () -> List.of(PAY_30M),
                new PipelineSampler(NO_REPORTS, () -> up, () -> up, () -> up, clock), q -> {
                    asked.add(q);
                    List<Incident> items = q.severity().isEmpty() ? List.of()
                            : q.severity().get() == Severity.CRITICAL ? critical : warnings;
                    return new Page<>(items, q.severity().isEmpty() ? 4 : items.size());
                }, clock);

        Dashboard d = queries.load();

        assertThat(d.verdict().worst().id()).as("most open alerts, then the oldest").isEqualTo("c-2");
        assertThat(d.verdict().openIncidents()).isEqualTo(4);
        assertThat(d.verdict().level()).isEqualTo("bad");
        assertThat(d.verdict().worstText())
                .isEqualTo("'Payments <per> method' · paypal: 312 alerts open since 10:09 UTC");
        assertThat(asked).allMatch(q -> q.status().equals(Optional.of(AlertStatus.OPEN)))
                .extracting(IncidentQuery::severity).containsExactly(Optional.empty(), Optional.of(Severity.CRITICAL));
        String html = new Templates().fragment("dashboard", "live", Map.of("d", d, "paths", PageModel.PATHS));
        assertThat(html).contains("href=\"/incidents/c-2\"", "&#39;Payments &lt;per&gt; method&#39; · paypal",
                "href=\"/incidents?status=OPEN\"", "4 incidents open",
                "href=\"/incidents?status=OPEN&amp;severity=CRITICAL\"").doesNotContain("<per>");
    }

    @Test
    void shouldKeepTheVerdictWhenIncidentsCannotBeRead() {
        MutableClock clock = new MutableClock(NOW);
        PipelineHealth.Part up = new PipelineHealth.Part(true, "up");
        DashboardQueries queries = new DashboardQueries(new FakeReader(), LIFECYCLE, () -> List.of(),
                new PipelineSampler(NO_REPORTS, () -> up, () -> up, () -> up, clock), q -> {
                    throw new IllegalStateException("no incidents index");
                }, clock);

        Dashboard d = queries.load();

        assertThat(d.verdict().worst()).isNull();
        assertThat(d.verdict().openIncidents()).isZero();
        assertThat(d.verdict().detail()).as("as without incidents (the sampler has not run)")
                .isEqualTo("Kafka, Elasticsearch, Job down");
    }

    @Test
    void shouldShowRevenuePerCurrencyAgainstTheSameHourYesterdayWithTheAverageOrderValue() {
        FakeReader reader = new FakeReader();
        reader.orders = new DashboardReader.OrderFigures(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                List.of(new DashboardReader.Revenue("EUR", 120, 9000, 100, 10000),
                        new DashboardReader.Revenue("PLN", 0, 0, 3, 600)));

        Dashboard d = dashboard(reader).load();

        assertThat(d.revenue()).hasSize(2);
        Dashboard.RevenueRow eur = d.revenue().get(0);
        assertThat(eur.currency()).isEqualTo("EUR");
        assertThat(eur.perMinute()).isEqualTo("150.00");
        assertThat(eur.total()).isEqualTo("9,000.00");
        assertThat(eur.totalBefore()).isEqualTo("10,000.00");
        assertThat(eur.change()).isEqualTo("-10 %");
        assertThat(eur.averageOrderValue()).isEqualTo("75.00");
        Dashboard.RevenueRow pln = d.revenue().get(1);
        assertThat(pln.averageOrderValue()).isEqualTo("–");
        assertThat(pln.change()).isEqualTo("-100 %");
    }

    @Test
    void shouldPutEventsPerMinuteOnTheChartAndTheDayBeforeOnItsComparisonLine() {
        FakeReader reader = new FakeReader();
        NavigableMap<Instant, Long> placed = new TreeMap<>(Map.of(MINUTE, 5L, MINUTE.minus(Duration.ofMinutes(2)), 2L,
                MINUTE.minus(Duration.ofHours(2)), 99L)); // outside the chart: left out
        NavigableMap<Instant, Long> placedBefore = new TreeMap<>(Map.of(MINUTE.minus(Duration.ofDays(1)), 3L));
        reader.orders = new DashboardReader.OrderFigures(Map.of(), Map.of(), Map.of("PLACED", placed),
                Map.of("PLACED", placedBefore), Map.of());

        Dashboard d = dashboard(reader).load();

        assertThat(d.eventsLastHour()).isEqualTo(7);
        assertThat(d.eventsSameHourYesterday()).isEqualTo(3);
        assertThat(d.velocityJson()).contains("\"label\":\"ORDER_PLACED\"");
        assertThat(d.verdict().headline()).isEqualTo("Orders are flowing: 7 events in the last 5 min.");
    }
}
