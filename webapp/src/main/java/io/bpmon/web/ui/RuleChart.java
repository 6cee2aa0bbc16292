package io.bpmon.web.ui;

import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.store.RulePreviewReader.VelocityResult;
import io.bpmon.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rule editor's chart as shapes in SVG user units (docs/web-ui.md, the rule editor): bars of observed durations
 * with the threshold and p50/p90/p99 marked, or a VELOCITY rule's counts over time with its bounds and the would-be
 * episodes shaded. Pure geometry: the template {@code rule-edit.html} draws the shapes with escaped attributes, so no
 * text from data reaches the page unescaped and no script draws it.
 */
public final class RuleChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    static final int LEFT = 48;
    static final int RIGHT = 16;
    static final int TOP = 24;
    static final int BOTTOM = 36;
    /** Most x-axis labels. */
    static final int X_TICKS = 6;
    /** Most segments drawn as lines; the others are counted in {@link Svg#note}. */
    static final int MAX_SEGMENTS = 6;
    /** Most points per line: longer series are reduced to the largest count per group of points. */
    static final int MAX_POINTS = 360;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One bar.
     *
     * @param flagged whether all durations in it are at or beyond the threshold
     */
    public record Bar(double x, double y, double width, double height, String title, boolean flagged) {}

    /** A vertical marker at {@code x}: {@code kind} is "threshold", "p50", "p90" or "p99". */
    public record Marker(double x, String kind, String label) {}

    /** An axis label at (x, y). */
    public record Tick(double x, double y, String label) {}

    /** A shaded span of the x axis (an episode). */
    public record Band(double x, double width, String title) {}

    /** A polyline ({@code points} as "x,y x,y ...") for one segment. */
    public record Line(String points, String label, int index) {}

    /** A horizontal line at {@code y} (a bound). */
    public record Level(double y, String label) {}

    /**
     * The chart.
     *
     * @param description what it shows in words (its accessible name)
     * @param note        what it leaves out, or null
     */
    public record Svg(int width, int height, int left, int right, int top, int bottom, List<Bar> bars,
            List<Marker> markers, List<Tick> xTicks, List<Tick> yTicks, List<Band> bands, List<Line> lines,
            List<Level> levels, String description, String note) {}

    private RuleChart() {}

    /** Bars of the observed durations, the overflow as a last bar, the threshold and percentiles as markers. */
    public static Svg histogram(DurationHistogram h, long thresholdMillis) {
        List<Long> counts = new ArrayList<>(h.counts());
        boolean overflow = h.overflow() > 0;
        if (overflow) {
            counts.add(h.overflow());
        }
        int n = Math.max(1, counts.size());
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double bw = plotWidth / n;
        long maxCount = Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(1));
        long interval = h.intervalMillis();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            long c = counts.get(i);
            double height = c * plotHeight / maxCount;
            boolean last = overflow && i == counts.size() - 1;
            long start = i * interval;
            String range = last ? "≥ " + human(h.endMillis())
                    : human(start) + " – " + human(start + interval);
            bars.add(new Bar(round(LEFT + i * bw), round(TOP + plotHeight - height), round(Math.max(1, bw - 1)),
                    round(height), range + ": " + c + (c == 1 ? " order" : " orders"), start >= thresholdMillis));
        }
        List<Marker> markers = new ArrayList<>();
        markers.add(new Marker(x(thresholdMillis, h, bw, overflow), "threshold",
                "threshold " + human(thresholdMillis)));
        h.percentiles().forEach((p, v) -> {
            if (v != null) {
                markers.add(new Marker(x(v, h, bw, overflow), p, p + " " + human(v)));
            }
        });
        List<Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(h.counts().size() / (double) X_TICKS));
        for (int i = 0; i <= h.counts().size(); i += every) {
            xTicks.add(new Tick(round(LEFT + i * bw), HEIGHT - BOTTOM + 16, human(i * interval)));
        }
        List<Tick> yTicks = List.of(new Tick(LEFT - 6, HEIGHT - BOTTOM, "0"),
                new Tick(LEFT - 6, TOP + 4, String.valueOf(maxCount)));
        String description = "Histogram of " + h.observations() + " observed durations in bins of "
                + human(interval) + ", threshold " + human(thresholdMillis)
                + h.percentiles().entrySet().stream().filter(e -> e.getValue() != null)
                        .map(e -> ", " + e.getKey() + " " + human(e.getValue())).collect(Collectors.joining());
        String note = overflow ? h.overflow() + " longer than " + human(h.endMillis()) + " in the last bar" : null;
        return new Svg(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, bars, markers, xTicks, yTicks, List.of(), List.of(),
                List.of(), description, note);
    }

    /** Where a duration lies on the histogram's x axis: in the overflow bar's middle when beyond the bins. */
    private static double x(long millis, DurationHistogram h, double bw, boolean overflow) {
        int bins = h.counts().size();
        if (millis >= h.endMillis()) {
            return round(LEFT + bins * bw + (overflow ? bw / 2 : 0));
        }
        return round(LEFT + millis * bw / h.intervalMillis());
    }

    /**
     * Each segment's sliding counts over [since, until) (the segments with the most episodes, then the highest
     * counts, first; at most {@link #MAX_SEGMENTS}), {@code min} and {@code max} as levels, every episode shaded.
     */
    public static Svg velocity(VelocityResult v, Integer min, Integer max, Instant since, Instant until) {
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        long span = Math.max(1, Duration.between(since, until).toMillis());
        List<VelocityPreview.SegmentSeries> segments = v.segments().stream()
                .sorted(Comparator.comparingInt((VelocityPreview.SegmentSeries s) -> -s.episodes().size())
                        .thenComparingLong(s -> -s.counts().stream().mapToLong(VelocityPreview.Point::count).max()
                                .orElse(0)))
                .toList();
        List<VelocityPreview.SegmentSeries> drawn = segments.subList(0, Math.min(MAX_SEGMENTS, segments.size()));
        long top = Math.max(1, drawn.stream().flatMap(s -> s.counts().stream())
                .mapToLong(VelocityPreview.Point::count).max().orElse(0));
        if (min != null) {
            top = Math.max(top, min);
        }
        if (max != null) {
            top = Math.max(top, max);
        }
        top = top + Math.max(1, top / 10);
        final long yMax = top;
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            VelocityPreview.SegmentSeries s = drawn.get(i);
            StringBuilder pts = new StringBuilder();
            for (VelocityPreview.Point p : reduce(s.counts(), MAX_POINTS)) {
                double x = LEFT + Duration.between(since, p.at()).toMillis() * plotWidth / span;
                double y = TOP + plotHeight - p.count() * plotHeight / yMax;
                if (x < LEFT || x > WIDTH - RIGHT) {
                    continue;
                }
                pts.append(pts.isEmpty() ? "" : " ").append(round(x)).append(',').append(round(y));
            }
            lines.add(new Line(pts.toString(), segment(s.segment()), i));
        }
        List<Level> levels = new ArrayList<>();
        if (min != null) {
            levels.add(new Level(round(TOP + plotHeight - min * plotHeight / yMax), "at least " + min));
        }
        if (max != null) {
            levels.add(new Level(round(TOP + plotHeight - max * plotHeight / yMax), "at most " + max));
        }
        List<Band> bands = new ArrayList<>();
        for (VelocityPreview.Episode e : v.episodes()) {
            Instant end = e.endedAt() == null || e.endedAt().isAfter(until) ? until : e.endedAt();
            Instant start = e.startedAt().isBefore(since) ? since : e.startedAt();
            double x = LEFT + Duration.between(since, start).toMillis() * plotWidth / span;
            double w = Math.max(2, Duration.between(start, end).toMillis() * plotWidth / span);
            bands.add(new Band(round(x), round(Math.min(w, WIDTH - RIGHT - x)), segment(e.segment()) + ": "
                    + TIME.format(e.startedAt()) + " – " + (e.endedAt() == null ? "still open"
                    : TIME.format(e.endedAt())) + " UTC, observed " + e.observed()));
        }
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i <= X_TICKS; i++) {
            xTicks.add(new Tick(round(LEFT + i * plotWidth / X_TICKS), HEIGHT - BOTTOM + 16,
                    TIME.format(since.plusMillis(span * i / X_TICKS))));
        }
        List<Tick> yTicks = List.of(new Tick(LEFT - 6, HEIGHT - BOTTOM, "0"),
                new Tick(LEFT - 6, TOP + 4, String.valueOf(yMax)));
        String description = "Counts per window of " + segments.size() + (segments.size() == 1 ? " segment" :
                " segments") + " from " + TIME.format(since) + " to " + TIME.format(until) + " UTC"
                + (min != null ? ", at least " + min : "") + (max != null ? ", at most " + max : "") + "; "
                + v.episodes().size() + (v.episodes().size() == 1 ? " episode" : " episodes") + " shaded";
        String note = segments.size() > drawn.size() ? (segments.size() - drawn.size())
                + " more segments not drawn" : null;
        return new Svg(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, List.of(), List.of(), xTicks, yTicks, bands, lines,
                levels, description, note);
    }

    /** At most {@code most} points: consecutive groups reduced to their first time and largest count. */
    static List<VelocityPreview.Point> reduce(List<VelocityPreview.Point> points, int most) {
        if (points.size() <= most) {
            return points;
        }
        int group = (int) Math.ceil(points.size() / (double) most);
        List<VelocityPreview.Point> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i += group) {
            List<VelocityPreview.Point> g = points.subList(i, Math.min(points.size(), i + group));
            long c = g.stream().mapToLong(VelocityPreview.Point::count).max().orElse(0);
            out.add(new VelocityPreview.Point(g.get(0).at(), c));
        }
        return out;
    }

    static String segment(Map<String, String> segment) {
        return segment.isEmpty() ? "all" : segment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** A duration as the editor shows it: "0", "45s", "2h 30m". */
    static String human(long millis) {
        if (millis <= 0) {
            return "0";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        return Durations.format(Duration.ofSeconds(Math.round(millis / 1000.0)));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
