package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.ConfigLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orders whose job state retention dropped continue where they stood (docs/contract.md, dropped state): through the
 * real broker, the job on a MiniCluster and real Elasticsearch, with retentions of seconds.
 */
class DroppedStateIT {

    private static final Duration RETENTION = Duration.ofSeconds(2);

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-dropped").withJob()
            .env(ConfigLoader.FINISHED_RETENTION, RETENTION.toString())
            .env(ConfigLoader.ABANDONED_RETENTION, RETENTION.toString())
            .env(ConfigLoader.ALLOWED_LATENESS, "PT1S");

    @Test
    void shouldContinueDeliveredAndAbandonedOrdersWhoseStateWasDropped() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        TestKafka.send(stack.kafka(), List.of(
                keyed("o-1", event("e1", "ORDER_PLACED", "o-1", t, "{\"country\":\"DE\"}")),
                keyed("o-1", event("e2", "PAYMENT_RECEIVED", "o-1", t.plusSeconds(1), null)),
                keyed("o-1", event("e3", "ORDER_SHIPPED", "o-1", t.plusSeconds(2), null)),
                keyed("o-1", event("e4", "ORDER_DELIVERED", "o-1", t.plusSeconds(3), null)),
                keyed("o-2", event("e5", "ORDER_PLACED", "o-2", t, null))));
        TestServers.await(Duration.ofSeconds(60), () -> revision("o-1") == 4 && revision("o-2") == 1);
        // every order writer has seen event time pass both retentions, so the operator before it dropped both states
        awaitWatermarkOfEveryOrderWriter(t.plusSeconds(3).plus(RETENTION));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestKafka.send(stack.kafka(), List.of(
                keyed("o-1", event("e6", "ORDER_RETURNED", "o-1", now, null)),
                keyed("o-1", event("e1", "ORDER_PLACED", "o-1", t, "{\"country\":\"DE\"}")),
                keyed("o-2", event("e7", "PAYMENT_RECEIVED", "o-2", now, null))));

        TestServers.await(Duration.ofSeconds(60), () -> revision("o-1") == 6 && revision("o-2") == 2);
        JsonNode returned = stack.orders().find("o-1").orElseThrow();
        assertThat(returned.path("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.path("events")).extracting(e -> e.path("eventId").asText())
                .containsExactly("e1", "e2", "e3", "e4", "e6");
        assertThat(returned.path("events").get(0).path("duplicates").asInt()).isEqualTo(1);
        assertThat(returned.path("attributes").path("country").asText()).isEqualTo("DE");
        JsonNode paid = stack.orders().find("o-2").orElseThrow();
        assertThat(paid.path("status").asText()).isEqualTo("PAID");
        assertThat(paid.path("steps").path("PLACED").asText()).isEqualTo(t.toString());
    }

    private long revision(String orderId) {
        return stack.orders().find(orderId).map(o -> o.path("revision").asLong()).orElse(0L);
    }

    private void awaitWatermarkOfEveryOrderWriter(Instant atLeast) {
        TestServers.await(Duration.ofSeconds(60), () -> {
            int writers = 0;
            for (JsonNode report : stack.jobReports("job-orders-")) {
                String watermark = report.path("watermark").asText(null);
                if (watermark == null || Instant.parse(watermark).isBefore(atLeast)) {
                    return false;
                }
                writers++;
            }
            return writers == stack.config().engine().parallelism();
        });
    }
}
