package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.ElasticsearchJobReports;
import io.bpmon.core.store.Indices;
import io.bpmon.web.ui.PipelineHealth;
import io.bpmon.web.ui.PipelineSampler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's pipeline strip reads the job's per-subtask ingest reports from the real status index: sums over
 * subtasks, events per second from two samples (controlled clock), the slowest watermark's lag, "no data" before
 * any report and a stale report counting as no traffic.
 */
class PipelineStripIT {

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-strip");

    @Test
    void shouldSumSubtasksAndDeriveTheRateFromTwoSamples() throws Exception {
        RawElasticsearch es = stack.es();
        Indices indices = stack.indices();
        Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
        MovableClock clock = new MovableClock(t0);
        PipelineHealth.Part up = new PipelineHealth.Part(true, "up");
        PipelineSampler sampler = new PipelineSampler(new ElasticsearchJobReports(stack.store(), indices), () -> up,
                () -> up,
                () -> new PipelineHealth.Part(false, "no report"), clock);

        PipelineHealth none = sampler.sample();
        assertThat(none.eventsIn()).isEmpty();
        assertThat(none.eventsPerSecondText()).isEqualTo("no data");
        assertThat(none.watermarkLagText()).isEqualTo("no data");
        assertThat(none.job().up()).isFalse();

        report(es, indices, 0, 100, 1, 2, t0.minusSeconds(4), t0);
        report(es, indices, 1, 50, 0, 3, t0.minusSeconds(9), t0);
        // a writer's report in the same index is not an ingest report
        es.put("/" + indices.status() + "/_doc/job-orders-0?refresh=true",
                Map.of("component", "job", "subtask", 0, "documentsWritten", 999, "updatedAt", t0.toString()));
        PipelineHealth first = sampler.sample();
        assertThat(first.eventsIn()).contains(150L);
        assertThat(first.rejected()).contains(1L);
        assertThat(first.late()).contains(5L);
        assertThat(first.watermarkLagMillis()).contains(9_000L);
        assertThat(first.eventsPerSecond()).isEmpty(); // one sample: no rate yet

        clock.advance(Duration.ofSeconds(10));
        report(es, indices, 0, 250, 1, 2, t0.plusSeconds(8), t0.plusSeconds(10));
        report(es, indices, 1, 100, 0, 3, t0.plusSeconds(7), t0.plusSeconds(10));
        PipelineHealth second = sampler.sample();
        assertThat(second.eventsIn()).contains(350L);
        assertThat(second.eventsPerSecond()).contains(20.0);
        assertThat(second.eventsPerSecondText()).isEqualTo("20");
        assertThat(second.watermarkLagMillis()).contains(3_000L);

        clock.advance(Duration.ofMinutes(5)); // the job stopped reporting
        PipelineHealth stale = sampler.sample();
        assertThat(stale.eventsPerSecond()).contains(0.0);
    }

    private static void report(RawElasticsearch es, Indices indices, int subtask, long in, long rejected,
            long late, Instant watermark, Instant updated) {
        RawElasticsearch.Response r = es.put("/" + indices.status() + "/_doc/job-ingest-" + subtask
                + "?refresh=true", Map.of("component", "job", "subtask", subtask, "eventsIn", in,
                "eventsRejected", rejected, "eventsLate", late, "watermark", watermark.toString(),
                "updatedAt", updated.toString()));
        assertThat(r.ok()).as(r.body().toString()).isTrue();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
