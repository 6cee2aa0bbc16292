package io.bpmon.web.ui;

import java.util.List;
import java.util.Locale;

/**
 * Small charts drawn as inline SVG by the templates: the points of a polyline and the bars of a column chart, scaled
 * to a box. Numbers only, so the output is safe in an attribute; no chart library, no script.
 */
public final class Sparkline {

    private Sparkline() {}

    /**
     * Polyline points for {@code values} in a {@code width} × {@code height} box: oldest left, the highest value at
     * the top, zero at the bottom; empty with fewer than two values.
     */
    public static String points(List<? extends Number> values, int width, int height) {
        if (values.size() < 2) {
            return "";
        }
        double max = max(values);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = (double) width * i / (values.size() - 1);
            double y = height - height * Math.max(0, values.get(i).doubleValue()) / max;
            b.append(b.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return b.toString();
    }

    /** One column of a bar chart: where it stands and how high it is, in the box's units. */
    public record Bar(double x, double y, double width, double height, long value) {}

    /** A bar is at most this share of the box wide: one bucket does not fill the chart. */
    static final int MIN_SLOTS = 12;

    /**
     * Columns for {@code values} side by side from the left of a {@code width} × {@code height} box, the highest
     * full height; each at most a {@link #MIN_SLOTS}th of the width.
     */
    public static List<Bar> bars(List<Long> values, int width, int height) {
        if (values.isEmpty()) {
            return List.of();
        }
        double max = max(values);
        double w = (double) width / Math.max(MIN_SLOTS, values.size());
        return java.util.stream.IntStream.range(0, values.size()).mapToObj(i -> {
            double h = height * Math.max(0, values.get(i)) / max;
            return new Bar(round(i * w), round(height - h), round(Math.max(0.5, w - 1)), round(h), values.get(i));
        }).toList();
    }

    private static double max(List<? extends Number> values) {
        return Math.max(1e-9, values.stream().mapToDouble(Number::doubleValue).max().orElse(0));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
