package io.bpmon.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an incident's page draws besides its alerts: the breach curve (its alerts per time bucket, by detection) and
 * the attribute values its alerts share most (docs/incidents.md).
 *
 * @param from     the first bucket's start
 * @param bucket   the length of each bucket
 * @param counts   alerts detected in each bucket, oldest first
 * @param segments per attribute (country, carrier, …), its values with the most alerts, most first
 */
public record IncidentProfile(Instant from, Duration bucket, List<Long> counts,
        Map<String, List<ValueCount>> segments) {

    /** The most buckets a curve has: the bucket grows with the incident's span. */
    public static final int MAX_BUCKETS = 60;
    /** Bucket lengths to choose from, shortest first. */
    static final List<Duration> BUCKETS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));

    /** An attribute value and how many of the incident's alerts have it. */
    public record ValueCount(String value, long count) {}

    public IncidentProfile {
        counts = List.copyOf(counts);
        segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments)); // in the order asked
    }

    /** The shortest bucket that draws {@code from}–{@code to} in at most {@link #MAX_BUCKETS} buckets. */
    public static Duration bucketFor(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        for (Duration b : BUCKETS) {
            if (span.toMillis() / b.toMillis() < MAX_BUCKETS) {
                return b;
            }
        }
        return BUCKETS.get(BUCKETS.size() - 1);
    }

    /** The highest bucket count (at least 1, to scale a chart by). */
    public long max() {
        return Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(0));
    }
}
