package io.bpmon.core.simulation;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Duration arithmetic with real-valued factors and random spans, at millisecond resolution (the resolution of event
 * times), for the traffic model. Not to be confused with {@code io.bpmon.core.time.Durations}, which reads and writes
 * durations the way people type them.
 */
final class DurationMath {

    private static final double MAX_MILLIS = Duration.ofDays(3650).toMillis();

    private DurationMath() {}

    static Duration times(Duration d, double factor) {
        double millis = d.toMillis() * factor;
        return Duration.ofMillis(Math.round(Math.min(Math.max(millis, 0), MAX_MILLIS)));
    }

    /** Uniform in {@code [min, max]}. */
    static Duration uniform(RandomGenerator random, Duration min, Duration max) {
        long span = max.toMillis() - min.toMillis();
        if (span <= 0) {
            return min;
        }
        return min.plusMillis((long) (random.nextDouble() * (span + 1)));
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
