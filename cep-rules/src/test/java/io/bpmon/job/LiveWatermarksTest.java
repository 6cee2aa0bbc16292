package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.EngineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink side of {@link LiveWatermarks}: the generator and timestamp assigner Flink creates from the strategy,
 * driven by a fake wall clock. While events flow, event time trails the newest event by the allowed lateness; on
 * a quiet stream it follows the wall clock, so deadlines still fire (docs/event-time.md: a quiet
 * stream must not hold deadlines back).
 */
class LiveWatermarksTest {

    static final Duration LATENESS = Duration.ofSeconds(10);
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final Duration IDLE_AFTER = Duration.ofSeconds(2);
    static final Duration STARTUP_GRACE = Duration.ofSeconds(10);
    static final long L = LATENESS.toMillis();

    private FakeWallClock clock;
    /** Flink's input activity clock: it stands still while the source is back-pressured (FLINK-35886). */
    private final ManualClock activity = new ManualClock();
    private WatermarkStrategy<Ingested> strategy;
    private WatermarkGenerator<Ingested> generator;
    private TimestampAssigner<Ingested> timestamps;
    private final RecordingOutput output = new RecordingOutput();

    @BeforeEach
    void createGenerator() {
        clock = new FakeWallClock(BEGINNING);
        strategy = LiveWatermarks.strategy(LATENESS, MAX_SKEW, IDLE_AFTER, STARTUP_GRACE, clock);
        generator = strategy.createWatermarkGenerator(new GeneratorContext());
        timestamps = strategy.createTimestampAssigner(UnregisteredMetricsGroup::new);
    }

    @Test
    void shouldHoldEventTimeBackDuringStartupGraceThenFollowTheWallClock() {
        emit();
        advance(STARTUP_GRACE.minusMillis(1));
        emit();
        assertThat(output.watermarks).as("a partition that delivered nothing yet waits for its backlog").isEmpty();

        advance(Duration.ofMillis(1));
        emit();

        assertThat(output.watermarks).containsExactly(clock.millis() - L - 1);
    }

    @Test
    void shouldTrailTheNewestEventByTheAllowedLatenessWhileEventsFlow() {
        onEvent(Ingested.valid(placed("o-1", seconds(0))));
        advance(Duration.ofMillis(500));
        onEvent(Ingested.valid(placed("o-2", seconds(30))));
        emit();
        assertThat(output.last()).isEqualTo(seconds(30).toEpochMilli() - L - 1);

        advance(Duration.ofMillis(500));
        onEvent(Ingested.valid(paid("o-1", seconds(5)))); // out of order: must not pull event time back
        emit();
        advance(Duration.ofMillis(500));
        onEvent(Ingested.valid(paid("o-2", seconds(31))));
        emit();

        assertThat(output.watermarks).containsExactly(
                seconds(30).toEpochMilli() - L - 1,
                seconds(31).toEpochMilli() - L - 1);
    }

