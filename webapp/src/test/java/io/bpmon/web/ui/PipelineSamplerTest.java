package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.JobReports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pipeline strip's figures from a fake {@link JobReports}. */
class PipelineSamplerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final PipelineHealth.Part UP = new PipelineHealth.Part(true, "up");

    /** The reports given, or Elasticsearch away when there are none. */
    static final class FakeReports implements JobReports {
        List<Report> reports = new ArrayList<>();
        long refused;
        boolean away;

        @Override
        public List<Report> reports() {
            if (away) {
                throw new Elasticsearch.UnavailableException("away", null);
            }
            return reports;
        }

        @Override
        public Refusals refusals() {
            return new Refusals(refused, Optional.empty(), Optional.empty());
        }
    }

    private static JobReports.Report ingest(int subtask, long in, long late, Instant updated, Instant watermark) {
        return new JobReports.Report("job-ingest-" + subtask, Optional.of(updated), Optional.of(watermark),
                Map.of("eventsIn", in, "eventsLate", late));
    }

    @Test
    void shouldSumTheIngestReportsAndDeriveTheRateFromTwoSamples() {
        MutableClock clock = new MutableClock(T0);
        FakeReports reports = new FakeReports();
        reports.refused = 2;
        reports.reports.add(ingest(0, 100, 1, T0, T0.minusSeconds(3)));
        reports.reports.add(ingest(1, 50, 0, T0, T0.minusSeconds(5)));
        reports.reports.add(new JobReports.Report("job-ingest-rejected-0", Optional.of(T0), Optional.empty(),
                Map.of("eventsRejected", 4L)));
        reports.reports.add(new JobReports.Report("job-orders-0", Optional.of(T0), Optional.empty(),
                Map.of("documentsWritten", 1000L))); // not an ingest report
        PipelineSampler sampler = new PipelineSampler(reports, () -> UP, () -> UP, () -> UP, clock);

        PipelineHealth first = sampler.sample();
        clock.advance(Duration.ofSeconds(10));
        reports.reports.set(0, ingest(0, 300, 1, T0.plusSeconds(10), T0.plusSeconds(7)));
        PipelineHealth second = sampler.sample();

        assertThat(first.eventsIn()).contains(150L);
        assertThat(first.rejected()).contains(4L);
        assertThat(first.late()).contains(1L);
        assertThat(first.storeRefused()).contains(2L);
        assertThat(first.eventsPerSecond()).isEmpty();
        assertThat(second.eventsIn()).contains(350L);
        assertThat(second.eventsPerSecond()).contains(20.0);
        assertThat(second.watermarkLagMillis()).as("the slowest watermark").contains(15_000L);
    }

    @Test
    void shouldShowTheRateOnEveryTickAlthoughTheJobReportsLessOften() {
        // the job reports every 10 s, the dashboard samples every 2 s: 100 events/s must show on every tick
        MutableClock clock = new MutableClock(T0);
        FakeReports reports = new FakeReports();
        reports.reports.add(ingest(0, 0, 0, T0.minusMillis(700), T0));
        PipelineSampler sampler = new PipelineSampler(reports, () -> UP, () -> UP, () -> UP, clock);
        List<Optional<Double>> rates = new ArrayList<>();
        for (int tick = 0; tick < 30; tick++) {
            if (tick > 0 && tick % 5 == 0) {
                Instant reportedAt = clock.instant().minusMillis(700); // every 10 s, between two ticks
                reports.reports.set(0, ingest(0, tick / 5 * 1000L, 0, reportedAt, reportedAt));
            }
            rates.add(sampler.sample().eventsPerSecond());
            clock.advance(Duration.ofSeconds(2));
        }

        assertThat(rates.subList(0, 5)).as("before a second report").allMatch(Optional::isEmpty);
        assertThat(rates.subList(5, 30)).as("from the second report on").allSatisfy(
                r -> assertThat(r).hasValueSatisfying(v -> assertThat(v).isCloseTo(100.0, within(0.01))));
    }

    private static JobReports.Report ingest(long in, long rejected, long late, Instant updated) {
        return new JobReports.Report("job-ingest-0", Optional.of(updated), Optional.of(updated),
                Map.of("eventsIn", in, "eventsRejected", rejected, "eventsLate", late));
    }

    @Test
    void shouldShowRejectedAndLateEventsAsRatesAndDrawTheLastTenMinutesOfThroughput() {
        MutableClock clock = new MutableClock(T0);
        FakeReports reports = new FakeReports();
        PipelineSampler sampler = new PipelineSampler(reports, () -> UP, () -> UP, () -> UP, clock);
        PipelineHealth health = null;
        // a report every 10 s for 15 minutes: 100 events/s, then 300 in the last minute; 2 rejected and 1 late per s
        for (int report = 0; report <= 90; report++) {
            long in = report <= 84 ? report * 1000L : 84_000L + (report - 84) * 3000L;
            reports.reports = new ArrayList<>(List.of(ingest(in, report * 20L, report * 10L, clock.instant())));
            health = sampler.sample();
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(health.rejectedPerSecond()).hasValueSatisfying(r -> assertThat(r).isCloseTo(2.0, within(0.01)));
        assertThat(health.latePerSecond()).hasValueSatisfying(r -> assertThat(r).isCloseTo(1.0, within(0.01)));
        assertThat(health.rejectedPerSecondText()).isEqualTo("2.0");
        assertThat(health.throughput()).as("ten minutes of reports, one point each").hasSize(61);
        assertThat(health.throughput().get(0)).isCloseTo(100.0, within(0.01));
        assertThat(health.throughput().get(60)).isCloseTo(300.0, within(0.01));
        String[] points = health.throughputPoints().split(" ");
        assertThat(points).hasSize(61);
        assertThat(points[0]).isEqualTo("0.0,13.3"); // 100 of 300 at the top
        assertThat(points[60]).isEqualTo("100.0,0.0");
        assertThat(health.throughputMaxText()).isEqualTo("300");
    }

    @Test
    void shouldDrawNoSparklineBeforeTwoRates() {
        assertThat(PipelineHealth.unknown(T0).throughputPoints()).isEmpty();
    }

    @Test
    void shouldStartTheRateAfreshWhenTheJobsCountersStartAgain() {
        MutableClock clock = new MutableClock(T0);
        FakeReports reports = new FakeReports();
        reports.reports.add(ingest(0, 5000, 0, T0, T0));
        PipelineSampler sampler = new PipelineSampler(reports, () -> UP, () -> UP, () -> UP, clock);
        sampler.sample();
        clock.advance(Duration.ofSeconds(10));
        reports.reports.set(0, ingest(0, 6000, 0, T0.plusSeconds(10), T0));
        assertThat(sampler.sample().eventsPerSecond()).contains(100.0);

        clock.advance(Duration.ofSeconds(10)); // the job restarted: its counters begin at 0 again
        reports.reports.set(0, ingest(0, 200, 0, T0.plusSeconds(20), T0));
        PipelineHealth restarted = sampler.sample();
        clock.advance(Duration.ofSeconds(10));
        reports.reports.set(0, ingest(0, 700, 0, T0.plusSeconds(30), T0));

        assertThat(restarted.eventsPerSecond()).as("one report since the restart").isEmpty();
        assertThat(sampler.sample().eventsPerSecond()).contains(50.0);
    }

    @Test
    void shouldShowNoDataWhileElasticsearchIsAway() {
        FakeReports reports = new FakeReports();
        reports.away = true;

        PipelineHealth h = new PipelineSampler(reports, () -> UP, () -> UP, () -> UP, new MutableClock(T0)).sample();

        assertThat(h.eventsIn()).isEmpty();
        assertThat(h.storeRefused()).isEmpty();
    }
}
