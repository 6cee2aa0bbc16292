package io.bpmon.core.time;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * All times are explicit: {@code now} is a wall-clock reading the test chooses, never the real clock. The monitor
 * starts at {@link io.bpmon.core.fixtures.Events#BEGINNING}.
 */
class LiveWatermarkTest {

    private static final Duration LATENESS = Duration.ofSeconds(10);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration IDLE_AFTER = Duration.ofSeconds(3);
    private static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

    private final LiveWatermark watermark = new LiveWatermark(LATENESS, MAX_SKEW, IDLE_AFTER, STARTUP_GRACE, ms(BEGINNING));

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }

    /** The watermark that makes everything up to {@code t - allowedLateness} complete. */
    private static long trailing(Instant t) {
        return ms(t) - LATENESS.toMillis() - 1;
    }

    @Test
    void shouldTrailNewestEventByAllowedLatenessWhileActive() {
        watermark.onEvent(ms(seconds(1)), ms(seconds(1)));
        assertThat(watermark.watermark(ms(seconds(1)))).isEqualTo(trailing(seconds(1)));

        watermark.onEvent(ms(seconds(5)), ms(seconds(2)));
        assertThat(watermark.watermark(ms(seconds(2)))).isEqualTo(trailing(seconds(5)));
    }

    @Test
    void shouldNotMoveBackForOutOfOrderEvents() {
        watermark.onEvent(ms(seconds(20)), ms(seconds(20)));
        watermark.onEvent(ms(seconds(12)), ms(seconds(21)));

        assertThat(watermark.watermark(ms(seconds(21)))).isEqualTo(trailing(seconds(20)));
    }

    @Test
    void shouldKeepAnEventWithinAllowedLatenessOnTime() {
        watermark.onEvent(ms(seconds(100)), ms(seconds(100)));
        long wm = watermark.watermark(ms(seconds(100)));

        Instant outOfOrderButInTime = seconds(100).minus(LATENESS);

        assertThat(ms(outOfOrderButInTime)).isGreaterThan(wm);
    }

    @Test
    void shouldJudgeReplayedHistoryByEventTimeAlone() {
        // a backlog from two days ago read at full speed: the wall clock must not leak in
        Instant now = seconds(1);
        for (int i = 0; i < 100; i++) {
            watermark.onEvent(ms(hours(-48).plusSeconds(i)), ms(now));
        }

        assertThat(watermark.watermark(ms(now))).isEqualTo(trailing(hours(-48).plusSeconds(99)));
    }

    @Test
    void shouldAdvanceWithWallClockWhenIdleAfterIdleAfter() {
        watermark.onEvent(ms(BEGINNING), ms(BEGINNING));

        assertThat(watermark.watermark(ms(BEGINNING.plus(IDLE_AFTER).minusMillis(1)))).isEqualTo(trailing(BEGINNING));
        assertThat(watermark.watermark(ms(BEGINNING.plus(IDLE_AFTER))))
                .isEqualTo(trailing(BEGINNING.plus(IDLE_AFTER)));
        assertThat(watermark.watermark(ms(seconds(60)))).isEqualTo(trailing(seconds(60)));
        assertThat(watermark.watermark(ms(hours(5)))).isEqualTo(trailing(hours(5)));
    }

    @Test
    void shouldJumpToWallClockWhenReplayedHistoryEnds() {
        watermark.onEvent(ms(hours(-48)), ms(seconds(1)));

        assertThat(watermark.watermark(ms(seconds(1).plus(IDLE_AFTER)))).isEqualTo(trailing(seconds(1).plus(IDLE_AFTER)));
    }

    @Test
    void shouldWaitForStartupGraceWhenPartitionHasNoEvents() {
        assertThat(watermark.watermark(ms(BEGINNING))).isEqualTo(Long.MIN_VALUE);
        assertThat(watermark.watermark(ms(BEGINNING.plus(IDLE_AFTER)))).isEqualTo(Long.MIN_VALUE);
        assertThat(watermark.watermark(ms(BEGINNING.plus(STARTUP_GRACE).minusMillis(1)))).isEqualTo(Long.MIN_VALUE);

        assertThat(watermark.watermark(ms(BEGINNING.plus(STARTUP_GRACE))))
                .isEqualTo(trailing(BEGINNING.plus(STARTUP_GRACE)));
        assertThat(watermark.watermark(ms(hours(1)))).isEqualTo(trailing(hours(1)));
    }

    @Test
    void shouldReadBacklogBeforeJumpingToNow() {
        // events keep coming past the startup grace: time stays with them
        for (int i = 0; i < 60; i++) {
            watermark.onEvent(ms(hours(-2).plusSeconds(i)), ms(seconds(i)));
        }

        assertThat(watermark.watermark(ms(seconds(59)))).isEqualTo(trailing(hours(-2).plusSeconds(59)));
    }

    @Test
    void shouldNotTurnQuietWhileThePartitionCannotBeRead() {
        // activity time stands still while the job is back-pressured; the wall clock goes on
        watermark.onEvent(ms(BEGINNING), ms(BEGINNING), 0);

        assertThat(watermark.watermark(ms(seconds(90)), 1_000)).isEqualTo(trailing(BEGINNING));
        assertThat(watermark.watermark(ms(seconds(91)), IDLE_AFTER.toMillis()))
                .as("quiet once it could be read for idleAfter and nothing came").isEqualTo(trailing(seconds(91)));
    }

    @Test
    void shouldCountTheStartupGraceInActivityTime() {
        LiveWatermark fresh = new LiveWatermark(LATENESS, MAX_SKEW, IDLE_AFTER, STARTUP_GRACE, 5_000);

        assertThat(fresh.watermark(ms(hours(1)), 5_000 + STARTUP_GRACE.toMillis() - 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(fresh.watermark(ms(hours(1)), 5_000 + STARTUP_GRACE.toMillis())).isEqualTo(trailing(hours(1)));
    }

    @Test
    void shouldNeverDecrease() {
        watermark.onEvent(ms(BEGINNING), ms(BEGINNING));
        long idle = watermark.watermark(ms(seconds(60)));
        assertThat(idle).isEqualTo(trailing(seconds(60)));

        // activity resumes with event times behind the wall clock
        watermark.onEvent(ms(seconds(5)), ms(seconds(61)));

        assertThat(watermark.watermark(ms(seconds(61)))).isEqualTo(idle);
        // an earlier wall-clock reading (clock adjusted backwards) cannot move it back either
        assertThat(watermark.watermark(ms(seconds(30)))).isEqualTo(idle);
    }

    @Test
    void shouldNeverDecreaseUnderArbitraryInput() {
        Random random = new Random(42);
        long now = ms(BEGINNING);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            now += random.nextInt(2_000);
            if (random.nextInt(3) > 0) {
                watermark.onEvent(now + random.nextInt(1_200_000) - 900_000, now);
            }
            long wm = watermark.watermark(now);
            assertThat(wm).isGreaterThanOrEqualTo(previous);
            previous = wm;
        }
    }

    @Test
    void shouldIgnoreEventTimeFurtherAheadThanMaxClockSkew() {
        watermark.onEvent(ms(seconds(1)), ms(seconds(1)));

        watermark.onEvent(ms(seconds(2).plus(MAX_SKEW).plusMillis(1)), ms(seconds(2)));

        assertThat(watermark.watermark(ms(seconds(2)))).isEqualTo(trailing(seconds(1)));
    }

    @Test
    void shouldAcceptEventTimeExactlyMaxClockSkewAhead() {
        watermark.onEvent(ms(seconds(2).plus(MAX_SKEW)), ms(seconds(2)));

        assertThat(watermark.watermark(ms(seconds(2)))).isEqualTo(trailing(seconds(2).plus(MAX_SKEW)));
    }

    @Test
    void shouldLetPartitionWithOnlyFarFutureEventsFollowWallClock() {
        // a producer with a wrong clock must neither fire every deadline nor stop time for everyone
        for (int i = 0; i <= 60; i++) {
            watermark.onEvent(ms(hours(24).plusSeconds(i)), ms(seconds(i)));
        }

        assertThat(watermark.watermark(ms(seconds(60)))).isEqualTo(trailing(seconds(60)));
    }

    @Test
    void shouldAcceptFarFutureEventOnceTheWallClockCatchesUp() {
        Instant eventTime = BEGINNING.plus(MAX_SKEW).plusSeconds(60);
        watermark.onEvent(ms(eventTime), ms(BEGINNING));
        assertThat(watermark.watermark(ms(BEGINNING))).isEqualTo(Long.MIN_VALUE);

        watermark.onEvent(ms(eventTime), ms(seconds(60)));

        assertThat(watermark.watermark(ms(seconds(60)))).isEqualTo(trailing(eventTime));
    }

    @Test
    void shouldTrailByOneMillisecondWithZeroLateness() {
        LiveWatermark strict = new LiveWatermark(Duration.ZERO, MAX_SKEW, IDLE_AFTER, STARTUP_GRACE, ms(BEGINNING));

        strict.onEvent(ms(seconds(1)), ms(seconds(1)));

        assertThat(strict.watermark(ms(seconds(1)))).isEqualTo(ms(seconds(1)) - 1);
    }
}