    @Test
    void shouldReplayABacklogByEventTimeAloneWhileItFlows() {
        // a backlog an hour old, read quickly: the wall clock must not push event time past it
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofMillis(100));
            onEvent(Ingested.valid(placed("o-" + i, seconds(-3600 + i))));
            emit();
        }

        assertThat(output.last()).isEqualTo(seconds(-3600 + 19).toEpochMilli() - L - 1);
    }

    @Test
    void shouldFollowTheWallClockOnceTheStreamHasBeenQuietForIdleAfter() {
        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        emit();
        long whileActive = BEGINNING.toEpochMilli() - L - 1;

        advance(IDLE_AFTER.minusMillis(1));
        emit();
        assertThat(output.watermarks).containsExactly(whileActive);

        advance(Duration.ofMillis(1));
        emit();
        assertThat(output.last()).isEqualTo(clock.millis() - L - 1);

        advance(Duration.ofMinutes(30));
        emit();
        assertThat(output.last()).as("time keeps passing with no events at all").isEqualTo(clock.millis() - L - 1);
    }

    @Test
    void shouldNeverMoveEventTimeBackWhenEventsResumeAfterAQuietPeriod() {
        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        advance(Duration.ofMinutes(10));
        emit();
        long quietWatermark = output.last();

        onEvent(Ingested.valid(paid("o-1", BEGINNING.plusSeconds(1)))); // an old event ends the quiet period
        emit();
        advance(Duration.ofMillis(200));
        emit();

        assertThat(output.watermarks).containsExactly(quietWatermark);
        assertThat(output.watermarks).isSorted();
    }

    @Test
    void shouldNotTakeABackPressuredSourceForAQuietOne() {
        // the job waits for Elasticsearch: records wait in Kafka, on time; event time must not run past them
        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        emit();
        backPressured(Duration.ofSeconds(90));
        emit();
        assertThat(output.watermarks).containsExactly(BEGINNING.toEpochMilli() - L - 1);

        advance(IDLE_AFTER); // reading again, and nothing comes: now the stream is quiet
        emit();
        assertThat(output.last()).isEqualTo(clock.millis() - L - 1);
    }

    @Test
    void shouldCountTheStartupGraceInTimeTheSourceCouldRead() {
        backPressured(Duration.ofMinutes(1));
        emit();
        assertThat(output.watermarks).isEmpty();

        advance(STARTUP_GRACE);
        emit();
        assertThat(output.watermarks).containsExactly(clock.millis() - L - 1);
    }

    /**
     * Flink's source reader asks the strategy for one generator per split and one for its own main output, and emits
     * the larger of the main output's watermark and the splits' combined one. Kafka records all go through split
     * outputs, so the main output's generator never sees an event: it must never run ahead of a split that has
     * events (./bpmon chaos: after Elasticsearch came back, the backlog read from Kafka was judged by the wall
     * clock, 2,000 and more on-time events flagged late).
     */
    @Test
    void shouldNotLetAGeneratorWithoutEventsRunAheadOfOneWithEvents() {
        WatermarkGenerator<Ingested> mainOutput = generator; // created first, as Flink creates the reader's
        WatermarkGenerator<Ingested> split = strategy.createWatermarkGenerator(new GeneratorContext());
        RecordingOutput splitOutput = new RecordingOutput();
        advance(STARTUP_GRACE); // past the grace: a generator without events would follow the wall clock
        split.onEvent(Ingested.valid(placed("o-1", BEGINNING)), BEGINNING.toEpochMilli(), splitOutput);
        split.onPeriodicEmit(splitOutput);
        emit();
        backPressured(Duration.ofMinutes(2)); // the job waits for Elasticsearch; the backlog grows in Kafka
        split.onPeriodicEmit(splitOutput);
        emit();

        assertThat(splitOutput.watermarks).containsExactly(BEGINNING.toEpochMilli() - L - 1);
        assertThat(output.watermarks).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(splitOutput.last()));
    }

    @Test
    void shouldFollowTheWallClockWhenNoGeneratorHasSeenAnEvent() {
        // a restart on a quiet stream: no partition delivers anything, deadlines must still fire
        WatermarkGenerator<Ingested> split = strategy.createWatermarkGenerator(new GeneratorContext());
        RecordingOutput splitOutput = new RecordingOutput();
        advance(STARTUP_GRACE);
        split.onPeriodicEmit(splitOutput);
        emit();

        assertThat(splitOutput.watermarks).containsExactly(clock.millis() - L - 1);
        assertThat(output.watermarks).containsExactly(clock.millis() - L - 1);
    }

    @Test
    void shouldIgnoreEventTimesTooFarAheadOfTheWallClock() {
        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        onEvent(Ingested.valid(placed("o-2", Instant.ofEpochMilli(clock.millis()).plus(MAX_SKEW).plusMillis(1))));
        emit();

        assertThat(output.watermarks).containsExactly(BEGINNING.toEpochMilli() - L - 1);
    }

    @Test
    void shouldNotTakeDeadLettersForActivity() {
        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        for (int i = 0; i < 5; i++) { // a producer that sends only garbage for a while
            advance(Duration.ofSeconds(1));
            onEvent(Ingested.invalid(new DeadLetter(null, new byte[] {'x'}, "$: not valid JSON", "t/0@" + i)));
        }
        emit();

        assertThat(output.last()).isEqualTo(clock.millis() - L - 1);
    }

    @Test
    void shouldTakeEventTimeFromOccurredAtAndLeaveDeadLettersTheirRecordTimestamp() {
        Ingested event = Ingested.valid(paid("o-1", seconds(42)).withReceivedAt(seconds(50)));
        Ingested deadLetter = Ingested.invalid(new DeadLetter(null, new byte[0], "$: empty message", "t/0@1"));

        assertThat(timestamps.extractTimestamp(event, 123L)).isEqualTo(seconds(42).toEpochMilli());
        assertThat(timestamps.extractTimestamp(deadLetter, 123L)).isEqualTo(123L);
    }

    @Test
    void shouldBuildTheSameGeneratorFromTheEngineConfiguration() {
        EngineConfig config = new EngineConfig(LATENESS, MAX_SKEW, EngineConfig.DEFAULT_FINISHED_RETENTION,
                EngineConfig.DEFAULT_ABANDONED_RETENTION, EngineConfig.DEFAULT_CHECKPOINT_INTERVAL, null, 2,
                EngineConfig.defaults().lifecycle(), EngineConfig.DEFAULT_MAX_FUTURE, null);
        generator = LiveWatermarks.strategy(config, clock).createWatermarkGenerator(new GeneratorContext());

        onEvent(Ingested.valid(placed("o-1", BEGINNING)));
        emit();
        advance(LiveWatermarks.IDLE_AFTER);
        emit();

        assertThat(output.watermarks).containsExactly(BEGINNING.toEpochMilli() - L - 1, clock.millis() - L - 1);
    }

    /** Time passes while the source reads (or could read) its input. */
    private void advance(Duration d) {
        clock.advance(d);
        activity.advanceTime(d);
    }

    /** Time passes while the source cannot hand records on (the job waits downstream): only the wall clock moves. */
    private void backPressured(Duration d) {
        clock.advance(d);
    }

    private void onEvent(Ingested record) {
        generator.onEvent(record, timestamps.extractTimestamp(record, clock.millis()), output);
    }

    private void emit() {
        generator.onPeriodicEmit(output);
    }

    /** A wall clock that moves only when told; serializable like the real one, since it travels with the job. */
    static final class FakeWallClock implements WallClock {
        private static final long serialVersionUID = 1L;
        private volatile long now;

        FakeWallClock(Instant start) {
            now = start.toEpochMilli();
        }

        void advance(Duration d) {
            now += d.toMillis();
        }

        @Override
        public long millis() {
            return now;
        }
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("a live monitor advances time instead of going idle");
        }

        @Override
        public void markActive() {}

        long last() {
            assertThat(watermarks).as("watermarks emitted").isNotEmpty();
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private final class GeneratorContext implements WatermarkGeneratorSupplier.Context {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public RelativeClock getInputActivityClock() {
            return activity;
        }
    }
}
