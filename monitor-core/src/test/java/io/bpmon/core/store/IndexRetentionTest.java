package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexRetentionTest {

    private final IndexRetention retention = new IndexRetention(new Indices("bpmon"), Duration.ofDays(90));

    @Test
    void shouldExpireOnlyMonthsThatEndedBeforeTheRetentionHorizon() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z"); // horizon 2026-08-30
        List<String> expired = retention.expired(List.of(
                "bpmon-orders-2026.07", "bpmon-orders-2026.08", "bpmon-orders-2026.09", "bpmon-orders-2026.11",
                "bpmon-orders-2025.12"), now);

        assertThat(expired).containsExactlyInAnyOrder("bpmon-orders-2026.07", "bpmon-orders-2025.12");
    }

    @Test
    void shouldKeepIndicesThatAreNotMonthlyOrderIndices() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(retention.expired(List.of("bpmon-status", "other-orders-2020.01", "bpmon-orders-old",
                "bpmon-orders-2020.13"), now)).isEmpty();
    }
}
