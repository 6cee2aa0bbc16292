package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events into the real broker, through the job on a MiniCluster, into real Elasticsearch and the DLQ topic. */
class PipelineIT {

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-pipeline").withJob();

    @Test
    void shouldTrackOutOfOrderAndDuplicatedEventsIntoOrderDocuments() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        String placed = event("e1", "ORDER_PLACED", "o-1", t, "{\"country\":\"DE\",\"amount\":59.9}");
        TestKafka.send(stack.kafka(), List.of(
                keyed("o-1", event("e2", "PAYMENT_RECEIVED", "o-1", t.plusSeconds(2), "{\"paymentMethod\":\"card\"}")),
                keyed("o-1", placed),
                keyed("o-1", placed),
                keyed("o-2", event("e3", "ORDER_PLACED", "o-2", t, null)),
                keyed("o-2", event("e4", "ORDER_CANCELLED", "o-2", t.plusSeconds(1), null)),
                keyed("o-2", event("e5", "ORDER_SHIPPED", "o-2", t.plusSeconds(3), null))));

        TestServers.await(Duration.ofSeconds(60), () -> stack.orders().find("o-1")
                .filter(o -> o.path("revision").asLong() == 3).isPresent()
                && stack.orders().find("o-2").filter(o -> o.path("revision").asLong() == 3).isPresent());

        JsonNode o1 = stack.orders().find("o-1").orElseThrow();
        assertThat(o1.path("status").asText()).isEqualTo("PAID");
        assertThat(o1.path("steps").path("PLACED").asText()).isEqualTo(t.toString());
        assertThat(o1.path("steps").path("PAID").asText()).isEqualTo(t.plusSeconds(2).toString());
        assertThat(o1.path("attributes").path("country").asText()).isEqualTo("DE");
        assertThat(o1.path("attributes").path("paymentMethod").asText()).isEqualTo("card");
        JsonNode events = o1.path("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("eventId").asText()).isEqualTo("e1");
        assertThat(events.get(0).path("duplicates").asInt()).isEqualTo(1);
        assertThat(events.get(0).hasNonNull("receivedAt")).isTrue();
        assertThat(events.get(1).has("conformance")).isFalse();

        JsonNode o2 = stack.orders().find("o-2").orElseThrow();
        assertThat(o2.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(o2.path("events").get(2).path("conformance").asText()).startsWith("violation");
        assertThat(stack.orders().search(new io.bpmon.core.store.OrderQuery(java.util.Optional.empty(), 10)).total())
                .isEqualTo(2);

        // the job's ingest report (dashboard rates): six events in, duplicates included, none late or rejected
        assertThat(ingestSum("eventsIn", 6)).isEqualTo(6);
        assertThat(ingestSum("eventsLate", 0)).isZero();
    }

    @Test
    void shouldSendInvalidEventsToTheDeadLetterTopicWithReasonAndKeepValidOnes() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String notJson = "this is not json";
        String noType = "{\"eventId\":\"bad-1\",\"orderId\":\"o-9\",\"occurredAt\":\"" + t + "\"}";
        TestKafka.send(stack.kafka(), List.of(
                keyed("o-9", notJson),
                keyed("o-9", noType),
                keyed("o-3", event("e9", "ORDER_PLACED", "o-3", t, null))));

        List<ConsumerRecord<byte[], byte[]>> dead =
                TestKafka.read(stack.kafka(), Topics.ORDER_EVENTS_DLQ, 2, Duration.ofSeconds(60));
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(notJson, noType);
        ConsumerRecord<byte[], byte[]> missingType = dead.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(noType)).findFirst().orElseThrow();
        assertThat(new String(missingType.headers().lastHeader(Topics.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("type: missing");
        assertThat(new String(missingType.key(), StandardCharsets.UTF_8)).isEqualTo("o-9");

        TestServers.await(Duration.ofSeconds(60), () -> stack.orders().find("o-3").isPresent());
        assertThat(stack.orders().find("o-9")).isEmpty();

        // counted for the dashboard beside the events that came in
        assertThat(ingestSum("eventsRejected", 2)).isEqualTo(2);
    }

    /** Waits until the job's ingest reports add up to {@code expected} for the field; returns the sum seen. */
    private long ingestSum(String field, long expected) {
        long[] seen = {-1};
        TestServers.await(Duration.ofSeconds(30), () -> {
            long sum = 0;
            for (JsonNode report : stack.jobReports("job-ingest-")) {
                sum += report.path(field).asLong();
            }
            seen[0] = sum;
            return sum == expected;
        });
        return seen[0];
    }
}
