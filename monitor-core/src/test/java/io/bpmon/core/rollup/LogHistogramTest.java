package io.bpmon.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void shouldAnswerQuantilesWithinOnePercentOfTheExactNearestRank() {
        Random random = new Random(42);
        long[] values = new long[10_001];
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < values.length; i++) {
            // from milliseconds to weeks, log-normal like step durations
            values[i] = (long) Math.exp(random.nextGaussian() * 3 + 12);
            h.add(values[i], 1);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat((double) h.quantile(q)).as("q=%s", q)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * LogHistogram.RELATIVE_ERROR + 1));
        }
        assertThat(h.count()).isEqualTo(values.length);
        assertThat(h.buckets()).as("sparse: only buckets in use").isLessThan(1_200);
    }

    @Test
    void shouldForgetARemovedDurationExactly() {
        LogHistogram h = new LogHistogram();
        h.add(60_000, 1);
        h.add(300_000, 1);
        h.add(900_000, 1);
        assertThat(h.quantile(0.5)).isCloseTo(300_000, org.assertj.core.data.Offset.offset(3_000L));

        h.add(300_000, -1);
        h.add(3_600_000, 1);

        assertThat(h.quantile(0.5)).isCloseTo(900_000, org.assertj.core.data.Offset.offset(9_000L));
        LogHistogram same = new LogHistogram();
        same.add(60_000, 1);
        same.add(900_000, 1);
        same.add(3_600_000, 1);
        assertThat(h.encode()).isEqualTo(same.encode());
    }

    @Test
    void shouldKeepZeroAndRoundTripThroughItsEncoding() {
        LogHistogram h = new LogHistogram();
        h.add(0, 3);
        h.add(1, 1);
        h.add(86_400_000L * 30, 2);
        LogHistogram back = LogHistogram.decode(h.encode());
        assertThat(back.count()).isEqualTo(6);
        assertThat(back.quantile(0.5)).isZero();
        assertThat(back.quantile(0.6)).isEqualTo(1);
        assertThat(back.encode()).isEqualTo(h.encode());
        assertThat(new LogHistogram().quantile(0.5)).isNull();
    }

    @Test
    void shouldTellWhenItTakesOutWhatWasNeverAddedAndNeverGoBelowZero() {
        LogHistogram h = new LogHistogram();
        assertThat(h.add(1_000, 1)).isTrue();
        assertThat(h.add(5_000, -1)).isFalse();
        assertThat(h.add(1_000, -2)).isFalse();
        assertThat(h.count()).isZero();
        assertThat(h.buckets()).isZero();
    }
}
