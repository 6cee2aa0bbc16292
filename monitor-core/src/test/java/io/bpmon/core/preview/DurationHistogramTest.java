package io.bpmon.core.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor chart's bins, percentile estimates and percentages, against values worked out by hand. */
class DurationHistogramTest {

    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    @Test
    void shouldReachBeyondTheBulkOrTheThresholdButNotFarBeyondTheLongestDuration() {
        // p99 40m, longest 3h, threshold 30m: a quarter beyond p99
        assertThat(DurationHistogram.upperBound(40 * M, 3 * H, 30 * M)).isEqualTo(50 * M);
        // threshold 2h beyond everything observed (longest 50m): a tenth beyond the threshold
        assertThat(DurationHistogram.upperBound(45 * M, 50 * M, 2 * H)).isEqualTo(2 * H + 12 * M);
        // everything within the threshold's quarter: up to the longest duration
        assertThat(DurationHistogram.upperBound(10 * M, 11 * M, 10 * M)).isEqualTo(11 * M);
        // nothing observed, no p99: a quarter beyond the threshold
        assertThat(DurationHistogram.upperBound(null, 0, 4 * M)).isEqualTo(5 * M);
        // never below a second
        assertThat(DurationHistogram.upperBound(null, 0, 0)).isEqualTo(S);
    }

    @Test
    void shouldPickTheShortestReadableBinLengthWithAtMostFortyBins() {
        assertThat(DurationHistogram.interval(30 * S)).isEqualTo(S); // 31 bins
        assertThat(DurationHistogram.interval(40 * S)).isEqualTo(2 * S); // 41 bins of 1s would be too many
        assertThat(DurationHistogram.interval(50 * M)).isEqualTo(2 * M); // 26 bins
        assertThat(DurationHistogram.interval(2 * H + 12 * M)).isEqualTo(5 * M); // 27 bins
        assertThat(DurationHistogram.interval(3 * 24 * H)).isEqualTo(2 * H); // 37 bins
        for (long upper : new long[] {S, 7 * S, 59 * M, 13 * H, 400L * 24 * H}) {
            long interval = DurationHistogram.interval(upper);
            assertThat(DurationHistogram.bins(upper, interval)).isBetween(1, DurationHistogram.MAX_BINS);
        }
    }

    @Test
    void shouldEstimatePercentilesFromBinsByLinearInterpolation() {
        // 10 in [0, 1m), 80 in [1m, 2m), 10 in [2m, 3m): p50 = 1m + (50 - 10) / 80 of a minute = 1m 30s;
        // p90 = the end of the second bin; p99 = 2m + 9 / 10 of a minute
        Map<String, Long> p = DurationHistogram.estimate(List.of(10L, 80L, 10L), 0, M);
        assertThat(p).containsExactly(Map.entry("p50", 90 * S), Map.entry("p90", 2 * M),
                Map.entry("p99", 2 * M + 54 * S));
    }

    @Test
    void shouldLeaveOutPercentilesBeyondTheChartAndOfNothing() {
        Map<String, Long> p = DurationHistogram.estimate(List.of(50L, 40L), 10, M);
        assertThat(p.get("p50")).isEqualTo(M);
        assertThat(p.get("p90")).isEqualTo(2 * M);
        assertThat(p.get("p99")).isNull(); // in the overflow
        assertThat(DurationHistogram.estimate(List.of(0L, 0L), 0, M)).containsEntry("p50", null);
    }

    @Test
    void shouldAddBinsOfSeveralFields() {
        assertThat(DurationHistogram.add(List.of(List.of(1L, 2L, 3L), List.of(10L, 20L), List.of())))
                .containsExactly(11L, 22L, 3L);
        DurationHistogram h = new DurationHistogram(M, List.of(1L, 2L, 3L), 4, Map.of());
        assertThat(h.observations()).isEqualTo(10);
        assertThat(h.endMillis()).isEqualTo(3 * M);
        assertThatThrownBy(() -> new DurationHistogram(0, List.of(), 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWritePercentagesPeopleRead() {
        assertThat(DurationHistogram.percent(5, 8)).isEqualTo("62.5 %");
        assertThat(DurationHistogram.percent(1, 4)).isEqualTo("25 %");
        assertThat(DurationHistogram.percent(0, 4)).isEqualTo("0 %");
        assertThat(DurationHistogram.percent(3, 0)).isEqualTo("0 %");
        assertThat(DurationHistogram.percent(1, 10_000)).isEqualTo("< 0.1 %");
        assertThat(DurationHistogram.percent(8, 8)).isEqualTo("100 %");
    }
}
