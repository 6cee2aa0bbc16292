package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.time.LiveWatermark;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/** Flink glue for {@link LiveWatermark}: event time from {@code occurredAt}, one generator per Kafka partition. */
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
        // quiet is measured on Flink's input activity clock, which stands still while the source is back-pressured:
        // a job waiting for Elasticsearch must not take its partitions for quiet (docs/event-time.md)
        WatermarkStrategy<Ingested> strategy = ctx -> new Generator(new LiveWatermark(lateness, maxSkew, idleAfter,
                startupGrace, ctx.getInputActivityClock().relativeTimeMillis()), clock, ctx.getInputActivityClock());
        return strategy.withTimestampAssigner((record, previous) -> record.isValid()
                ? record.event().occurredAt().toEpochMilli()
                : previous);
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
        private long lastEmitted = Long.MIN_VALUE;

        Generator(LiveWatermark watermark, WallClock clock, RelativeClock activity) {
            this.watermark = watermark;
            this.clock = clock;
            this.activity = activity;
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
            if (wm > lastEmitted) {
                lastEmitted = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
    }
}
