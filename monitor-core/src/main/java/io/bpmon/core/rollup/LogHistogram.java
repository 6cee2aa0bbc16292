package io.bpmon.core.rollup;

import java.util.Arrays;

/**
 * Durations in logarithmic buckets, for the median and p95 of a day's step durations (docs/daily-rollup.md). A
 * duration of {@code v} ms ({@code v >= 1}) counts in bucket {@code ceil(ln v / ln 1.02)}, 0 ms in a bucket of its own;
 * a quantile answers with the bucket's midpoint {@code 2 * 1.02^i / 2.02}, at most {@value #RELATIVE_ERROR} of the
 * true value away (plus rounding to whole milliseconds), whatever the range of the durations.
 *
 * <p>Unlike a t-digest or a KLL sketch, a count can be taken out again exactly: a late event that moves an order's
 * step time takes its old duration out of the day and puts the new one in. HdrHistogram can do the same with 2
 * significant digits but keeps a dense array (27 KB per histogram for durations up to 30 days, 2.4 KB packed) and
 * costs a compression round trip per update in Flink state; this one keeps only the buckets in use, as sorted arrays,
 * encoded as varints (1–5 bytes per bucket), and is read and written once per update of its step pair.
 */
public final class LogHistogram {

    /** The growth factor of the buckets' bounds. */
    static final double GAMMA = 1.02;
    /** Upper bound of a quantile's relative error: {@code (GAMMA - 1) / (GAMMA + 1)}. */
    public static final double RELATIVE_ERROR = 0.0099;
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** The bucket of 0 ms (and of negative durations, which the step order rules out). */
    private static final int ZERO = -1;

    private int[] buckets;
    private long[] counts;
    private int size;
    private long total;

    public LogHistogram() {
        this(new int[4], new long[4], 0, 0);
    }

    private LogHistogram(int[] buckets, long[] counts, int size, long total) {
        this.buckets = buckets;
        this.counts = counts;
        this.size = size;
        this.total = total;
    }

    static int bucket(long millis) {
        return millis <= 0 ? ZERO : (int) Math.ceil(Math.log(millis) / LOG_GAMMA - 1e-9);
    }

    /** The value a bucket answers with: the midpoint that keeps the relative error below {@link #RELATIVE_ERROR}. */
    static long value(int bucket) {
        return bucket == ZERO ? 0 : Math.round(2 * Math.pow(GAMMA, bucket) / (GAMMA + 1));
    }

    /**
     * Adds {@code count} durations of {@code millis} (a negative count takes them out). Returns false when that took
     * out more than the bucket held: the bucket is left empty (a contribution that was never added; see
     * docs/daily-rollup.md, upgrading).
     */
    public boolean add(long millis, long count) {
        int b = bucket(millis);
        int i = Arrays.binarySearch(buckets, 0, size, b);
        if (i >= 0) {
            long next = counts[i] + count;
            boolean exact = next >= 0;
            next = Math.max(0, next);
            total += next - counts[i];
            counts[i] = next;
            if (next == 0) {
                System.arraycopy(buckets, i + 1, buckets, i, size - i - 1);
                System.arraycopy(counts, i + 1, counts, i, size - i - 1);
                size--;
            }
            return exact;
        }
        if (count <= 0) {
            return count == 0;
        }
        int at = -i - 1;
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(buckets, at, buckets, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        buckets[at] = b;
        counts[at] = count;
        size++;
        total += count;
        return true;
    }

    /** How many durations it holds. */
    public long count() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Buckets in use (what its size grows with). */
    public int buckets() {
        return size;
    }

    /**
     * The nearest-rank quantile ({@code q} = 0.5: the median, the lower one of an even count): the value of the
     * bucket holding the {@code ceil(q * count)}-th smallest duration. Null when empty.
     */
    public Long quantile(double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return value(buckets[i]);
            }
        }
        return value(buckets[size - 1]);
    }

    public byte[] encode() {
        byte[] out = new byte[Varints.MAX_BYTES * (1 + 2 * size)];
        int at = Varints.write(out, 0, size);
        int previous = ZERO;
        for (int i = 0; i < size; i++) {
            at = Varints.write(out, at, buckets[i] - previous); // ascending from ZERO: never negative
            at = Varints.write(out, at, counts[i]);
            previous = buckets[i];
        }
        return java.util.Arrays.copyOf(out, at);
    }

    public static LogHistogram decode(byte[] bytes) {
        Varints.Reader in = new Varints.Reader(bytes);
        int size = (int) in.next();
        int[] buckets = new int[Math.max(4, size)];
        long[] counts = new long[buckets.length];
        int previous = ZERO;
        long total = 0;
        for (int i = 0; i < size; i++) {
            previous += (int) in.next();
            buckets[i] = previous;
            counts[i] = in.next();
            total += counts[i];
        }
        return new LogHistogram(buckets, counts, size, total);
    }
}
