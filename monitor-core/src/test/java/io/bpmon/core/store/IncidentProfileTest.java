package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentProfileTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void shouldChooseTheShortestBucketThatDrawsTheSpanInAtMostSixtyBuckets() {
        assertThat(IncidentProfile.bucketFor(T0, T0.plusSeconds(10))).isEqualTo(Duration.ofMinutes(1));
        assertThat(IncidentProfile.bucketFor(T0, T0.plus(Duration.ofMinutes(59)))).isEqualTo(Duration.ofMinutes(1));
        assertThat(IncidentProfile.bucketFor(T0, T0.plus(Duration.ofMinutes(60)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(IncidentProfile.bucketFor(T0, T0.plus(Duration.ofHours(6)))).isEqualTo(Duration.ofMinutes(15));
        assertThat(IncidentProfile.bucketFor(T0, T0.plus(Duration.ofDays(2)))).isEqualTo(Duration.ofHours(1));
        assertThat(IncidentProfile.bucketFor(T0, T0.plus(Duration.ofDays(200)))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldWriteBucketsAsElasticsearchIntervals() {
        assertThat(ElasticsearchIncidentStore.interval(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(ElasticsearchIncidentStore.interval(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(ElasticsearchIncidentStore.interval(Duration.ofDays(1))).isEqualTo("1d");
    }

    @Test
    void shouldScaleByTheHighestBucketAndKeepTheSegmentsInTheOrderAsked() {
        IncidentProfile p = new IncidentProfile(T0, Duration.ofMinutes(1), List.of(0L, 0L),
                new java.util.LinkedHashMap<>(Map.of("warehouse", List.of())));
        assertThat(p.max()).isEqualTo(1);
        java.util.LinkedHashMap<String, List<IncidentProfile.ValueCount>> ordered = new java.util.LinkedHashMap<>();
        for (String a : List.of("country", "carrier", "paymentMethod", "warehouse")) {
            ordered.put(a, List.of());
        }
        assertThat(new IncidentProfile(T0, Duration.ofMinutes(1), List.of(3L), ordered).segments().keySet())
                .containsExactly("country", "carrier", "paymentMethod", "warehouse");
    }
}
