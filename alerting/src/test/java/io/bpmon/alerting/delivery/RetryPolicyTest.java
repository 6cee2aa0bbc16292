package io.bpmon.alerting.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy lowest = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 5,
            Duration.ofHours(1), () -> 0.0);
    private final RetryPolicy highest = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 5,
            Duration.ofHours(1), () -> 0.999);

    @Test
    void shouldDoubleTheWaitWithJitterUpToTheCap() {
        assertThat(lowest.delay(1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.delay(2, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.delay(4, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.delay(4, null)).isBetween(Duration.ofMillis(7900), Duration.ofSeconds(8));
        assertThat(highest.delay(30, null)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(lowest.delay(30, null)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void shouldHonourALongerRetryAfter() {
        assertThat(lowest.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(lowest.delay(10, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsOrTime() {
        assertThat(lowest.exhausted(4, Duration.ofMinutes(1))).isFalse();
        assertThat(lowest.exhausted(5, Duration.ofMinutes(1))).isTrue();
        assertThat(lowest.exhausted(1, Duration.ofHours(1))).isTrue();
    }
}
