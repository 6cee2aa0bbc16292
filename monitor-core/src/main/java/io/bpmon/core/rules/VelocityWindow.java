package io.bpmon.core.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One segment's VELOCITY counts in fixed buckets of event time, and the count over a rule's window ending at a
 * bucket boundary. Pure; the job keeps the buckets in keyed state and loads them here to evaluate.
 *
 * <p>Buckets are 10 s long, so windows up to one hour are evaluated every 10 s at most 360 buckets at a time; a
 * longer window gets longer buckets ({@code window / 360}, rounded up to a multiple of 10 s: 240 s for
 * {@code P1D}) so one evaluation never sums more than about 360 of them. A breach is therefore flagged at the
 * first bucket boundary after the count left its bounds. The counted span is the window rounded up to whole
 * buckets (exact for every window that is a multiple of its bucket, which includes all windows up to an hour in
 * whole 10 s).
 *
 * <p>Buckets start at multiples of their length since the epoch, so two segments or two job runs always share
 * boundaries. When a rule's window is edited into another bucket length, the counts are re-bucketed: exact into a
 * longer multiple; otherwise each count moves to the new bucket holding its old bucket's start, which shifts it by
 * less than a bucket for the one window in which it still counts.
 */
public final class VelocityWindow {

    /** The shortest bucket, and the unit of every bucket length. */
    public static final Duration MIN_BUCKET = Duration.ofSeconds(10);
    /** At most this many buckets per window (plus one when the window is not a multiple of its bucket). */
    public static final int MAX_BUCKETS_PER_WINDOW = 360;
    /** A segment not seen for this long (event time) is forgotten instead of being counted as silent. */
    public static final Duration SEGMENT_MEMORY = Duration.ofHours(24);

    private final long bucketMillis;
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    /** Bucket start → sum of the counted events' contributions (aggregates, {@link VelocityAggregate}); sparse. */
    private final TreeMap<Long, Double> sums = new TreeMap<>();

    public VelocityWindow(long bucketMillis) {
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("bucket length must be positive, was " + bucketMillis);
        }
        this.bucketMillis = bucketMillis;
    }

    /**
     * Buckets as kept in state (bucket start → count), possibly recorded with another bucket length: each is put
     * into the bucket of this length that holds its start.
     */
    public static VelocityWindow of(long bucketMillis, Iterable<Map.Entry<Long, Long>> buckets) {
        VelocityWindow window = new VelocityWindow(bucketMillis);
        for (Map.Entry<Long, Long> b : buckets) {
            window.add(b.getKey(), b.getValue());
        }
        return window;
    }

    /** {@link #of(long, Iterable)} with each bucket's sum of contributions besides (aggregates). */
    public static VelocityWindow of(long bucketMillis, Iterable<Map.Entry<Long, Long>> buckets,
            Iterable<Map.Entry<Long, Double>> bucketSums) {
        VelocityWindow window = of(bucketMillis, buckets);
        for (Map.Entry<Long, Double> b : bucketSums) {
            window.sums.merge(bucketStart(b.getKey(), bucketMillis), b.getValue(), Double::sum);
        }
        return window;
    }

    /** The bucket length for a rule's window: 10 s, or {@code window / 360} rounded up to 10 s when longer. */
    public static long bucketMillis(Duration window) {
        long unit = MIN_BUCKET.toMillis();
        long spread = ceilDiv(window.toMillis(), MAX_BUCKETS_PER_WINDOW);
        return Math.max(unit, ceilDiv(spread, unit) * unit);
    }

    /** The start of the bucket that holds {@code eventTime}. */
    public static long bucketStart(long eventTime, long bucketMillis) {
        return Math.floorDiv(eventTime, bucketMillis) * bucketMillis;
    }

    /** The first bucket boundary strictly after {@code time}: when the bucket holding it is complete. */
    public static long nextBoundary(long time, long bucketMillis) {
        return bucketStart(time, bucketMillis) + bucketMillis;
    }

    /** How much event time one evaluation counts: the window rounded up to whole buckets. */
    public static long span(Duration window, long bucketMillis) {
        return ceilDiv(window.toMillis(), bucketMillis) * bucketMillis;
    }

    /** Whether a segment last seen at {@code lastSeen} is still remembered at {@code time}. */
    public static boolean remembers(long lastSeen, long time) {
        return time - lastSeen <= SEGMENT_MEMORY.toMillis();
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    /** Counts {@code n} events at {@code eventTime}. */
    public void add(long eventTime, long n) {
        counts.merge(bucketStart(eventTime, bucketMillis), n, Long::sum);
    }

    /** Counts {@code n} events at {@code eventTime} that contribute {@code sum} to an aggregate. */
    public void add(long eventTime, long n, double sum) {
        add(eventTime, n);
        sums.merge(bucketStart(eventTime, bucketMillis), sum, Double::sum);
    }

    /** The sum of contributions in the window that ends at {@code end} (see {@link #count}). */
    public double sum(long end, Duration window) {
        double total = 0;
        for (double v : sums.subMap(horizon(end, window), true, end, false).values()) {
            total += v;
        }
        return total;
    }

    /** Bucket start → sum of contributions, oldest first. */
    public Map<Long, Double> sums() {
        return Collections.unmodifiableMap(sums);
    }

    /** The events counted in the window that ends at {@code end}: every bucket starting in [end − span, end). */
    public long count(long end, Duration window) {
        long total = 0;
        for (long n : counts.subMap(horizon(end, window), true, end, false).values()) {
            total += n;
        }
        return total;
    }

    /** The start of the window that ends at {@code end}; buckets before it no longer count once {@code end} is. */
    public long horizon(long end, Duration window) {
        return end - span(window, bucketMillis);
    }

    /** Drops the buckets that start before the window ending at {@code end}, and returns their starts. */
    public List<Long> prune(long end, Duration window) {
        NavigableMap<Long, Long> old = counts.headMap(horizon(end, window), false);
        java.util.SortedSet<Long> starts = new java.util.TreeSet<>(old.keySet());
        old.clear();
        NavigableMap<Long, Double> oldSums = sums.headMap(horizon(end, window), false);
        starts.addAll(oldSums.keySet());
        oldSums.clear();
        return List.copyOf(starts);
    }

    /** The start of the oldest bucket with counts, or null when there is none. */
    public Long oldest() {
        return counts.isEmpty() ? null : counts.firstKey();
    }

    /** Bucket start → count, oldest first. */
    public Map<Long, Long> buckets() {
        return Collections.unmodifiableMap(counts);
    }

    /** {@code Math.ceilDiv} arrived in Java 18; positive operands only. */
    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
