package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.time.LiveWatermark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Flink glue for {@link LiveWatermark}: event time from {@code occurredAt}, one generator per Kafka partition.
 *
 * <p>Flink's source reader creates one more generator per reader, for its main output, and emits the larger of that
 * one's watermark and the partitions' combined one. Kafka records all travel through the partitions' outputs, so that
 * generator never sees an event; left to itself it would follow the wall clock after the startup grace and drag
 * event time past every backlog (docs/event-time.md). A generator that has seen no event therefore never runs ahead
 * of a sibling that has: the generators of one reader come from one deserialized strategy, which keeps them in a
 * list (one task thread uses them all).
 */
public final class LiveWatermarks {

    /** A partition with no event for this long lets event time follow the wall clock. */
    public static final Duration IDLE_AFTER = Duration.ofSeconds(2);
    /** How long a partition that has not delivered anything yet holds event time back after (re)start. */
    public static final Duration STARTUP_GRACE = Duration.ofSeconds(10);

    private LiveWatermarks() {}

    public static WatermarkStrategy<Ingested> strategy(EngineConfig config, WallClock clock) {
        return strategy(config.allowedLateness(), config.maxClockSkew(), IDLE_AFTER, STARTUP_GRACE, clock);
    }

    public static WatermarkStrategy<Ingested> strategy(Duration lateness, Duration maxSkew, Duration idleAfter,
            Duration startupGrace, WallClock clock) {
        return new ReaderStrategy(lateness, maxSkew, idleAfter, startupGrace, clock)
                .withTimestampAssigner((record, previous) -> record.isValid()
                        ? record.event().occurredAt().toEpochMilli()
                        : previous);
    }

    /** Creates the generators of one source reader (one instance per reader once Flink deserialized it). */
    private static final class ReaderStrategy implements WatermarkStrategy<Ingested> {
        private static final long serialVersionUID = 1L;
        private final Duration lateness;
        private final Duration maxSkew;
        private final Duration idleAfter;
        private final Duration startupGrace;
        private final WallClock clock;
        private transient List<Generator> siblings;

        ReaderStrategy(Duration lateness, Duration maxSkew, Duration idleAfter, Duration startupGrace,
                WallClock clock) {
            this.lateness = lateness;
            this.maxSkew = maxSkew;
            this.idleAfter = idleAfter;
            this.startupGrace = startupGrace;
            this.clock = clock;
        }

        @Override
        public WatermarkGenerator<Ingested> createWatermarkGenerator(WatermarkGeneratorSupplier.Context ctx) {
            if (siblings == null) {
                siblings = new ArrayList<>();
            }
            // quiet is measured on Flink's input activity clock, which stands still while the source is
            // back-pressured: a job waiting for Elasticsearch must not take its partitions for quiet
            Generator generator = new Generator(new LiveWatermark(lateness, maxSkew, idleAfter, startupGrace,
                    ctx.getInputActivityClock().relativeTimeMillis()), clock, ctx.getInputActivityClock(), siblings);
            siblings.add(generator);
            return generator;
        }
    }

    /**
     * For a stream without event time (the rules): its watermark is always {@code Long.MAX_VALUE}, so when it is
     * connected to the events it never holds their event time back.
     */
    public static <T> WatermarkStrategy<T> neverHoldingBack() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long timestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }

    private static final class Generator implements WatermarkGenerator<Ingested> {
        private final LiveWatermark watermark;
        private final WallClock clock;
        private final RelativeClock activity;
        private final List<Generator> siblings;
        private long lastEmitted = Long.MIN_VALUE;

        Generator(LiveWatermark watermark, WallClock clock, RelativeClock activity, List<Generator> siblings) {
            this.watermark = watermark;
            this.clock = clock;
            this.activity = activity;
            this.siblings = siblings;
        }

        @Override
        public void onEvent(Ingested record, long timestamp, WatermarkOutput output) {
            if (record.isValid()) { // a dead letter says nothing about event time
                watermark.onEvent(timestamp, clock.millis(), activity.relativeTimeMillis());
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long wm = watermark.watermark(clock.millis(), activity.relativeTimeMillis());
            if (!watermark.hasSeenEvents()) {
                // the reader's main output, or a partition silent since (re)start: the wall clock only when no
                // sibling has events, else never ahead of those that have
                for (Generator s : siblings) {
                    if (s != this && s.watermark.hasSeenEvents()) {
                        wm = Math.min(wm, s.lastEmitted);
                    }
                }
            }
            if (wm > lastEmitted) {
                lastEmitted = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
    }
}
