package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.JobReports;
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
