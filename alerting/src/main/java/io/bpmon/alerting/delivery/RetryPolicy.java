package io.bpmon.alerting.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits {@code initial * 2^(n-1)}, capped at {@code max}, scaled by a
 * random factor in [0.5, 1) so that many failed messages do not retry in lockstep. A receiver's own
 * {@code Retry-After} wins when it asks for longer. After {@code maxAttempts}, or once {@code giveUpAfter} has passed
 * since the first attempt, the message is reported as failed instead of retried forever.
 */
public record RetryPolicy(Duration initial, Duration max, int maxAttempts, Duration giveUpAfter,
        DoubleSupplier random) {

    public static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 12, Duration.ofHours(1),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
    public Duration delay(int attempts, Duration retryAfter) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
        Duration backoff = Duration.ofMillis((long) (millis * (0.5 + random.getAsDouble() / 2)));
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /** Whether to stop after {@code attempts} failed attempts, the first {@code elapsed} ago. */
    public boolean exhausted(int attempts, Duration elapsed) {
        return attempts >= maxAttempts || elapsed.compareTo(giveUpAfter) >= 0;
    }
}
