package io.bpmon.core.rules;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VelocityWindowTest {

    private static final long TEN_SECONDS = 10_000;
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    @Test
    void shouldUseTenSecondBucketsUpToAnHourAndAtMost360BucketsBeyond() {
        assertThat(VelocityWindow.bucketMillis(Duration.ofMinutes(1))).isEqualTo(10_000);
        assertThat(VelocityWindow.bucketMillis(Duration.ofMinutes(15))).isEqualTo(10_000);
        assertThat(VelocityWindow.bucketMillis(Duration.ofHours(1))).isEqualTo(10_000);
        assertThat(VelocityWindow.bucketMillis(Duration.ofHours(2))).isEqualTo(20_000);
        assertThat(VelocityWindow.bucketMillis(Duration.ofMinutes(61))).isEqualTo(20_000);
        assertThat(VelocityWindow.bucketMillis(Duration.ofDays(1))).isEqualTo(240_000);
    }

    @Test
    void shouldAlignBucketsToTheEpoch() {
        assertThat(VelocityWindow.bucketStart(ms(seconds(7)), TEN_SECONDS)).isEqualTo(ms(BEGINNING));
        assertThat(VelocityWindow.bucketStart(ms(seconds(10)), TEN_SECONDS)).isEqualTo(ms(seconds(10)));
        assertThat(VelocityWindow.bucketStart(-1, TEN_SECONDS)).isEqualTo(-TEN_SECONDS);
        assertThat(VelocityWindow.nextBoundary(ms(seconds(7)), TEN_SECONDS)).isEqualTo(ms(seconds(10)));
        assertThat(VelocityWindow.nextBoundary(ms(seconds(10)), TEN_SECONDS)).isEqualTo(ms(seconds(20)));
    }

    @Test
    void shouldCountTheBucketsOfTheWindowEndingAtABoundary() {
        VelocityWindow window = new VelocityWindow(TEN_SECONDS);
        window.add(ms(seconds(-1)), 1);  // before the window ending at 60 s
        window.add(ms(seconds(0)), 1);   // first instant of it
        window.add(ms(seconds(35)), 2);
        window.add(ms(seconds(59)), 1);  // last bucket of it
        window.add(ms(seconds(60)), 5);  // after it

        assertThat(window.count(ms(seconds(60)), ONE_MINUTE)).isEqualTo(4);
        assertThat(window.count(ms(seconds(70)), ONE_MINUTE)).isEqualTo(8);
        assertThat(window.count(ms(seconds(130)), ONE_MINUTE)).isZero();
    }

    @Test
    void shouldRoundAWindowUpToWholeBuckets() {
        assertThat(VelocityWindow.span(Duration.ofMinutes(1), TEN_SECONDS)).isEqualTo(60_000);
        assertThat(VelocityWindow.span(Duration.ofSeconds(65), TEN_SECONDS)).isEqualTo(70_000);
    }

    @Test
    void shouldPruneBucketsBeforeTheWindow() {
        VelocityWindow window = new VelocityWindow(TEN_SECONDS);
        window.add(ms(seconds(5)), 1);
        window.add(ms(seconds(15)), 1);
        window.add(ms(seconds(75)), 1);

        assertThat(window.prune(ms(seconds(80)), ONE_MINUTE)).containsExactly(ms(seconds(0)), ms(seconds(10)));
        assertThat(window.prune(ms(seconds(80)), ONE_MINUTE)).isEmpty();
        assertThat(window.buckets()).containsOnly(entry(ms(seconds(70)), 1L));
        assertThat(window.oldest()).isEqualTo(ms(seconds(70)));
    }

    @Test
    void shouldMergeBucketsIntoLongerOnesExactly() {
        VelocityWindow fine = new VelocityWindow(TEN_SECONDS);
        fine.add(ms(seconds(0)), 1);
        fine.add(ms(seconds(10)), 2);
        fine.add(ms(seconds(20)), 4);

        VelocityWindow coarse = VelocityWindow.of(20_000, fine.buckets().entrySet());

        assertThat(coarse.buckets()).containsExactly(entry(ms(seconds(0)), 3L), entry(ms(seconds(20)), 4L));
        assertThat(coarse.count(ms(seconds(40)), Duration.ofSeconds(40))).isEqualTo(7);
    }

    @Test
    void shouldRememberASegmentForADayAfterItWasLastSeen() {
        assertThat(VelocityWindow.remembers(ms(BEGINNING), ms(hours(24)))).isTrue();
        assertThat(VelocityWindow.remembers(ms(BEGINNING), ms(hours(24)) + 1)).isFalse();
        assertThat(VelocityWindow.remembers(ms(minutes(5)), ms(BEGINNING))).isTrue();
        assertThat(new VelocityWindow(TEN_SECONDS).oldest()).isNull();
        assertThat(VelocityWindow.of(TEN_SECONDS, Map.<Long, Long>of().entrySet()).buckets()).isEmpty();
    }

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }
}
