package io.bpmon.web.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-28T10:00:00Z");
    private final MutableClock clock = new MutableClock(BEGINNING);
    private final AuthThrottle throttle = new AuthThrottle(clock);

    @Test
    void shouldBlockAnAddressAfterTenFailuresWithinAMinuteUntilThatMinuteHasPassed() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(5));
            assertThat(throttle.blockedFor("10.0.0.1")).as("after " + (i + 1)).isEmpty();
        }
        throttle.failed("10.0.0.1"); // the 10th, 45 s after the first
        assertThat(throttle.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(15));
        assertThat(AuthThrottle.retryAfterSeconds(throttle.blockedFor("10.0.0.1").orElseThrow())).isEqualTo(15);
        assertThat(throttle.blockedFor("10.0.0.2")).as("another address").isEmpty();

        clock.advance(Duration.ofSeconds(14));
        assertThat(throttle.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("10.0.0.1")).as("the first failure is a minute old").isEmpty();
    }

    @Test
    void shouldNotCountFailuresOlderThanAMinute() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(7)); // 10 failures spread over 70 s
        }
        assertThat(throttle.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSeconds() {
        assertThat(AuthThrottle.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(AuthThrottle.retryAfterSeconds(Duration.ofMillis(59_001))).isEqualTo(60);
        assertThat(AuthThrottle.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void shouldForgetAddressesWhoseFailuresExpiredAndTrackABoundedNumber() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("10.0.1." + i);
        }
        assertThat(throttle.trackedAddresses()).isEqualTo(100);
        clock.advance(AuthThrottle.WINDOW.plusSeconds(1));
        throttle.failed("10.0.2.1");
        assertThat(throttle.trackedAddresses()).isEqualTo(1);

        for (int i = 0; i < AuthThrottle.MAX_ADDRESSES + 500; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(throttle.trackedAddresses()).isEqualTo(AuthThrottle.MAX_ADDRESSES);
    }
}
