package io.bpmon.core.preview;

import static io.bpmon.core.fixtures.Events.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VelocityPreviewTest {

    private static final Rule AT_LEAST_ONE_PER_30M = PreviewPlanTest.rule("""
            {"id":"v","name":"V","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT30M","min":1}""");
    private static final Rule AT_MOST_TWO_PER_30M = PreviewPlanTest.rule("""
            {"id":"v","name":"V","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT30M","max":2}""");
    private static final long MINUTE = 60_000;

    private static NavigableMap<Instant, Long> events(int... minuteMarks) {
        NavigableMap<Instant, Long> buckets = new TreeMap<>();
        for (int m : minuteMarks) {
            buckets.merge(minutes(m), 1L, Long::sum);
        }
        return buckets;
    }

    @Test
    void shouldOpenAnEpisodeWhenTheWindowEmptiesAndKeepItOpenUntilAFullWindowBackInBounds() {
        // payments at 20, 50, 90: the window [50, 80) is the last with one; [51, 81) is empty
        VelocityPreview.SegmentSeries s = VelocityPreview.judge(AT_LEAST_ONE_PER_30M, Map.of(),
                events(20, 50, 90), MINUTE, minutes(0), minutes(120));
        assertThat(s.episodes()).singleElement().satisfies(e -> {
            assertThat(e.startedAt()).isEqualTo(minutes(81));
            assertThat(e.endedAt()).isNull(); // back in bounds at 91, a full window later is 121
            assertThat(e.observed()).isZero();
        });
        // with payments every 10 min from 90 to 140 it resolves at 121, and opens again once [141, 171) is empty
        VelocityPreview.SegmentSeries longer = VelocityPreview.judge(AT_LEAST_ONE_PER_30M, Map.of(),
                events(20, 50, 90, 100, 110, 120, 130, 140), MINUTE, minutes(0), minutes(200));
        assertThat(longer.episodes()).extracting(VelocityPreview.Episode::startedAt)
                .containsExactly(minutes(81), minutes(171));
        assertThat(longer.episodes().get(0).endedAt()).isEqualTo(minutes(121));
    }

    @Test
    void shouldNotCallAWindowLowBeforeTheSegmentWasSeenForAWholeWindow() {
        VelocityPreview.SegmentSeries s = VelocityPreview.judge(AT_LEAST_ONE_PER_30M, Map.of(),
                events(20, 30, 40, 49), MINUTE, minutes(0), minutes(60));
        assertThat(s.episodes()).isEmpty();
        assertThat(s.counts()).extracting(VelocityPreview.Point::at).first().isEqualTo(minutes(21));
    }

    @Test
    void shouldFlagBurstsOverMaxWithTheWorstCount() {
        VelocityPreview.SegmentSeries s = VelocityPreview.judge(AT_MOST_TWO_PER_30M, Map.of("m", "card"),
                events(10, 11, 12, 13, 14, 60), MINUTE, minutes(0), minutes(120));
        assertThat(s.episodes()).singleElement().satisfies(e -> {
            assertThat(e.startedAt()).isEqualTo(minutes(13)); // [.., 13) holds 10, 11, 12
            assertThat(e.observed()).isEqualTo(5);
            // [13, 43) holds 13 and 14: in bounds from 43, for a full window until 73
            assertThat(e.endedAt()).isEqualTo(minutes(43).plus(Duration.ofMinutes(30)));
            assertThat(e.segment()).containsEntry("m", "card");
        });
    }

    @Test
    void shouldPickABucketThatDividesTheWindowAndBoundsTheirNumber() {
        assertThat(VelocityPreview.bucketMillis(Duration.ofMinutes(15), Duration.ofHours(1))).isEqualTo(10_000);
        long b = VelocityPreview.bucketMillis(Duration.ofMinutes(15), Duration.ofDays(7));
        assertThat(Duration.ofMinutes(15).toMillis() % b).isZero();
        assertThat(Duration.ofDays(7).toMillis() / b).isLessThanOrEqualTo(VelocityPreview.MAX_BUCKETS);
        assertThat(VelocityPreview.bucketMillis(Duration.ofMinutes(1), Duration.ofDays(90))).isEqualTo(60_000);
    }
}
