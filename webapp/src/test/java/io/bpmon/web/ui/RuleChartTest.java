package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.store.RulePreviewReader.VelocityResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor chart's geometry, against coordinates worked out by hand (plot: x 48..704, y 24..204). */
class RuleChartTest {

    private static final long M = 60_000;

    @Test
    void shouldScaleBarsToTheFullestBinAndMarkThoseAtOrBeyondTheThreshold() {
        DurationHistogram h = new DurationHistogram(10 * M, List.of(2L, 4L, 1L, 0L), 0,
                Map.of("p50", 15 * M, "p90", 25 * M, "p99", 29 * M));

        RuleChart.Svg svg = RuleChart.histogram(h, 20 * M);

        // 656 units for 4 bins: 164 each; the fullest bin (4) is 180 high
        assertThat(svg.bars()).extracting(RuleChart.Bar::x).containsExactly(48.0, 212.0, 376.0, 540.0);
        assertThat(svg.bars()).extracting(RuleChart.Bar::height).containsExactly(90.0, 180.0, 45.0, 0.0);
        assertThat(svg.bars().get(1).y()).isEqualTo(24.0);
        assertThat(svg.bars()).extracting(RuleChart.Bar::flagged).containsExactly(false, false, true, true);
        assertThat(svg.bars().get(0).title()).isEqualTo("0 – 10m: 2 orders");
        // threshold 20m at the start of the third bin; p50 15m in the middle of the second
        assertThat(svg.markers()).extracting(RuleChart.Marker::kind).containsExactly("threshold", "p50", "p90",
                "p99");
        assertThat(svg.markers()).extracting(RuleChart.Marker::x).containsExactly(376.0, 294.0, 458.0, 523.6);
        assertThat(svg.markers().get(0).label()).isEqualTo("threshold 20m");
        assertThat(svg.description()).contains("7 observed durations", "bins of 10m", "p99 29m");
        assertThat(svg.note()).isNull();
    }

    @Test
    void shouldDrawTheOverflowAsALastBarAndPutFarValuesInIt() {
        DurationHistogram h = new DurationHistogram(M, List.of(1L, 1L, 1L), 5, Map.of("p99", 90 * M));

        RuleChart.Svg svg = RuleChart.histogram(h, 2 * M);

        assertThat(svg.bars()).hasSize(4);
        assertThat(svg.bars().get(3).title()).isEqualTo("≥ 3m: 5 orders");
        assertThat(svg.bars().get(3).flagged()).isTrue();
        // 164 units per bar: p99 (beyond the bins) in the middle of the overflow bar
        assertThat(svg.markers().get(1).x()).isEqualTo(48 + 3 * 164 + 82.0);
        assertThat(svg.note()).isEqualTo("5 longer than 3m in the last bar");
    }

    @Test
    void shouldLabelAtMostSevenTicksOfDurations() {
        List<Long> forty = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            forty.add(1L);
        }
        RuleChart.Svg svg = RuleChart.histogram(new DurationHistogram(5 * M, forty, 0, Map.of()), 60 * M);
        assertThat(svg.xTicks()).extracting(RuleChart.Tick::label).containsExactly("0", "35m", "1h 10m", "1h 45m",
                "2h 20m", "2h 55m");
        assertThat(svg.yTicks()).extracting(RuleChart.Tick::label).containsExactly("0", "1");
    }

    @Test
    void shouldPlotVelocityCountsOverTimeWithBoundsAndShadedEpisodes() {
        Instant since = Instant.parse("2026-12-01T00:00:00Z");
        Instant until = since.plus(Duration.ofHours(8));
        VelocityPreview.Episode e = new VelocityPreview.Episode(Map.of(), since.plus(Duration.ofHours(2)),
                since.plus(Duration.ofHours(4)), 0);
        VelocityPreview.Episode open = new VelocityPreview.Episode(Map.of(), since.plus(Duration.ofHours(7)), null,
                0);
        List<VelocityPreview.Point> counts = List.of(new VelocityPreview.Point(since, 9),
                new VelocityPreview.Point(since.plus(Duration.ofHours(4)), 0),
                new VelocityPreview.Point(until, 18));
        VelocityResult v = new VelocityResult(List.of(e, open),
                List.of(new VelocityPreview.SegmentSeries(Map.of(), counts, List.of(e, open))), 60_000);

        RuleChart.Svg svg = RuleChart.velocity(v, 1, 18, since, until);

        // y up to 18 + 1 = 19: 180 units; x: 656 units for 8 h
        assertThat(svg.lines()).hasSize(1);
        assertThat(svg.lines().get(0).points()).isEqualTo("48.0,118.7 376.0,204.0 704.0,33.5");
        assertThat(svg.lines().get(0).label()).isEqualTo("all");
        assertThat(svg.levels()).extracting(RuleChart.Level::label).containsExactly("at least 1", "at most 18");
        assertThat(svg.levels()).extracting(RuleChart.Level::y).containsExactly(194.5, 33.5);
        assertThat(svg.bands()).extracting(RuleChart.Band::x).containsExactly(212.0, 622.0);
        assertThat(svg.bands()).extracting(RuleChart.Band::width).containsExactly(164.0, 82.0);
        assertThat(svg.bands().get(1).title()).contains("still open");
        assertThat(svg.description()).contains("1 segment", "2 episodes shaded");
    }

    @Test
    void shouldDrawTheSegmentsWithMostEpisodesFirstAndCountTheRest() {
        Instant since = Instant.parse("2026-12-01T00:00:00Z");
        Instant until = since.plus(Duration.ofHours(1));
        List<VelocityPreview.SegmentSeries> segments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<VelocityPreview.Episode> eps = i == 5 ? List.of(new VelocityPreview.Episode(Map.of("c", "X"), since,
                    until, 0)) : List.of();
            segments.add(new VelocityPreview.SegmentSeries(Map.of("c", "s" + i),
                    List.of(new VelocityPreview.Point(since, i)), eps));
        }
        RuleChart.Svg svg = RuleChart.velocity(new VelocityResult(List.of(), segments, 60_000), null, 3, since,
                until);
        assertThat(svg.lines()).extracting(RuleChart.Line::label).startsWith("c=s5", "c=s7", "c=s6");
        assertThat(svg.lines()).hasSize(RuleChart.MAX_SEGMENTS);
        assertThat(svg.note()).isEqualTo("2 more segments not drawn");
    }

    @Test
    void shouldReduceLongSeriesToTheLargestCountPerGroup() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        List<VelocityPreview.Point> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(new VelocityPreview.Point(t.plusSeconds(i), i % 3));
        }
        assertThat(RuleChart.reduce(points, 4)).extracting(VelocityPreview.Point::count).containsExactly(2L, 2L,
                2L, 0L);
        assertThat(RuleChart.reduce(points, 10)).isSameAs(points);
    }
}
