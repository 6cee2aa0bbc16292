package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A valid event whose document Elasticsearch refuses never vanishes (docs/contract.md, validation): it reaches the
 * dead-letter topic with its original bytes and the store's reason, is counted in the health report, and the events
 * beside it are stored. The refusal is provoked the way an operator's mistake would: the month's order index exists
 * with a mapping the documents do not fit.
 */
class StoreRefusalIT {

    private static final String TOKEN = "store-refusal-it-token-0123";

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-refusal").token(TOKEN).withJob().withWeb();

    @Test
    void shouldDeadLetterTheEventsOfAnOrderTheStoreRefusesAndCountThem() throws Exception {
        Indices indices = stack.indices();
        Instant refusedMonth = Instant.parse("2026-01-15T10:00:00Z");
        assertThat(stack.es().put("/" + indices.ordersFor(refusedMonth),
                "{\"mappings\": {\"properties\": {\"status\": {\"type\": \"integer\"}}}}").ok()).isTrue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String refused = event("r-1", "ORDER_PLACED", "o-refused", refusedMonth, "{\"country\":\"DE\"}");
        TestKafka.send(stack.kafka(), List.of(
                keyed("o-refused", refused),
                keyed("o-fine", event("f-1", "ORDER_PLACED", "o-fine", now, null))));

        List<ConsumerRecord<byte[], byte[]>> dead =
                TestKafka.read(stack.kafka(), Topics.ORDER_EVENTS_DLQ, 1, Duration.ofSeconds(60));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).as("the original bytes").isEqualTo(refused);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("o-refused");
            assertThat(header(r, Topics.REASON_HEADER))
                    .startsWith("store refused: document_parsing_exception")
                    .contains("status");
            assertThat(header(r, Topics.ORIGIN_HEADER)).startsWith(Topics.ORDER_EVENTS + "/");
        });
        ElasticsearchOrderReader orders = stack.orders();
        TestServers.await(Duration.ofSeconds(30), () -> stack.orders().find("o-fine").isPresent());
        assertThat(stack.orders().find("o-refused")).isEmpty();

        TestServers.await(Duration.ofSeconds(30), () -> health().path("storeRefused").asLong() == 1);
        assertThat(health().path("lastStoreRefusal").asText()).startsWith("document_parsing_exception");
    }

    private JsonNode health() {
        // 503 while a part is down: the job's counters are in the answer either way
        return TestApi.json(stack.api().send("GET", "/api/health", null)).path("components").path("job");
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
