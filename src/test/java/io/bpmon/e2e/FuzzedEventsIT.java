package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.fixtures.EventMutations;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzed events through the real broker, the job and real Elasticsearch (docs/contract.md, validation): every input
 * ends either stored (its event on its order's document) or in the dead-letter topic with its original bytes and a
 * reason; the store refuses nothing the parser let through, and the job keeps running.
 */
class FuzzedEventsIT {

    private static final int EVENTS = 1500;

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-fuzz").withJob();

    @Test
    void shouldStoreOrDeadLetterEveryFuzzedEventAndKeepRunning() throws Exception {
        long firstSeed = System.nanoTime();
        EventMutations mutations = new EventMutations(Instant.now());
        List<byte[][]> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            long seed = firstSeed + i;
            records.add(new byte[][] {("k" + seed).getBytes(StandardCharsets.UTF_8), mutations.event(seed)});
        }
        List<Long> appended = TestKafka.sendBytes(stack.kafka(), records);

        // what each record must become, judged as the job judges it: by the time the broker appended it
        EventParser parser = new EventParser(Lifecycle.defaultLifecycle());
        Map<String, Set<String>> eventsByOrder = new HashMap<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            ValidationResult<OrderEvent> result =
                    parser.parse(records.get(i)[1], Instant.ofEpochMilli(appended.get(i)));
            if (result.isValid()) {
                eventsByOrder.computeIfAbsent(result.value().orderId(), o -> new HashSet<>())
                        .add(result.value().eventId());
            } else {
                invalid.add(Base64.getEncoder().encodeToString(records.get(i)[1]));
            }
        }
        assertThat(eventsByOrder).as("the fuzzer makes valid events too").hasSizeGreaterThan(100);
        assertThat(invalid).as("and invalid ones").hasSizeGreaterThan(500);

        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.read(stack.kafka(),
                Topics.ORDER_EVENTS_DLQ, invalid.size(), Duration.ofSeconds(90));
        assertThat(dead).extracting(r -> Base64.getEncoder().encodeToString(r.value()))
                .as("exactly the invalid inputs, byte for byte").containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader(Topics.REASON_HEADER)).isNotNull());

        RawElasticsearch es = stack.es();
        Indices indices = stack.indices();
        ElasticsearchOrderReader orders = stack.orders();
        List<String> missing = new ArrayList<>(eventsByOrder.keySet());
        TestServers.await(Duration.ofSeconds(90), () -> {
            missing.removeIf(orderId -> stack.orders().find(orderId).map(doc -> eventIds(doc)
                    .containsAll(eventsByOrder.get(orderId))).orElse(false));
            return missing.isEmpty();
        });
        assertThat(stack.es().search(indices.refusals(), "{\"size\":0,\"track_total_hits\":true}").path("hits")
                .path("total").path("value").asLong(0)).as("the store refused nothing").isZero();
        assertThat(stack.job().isRunning()).isTrue();
    }

    private static Set<String> eventIds(JsonNode doc) {
        Set<String> ids = new HashSet<>();
        doc.path("events").forEach(e -> ids.add(e.path("eventId").asText()));
        return ids;
    }
}
