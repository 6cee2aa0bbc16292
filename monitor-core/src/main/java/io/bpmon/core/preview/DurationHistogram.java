package io.bpmon.core.preview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observed durations (the waits of a STEP_SLA rule, the quiet spells of a STALL rule) in equal bins from 0, for the
 * rule editor's chart (docs/rule-preview.md, the editor's chart): bin {@code i} counts durations in
 * [i × interval, (i + 1) × interval), {@code overflow} those at or beyond the last bin. The bins' extent is chosen
 * from what was observed and the candidate threshold ({@link #upperBound}, {@link #interval}) so that both the bulk
 * of the durations and the threshold are on the chart, in at most {@link #MAX_BINS} bins of a length people read
 * easily (1s, 5m, 2h ...).
 *
 * @param intervalMillis each bin's length
 * @param counts         durations per bin
 * @param overflow       durations at or beyond {@code counts.size() × intervalMillis}
 * @param percentiles    "p50", "p90", "p99" to their durations in milliseconds (absent when nothing was observed)
 */
public record DurationHistogram(long intervalMillis, List<Long> counts, long overflow,
        Map<String, Long> percentiles) {

    /** Percentiles drawn on the chart. */
    public static final List<Double> PERCENTILES = List.of(50.0, 90.0, 99.0);
    /** The most bins a chart has. */
    public static final int MAX_BINS = 40;

    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    /** Bin lengths offered, shortest first. */
    static final long[] NICE = {S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, H,
        2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 14 * D, 30 * D, 90 * D, 365 * D};

    public DurationHistogram {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive, was " + intervalMillis);
        }
        counts = List.copyOf(counts);
        Map<String, Long> ordered = new java.util.TreeMap<>(java.util.Comparator.comparingDouble(
                DurationHistogram::percentOf));
        if (percentiles != null) {
            ordered.putAll(percentiles);
        }
        percentiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
    }

    /** All observations, those beyond the last bin included. */
    public long observations() {
        return counts.stream().mapToLong(Long::longValue).sum() + overflow;
    }

    /** Where the bins end: durations from here on are the overflow. */
    public long endMillis() {
        return counts.size() * intervalMillis;
    }

    /**
     * The duration the chart should reach: a quarter beyond the larger of the 99th percentile and the threshold, but
     * not beyond the longest observed duration unless the threshold lies there (then a tenth beyond the threshold),
     * and at least one second.
     *
     * @param p99       the 99th percentile observed; null if unknown
     * @param max       the longest duration observed (0 when none)
     * @param threshold the candidate's threshold
     */
    public static long upperBound(Long p99, long max, long threshold) {
        long bulk = p99 == null ? max : p99;
        long upper = Math.max(bulk + bulk / 4, threshold + threshold / 4);
        if (max > 0 && max < upper) {
            upper = Math.max(max, threshold + threshold / 10);
        }
        return Math.max(S, upper);
    }

    /** The shortest offered bin length that covers [0, upper] in at most {@link #MAX_BINS} bins. */
    public static long interval(long upper) {
        for (long n : NICE) {
            if (bins(upper, n) <= MAX_BINS) {
                return n;
            }
        }
        return Math.max(NICE[NICE.length - 1], (upper + MAX_BINS - 1) / MAX_BINS);
    }

    /** How many bins of {@code interval} cover [0, upper] (the bin holding {@code upper} included). */
    public static int bins(long upper, long interval) {
        return (int) Math.min(Integer.MAX_VALUE, upper / interval + 1);
    }

    /**
     * Percentiles estimated from binned counts, for durations from several fields (a STALL rule watching several
     * steps) whose percentiles the store cannot merge: the duration below which {@code p} % of the observations lie,
     * interpolated linearly within its bin; null for a percentile that falls into the overflow (beyond the chart) or
     * when nothing was observed.
     */
    public static Map<String, Long> estimate(List<Long> counts, long overflow, long intervalMillis) {
        long total = counts.stream().mapToLong(Long::longValue).sum() + overflow;
        Map<String, Long> result = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            result.put(key(p), total == 0 ? null : estimate(counts, total, intervalMillis, p));
        }
        return result;
    }

    private static Long estimate(List<Long> counts, long total, long interval, double p) {
        double rank = p / 100.0 * total;
        long below = 0;
        for (int i = 0; i < counts.size(); i++) {
            long c = counts.get(i);
            if (c > 0 && below + c >= rank) {
                double within = (rank - below) / c;
                return Math.round(i * interval + within * interval);
            }
            below += c;
        }
        return null;
    }

    /** Bins of the same length from several fields, added up bin by bin. */
    public static List<Long> add(List<List<Long>> binned) {
        List<Long> sum = new ArrayList<>();
        for (List<Long> counts : binned) {
            for (int i = 0; i < counts.size(); i++) {
                if (i < sum.size()) {
                    sum.set(i, sum.get(i) + counts.get(i));
                } else {
                    sum.add(counts.get(i));
                }
            }
        }
        return sum;
    }

    /** 50.0 for "p50". */
    private static double percentOf(String key) {
        try {
            return Double.parseDouble(key.substring(1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a percentile key: " + key, e);
        }
    }

    /** "p50" for 50.0, "p99.9" for 99.9. */
    public static String key(double p) {
        return "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
    }

    /**
     * "12.5 %": {@code part} of {@code whole} as a percentage with one decimal ("0 %" of nothing); "&lt; 0.1 %" when
     * some but fewer than a thousandth.
     */
    public static String percent(long part, long whole) {
        if (whole <= 0 || part <= 0) {
            return "0 %";
        }
        double pct = 100.0 * part / whole;
        if (pct < 0.05) {
            return "< 0.1 %";
        }
        String s = String.format(java.util.Locale.ROOT, "%.1f", pct);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " %";
    }
}
