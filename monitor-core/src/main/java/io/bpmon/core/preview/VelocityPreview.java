package io.bpmon.core.preview;

import io.bpmon.core.alerts.VelocityEpisodes;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.VelocityWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The episodes a VELOCITY rule would have opened, from event counts per segment and bucket (read from the stored
 * orders' event times): the sliding window's count is judged at every bucket boundary with the engine's
 * {@link VelocityEpisodes#judge}; an episode opens when the count leaves the bounds and ends after one full window
 * back within them (docs/contract.md). A segment is judged from when it was first seen until a day after it was
 * last seen, as the job does; a window that reaches before the first sighting cannot fall below {@code min}.
 */
public final class VelocityPreview {

    /** Most buckets per segment over a preview range, so that the search stays small. */
    public static final int MAX_BUCKETS = 2000;

    /** One would-be episode. {@code endedAt} is null while it was still open at the range's end. */
    public record Episode(Map<String, String> segment, Instant startedAt, Instant endedAt, long observed) {}

    /** One point of a segment's sliding count (or aggregate, rounded), for the chart. */
    public record Point(Instant at, long count) {}

    /** A segment's sliding counts and episodes. */
    public record SegmentSeries(Map<String, String> segment, List<Point> counts, List<Episode> episodes) {}

    private VelocityPreview() {}

    /**
     * The bucket length for previewing {@code window} over {@code range}: divides the window exactly, at least the
     * engine's bucket, and coarse enough for at most {@value #MAX_BUCKETS} buckets.
     */
    public static long bucketMillis(Duration window, Duration range) {
        long w = window.toMillis();
        long lower = Math.max(VelocityWindow.bucketMillis(window), (range.toMillis() + MAX_BUCKETS - 1) / MAX_BUCKETS);
        for (long b = lower; b < w; b++) {
            if (w % b == 0) {
                return b;
            }
        }
        return w;
    }

    /**
     * Judges one segment.
     *
     * @param buckets event counts by bucket start (missing buckets are 0), including the window before
     *                {@code since}
     */
    public static SegmentSeries judge(Rule rule, Map<String, String> segment, NavigableMap<Instant, Long> buckets,
            long bucketMillis, Instant since, Instant until) {
        return judge(rule, segment, buckets, new TreeMap<>(), bucketMillis, since, until);
    }

    /**
     * Judges one segment of a rule with an aggregate (docs/velocity-rules.md) by the window's value.
     *
     * @param sums the sum of the events' contributions by bucket start (missing = 0): the aggregated attribute's
     *             values ({@code sum}, {@code avg}), the events matching the condition ({@code ratio})
     */
    public static SegmentSeries judge(Rule rule, Map<String, String> segment, NavigableMap<Instant, Long> buckets,
            NavigableMap<Instant, Double> sums, long bucketMillis, Instant since, Instant until) {
        List<Point> points = new ArrayList<>();
        List<Episode> episodes = new ArrayList<>();
        NavigableMap<Instant, Long> seen = new TreeMap<>();
        buckets.forEach((t, n) -> {
            if (n > 0) {
                seen.put(t, n);
            }
        });
        if (seen.isEmpty()) {
            return new SegmentSeries(segment, points, episodes);
        }
        Instant firstSeen = seen.firstKey();
        Duration window = rule.window();
        Instant openedAt = null;
        long worst = 0;
        Instant inBoundsSince = null;
        long start = Math.floorDiv(since.toEpochMilli(), bucketMillis) * bucketMillis + bucketMillis;
        for (long at = start; at <= until.toEpochMilli(); at += bucketMillis) {
            Instant end = Instant.ofEpochMilli(at);
            Instant lastSeen = seen.floorKey(end.minusMillis(1));
            if (end.isBefore(firstSeen.plusMillis(bucketMillis))
                    || lastSeen == null || end.isAfter(lastSeen.plus(VelocityWindow.SEGMENT_MEMORY))) {
                continue;
            }
            long n = 0;
            for (long c : buckets.subMap(end.minus(window), true, end, false).values()) {
                n += c;
            }
            double sum = 0;
            for (double v : sums.subMap(end.minus(window), true, end, false).values()) {
                sum += v;
            }
            Double value = rule.measure().value(n, sum);
            long count = value == null ? 0 : Math.round(value);
            points.add(new Point(end, count));
            boolean covered = !end.minus(window).isBefore(firstSeen);
            VelocityEpisodes.Verdict verdict = VelocityEpisodes.judge(rule, value, covered);
            if (openedAt == null) {
                if (verdict.isBreach()) {
                    openedAt = end;
                    worst = count;
                    inBoundsSince = null;
                }
                continue;
            }
            switch (verdict) {
                case BELOW_MIN, ABOVE_MAX -> {
                    inBoundsSince = null;
                    worst = verdict == VelocityEpisodes.Verdict.ABOVE_MAX ? Math.max(worst, count)
                            : Math.min(worst, count);
                }
                case UNKNOWN -> inBoundsSince = null;
                case IN_BOUNDS -> {
                    inBoundsSince = inBoundsSince == null ? end : inBoundsSince;
                    if (!end.isBefore(inBoundsSince.plus(window))) {
                        episodes.add(new Episode(segment, openedAt, end, worst));
                        openedAt = null;
                    }
                }
            }
        }
        if (openedAt != null) {
            episodes.add(new Episode(segment, openedAt, null, worst));
        }
        return new SegmentSeries(segment, points, episodes);
    }
}
