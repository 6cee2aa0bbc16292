package io.bpmon.core.simulation;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A log-normal duration: most values near the median, a long tail of slow ones, never negative. Real waiting
 * times (payment by invoice, a parcel in transit) look like this, which is what makes SLA percentiles interesting.
 *
 * @param median the 50th percentile
 * @param sigma  the shape: 0.5 is a narrow bell, 1.0 already gives a 95th percentile five times the median
 */
public record LogNormal(Duration median, double sigma) {

    public LogNormal {
        if (median == null || median.isNegative() || median.isZero()) {
            throw new IllegalArgumentException("median must be positive, was " + median);
        }
        if (!(sigma >= 0) || sigma > 5) {
            throw new IllegalArgumentException("sigma must be between 0 and 5, was " + sigma);
        }
    }

    public static LogNormal of(Duration median, double sigma) {
        return new LogNormal(median, sigma);
    }

    /** The same shape with the median multiplied by {@code factor} (a slower carrier, a busier warehouse). */
    public LogNormal times(double factor) {
        return new LogNormal(DurationMath.times(median, factor), sigma);
    }

    public Duration sample(RandomGenerator random) {
        return DurationMath.times(median, Math.exp(sigma * random.nextGaussian()));
    }
}
