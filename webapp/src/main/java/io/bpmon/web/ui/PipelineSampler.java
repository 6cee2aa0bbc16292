package io.bpmon.web.ui;

import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.JobReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Samples the pipeline's health off the request path (a probe of a dead Kafka takes seconds; a page must not).
 * The job's ingest operators report cumulative counters in {@code <prefix>-status} documents
 * {@code job-ingest-<subtask>} ({@code eventsIn}, {@code eventsRejected}, {@code eventsLate}, {@code watermark},
 * {@code updatedAt}); the sampler sums them over subtasks. Events per second come from the job's own report times
 * over a sliding window ({@link #RATE_WINDOW}), not from two samples of this sampler: the job reports less often than
 * the dashboard asks, so two samples in a row mostly see the same counters (docs/web-ui.md). Rejected and late events
 * are rates the same way; the events-in rate at each report of the last {@link #SPARKLINE} draws the sparkline.
 */
public final class PipelineSampler {

    static final String INGEST_PREFIX = "job-ingest-";
    /** Counters older than this are no longer "now": the rate is shown as no data. */
    static final Duration STALE = Duration.ofSeconds(60);
    /** The rate is the events counted between the oldest and the newest report within this long. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    /** How far back the throughput sparkline reaches. */
    static final Duration SPARKLINE = Duration.ofMinutes(10);

    /** The summed counters as of the newest report that went into them. */
    private record Observation(Instant reportedAt, long eventsIn, long rejected, long late) {}

    /** Events per second as of one report: a point of the sparkline. */
    private record Point(Instant reportedAt, double perSecond) {}

    private final JobReports reports;
    private final Supplier<PipelineHealth.Part> kafka;
    private final Supplier<PipelineHealth.Part> elasticsearch;
    private final Supplier<PipelineHealth.Part> job;
    private final Clock clock;

    private volatile PipelineHealth latest;
    private final Deque<Observation> window = new ArrayDeque<>();
    private final Deque<Point> history = new ArrayDeque<>();

    public PipelineSampler(JobReports reports, Supplier<PipelineHealth.Part> kafka,
            Supplier<PipelineHealth.Part> elasticsearch, Supplier<PipelineHealth.Part> job, Clock clock) {
        this.reports = reports;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.job = job;
        this.clock = clock;
        this.latest = PipelineHealth.unknown(clock.instant());
    }

    public PipelineHealth latest() {
        return latest;
    }

    /** Takes one sample; called by the live-update thread every few seconds. */
    public synchronized PipelineHealth sample() {
        Instant now = clock.instant();
        PipelineHealth.Part k = kafka.get();
        PipelineHealth.Part e = elasticsearch.get();
        PipelineHealth.Part j = job.get();
        Optional<Long> in = Optional.empty();
        Optional<Long> rejected = Optional.empty();
        Optional<Long> late = Optional.empty();
        Optional<Long> lag = Optional.empty();
        Optional<Double> rate = Optional.empty();
        Optional<Double> rejectedRate = Optional.empty();
        Optional<Double> lateRate = Optional.empty();
        Optional<Long> storeRefused = Optional.empty();
        try {
            long sumIn = 0;
            long sumRejected = 0;
            long sumLate = 0;
            Instant slowest = null;
            Instant newest = Instant.EPOCH;
            int reports = 0;
            for (JobReports.Report report : this.reports.reports()) {
                if (!report.id().startsWith(INGEST_PREFIX)) {
                    continue;
                }
                reports++;
                sumIn += report.counter("eventsIn");
                sumRejected += report.counter("eventsRejected");
                sumLate += report.counter("eventsLate");
                if (report.watermark().isPresent() && (slowest == null || report.watermark().get().isBefore(slowest))) {
                    slowest = report.watermark().get();
                }
                if (report.updatedAt().isPresent() && report.updatedAt().get().isAfter(newest)) {
                    newest = report.updatedAt().get();
                }
            }
            if (reports > 0) {
                in = Optional.of(sumIn);
                rejected = Optional.of(sumRejected);
                late = Optional.of(sumLate);
                if (slowest != null) {
                    lag = Optional.of(Math.max(0, Duration.between(slowest, now).toMillis()));
                }
                boolean fresh = Duration.between(newest, now).compareTo(STALE) <= 0;
                observe(new Observation(newest, sumIn, sumRejected, sumLate));
                rate = fresh ? rate(Observation::eventsIn) : Optional.of(0.0);
                rejectedRate = fresh ? rate(Observation::rejected) : Optional.of(0.0);
                lateRate = fresh ? rate(Observation::late) : Optional.of(0.0);
            }
            storeRefused = Optional.of(this.reports.refusals().count());
        } catch (Elasticsearch.UnavailableException ex) {
            // Elasticsearch down: the strip says so through its part; counters are no data
        }
        while (!history.isEmpty() && history.peekFirst().reportedAt().isBefore(now.minus(SPARKLINE))) {
            history.removeFirst();
        }
        latest = new PipelineHealth(now, rate, in, rejected, late, lag, storeRefused, k, e, j, rejectedRate,
                lateRate, history.stream().map(Point::perSecond).toList());
        return latest;
    }

    /**
     * Adds the counters of a new report, and the rate they give to the sparkline; a counter that went down means the
     * job started again.
     */
    private void observe(Observation o) {
        Observation last = window.peekLast();
        if (last != null && !o.reportedAt().isAfter(last.reportedAt())) {
            return;
        }
        if (last != null && (o.eventsIn() < last.eventsIn() || o.rejected() < last.rejected()
                || o.late() < last.late())) {
            window.clear();
        }
        window.addLast(o);
        while (window.size() > 2 && window.peekFirst().reportedAt().isBefore(o.reportedAt().minus(RATE_WINDOW))) {
            window.removeFirst();
        }
        rate(Observation::eventsIn).ifPresent(r -> history.addLast(new Point(o.reportedAt(), r)));
    }

    /** The growth of one counter per second between the oldest and the newest report in the window. */
    private Optional<Double> rate(ToLongFunction<Observation> counter) {
        if (window.size() < 2) {
            return Optional.empty();
        }
        Observation first = window.peekFirst();
        Observation last = window.peekLast();
        double seconds = Duration.between(first.reportedAt(), last.reportedAt()).toMillis() / 1000.0;
        return seconds > 0 ? Optional.of((counter.applyAsLong(last) - counter.applyAsLong(first)) / seconds)
                : Optional.empty();
    }
}
