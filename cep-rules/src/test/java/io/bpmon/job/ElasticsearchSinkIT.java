package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order sink against a real Elasticsearch, in Flink's operator harness: within one flush interval an order's
 * document is written once, in its latest revision; a checkpoint writes everything buffered before it completes; and
 * no write, replayed or late, takes a document back to an older revision (docs/benchmarks.md, "Store write").
 */
class ElasticsearchSinkIT {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    private ElasticsearchConfig config;
    private RawElasticsearch es;
    private String index;
    private final List<OneInputStreamOperatorTestHarness<OrderUpdate, CommittableMessage<Void>>> harnesses =
            new ArrayList<>();
    private long offset;

    @BeforeEach
    void freshPrefix() {
        String url = System.getenv("BPMON_TEST_ES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("BPMON_TEST_ES_URL is not set: run the integration tests with "
                    + "BPMON_TEST_ES_URL=http://127.0.0.1:<port> (scripts/es.sh starts one)");
        }
        String prefix = "it-sink-" + System.nanoTime();
        // flushed by checkpoints only: the interval and the bulk size are out of reach of the test
        config = new ElasticsearchConfig(URI.create(url), prefix, 10_000, Duration.ofHours(1), Duration.ofDays(365));
        try (Elasticsearch store = Elasticsearch.of(config)) {
            SchemaSetup.ensureSchema(store, config, Duration.ofSeconds(30), m -> {});
        }
        es = RawElasticsearch.of(config);
        index = new Indices(prefix).ordersFor(BEGINNING);
    }

    @AfterEach
    void close() throws Exception {
        for (var harness : harnesses) {
            harness.close();
        }
    }

    private OneInputStreamOperatorTestHarness<OrderUpdate, CommittableMessage<Void>> sink(OperatorSubtaskState restore)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<OrderUpdate, CommittableMessage<Void>>(
                new SinkWriterOperatorFactory<>(ElasticsearchSink.orders(config, "127.0.0.1:1")));
        harnesses.add(harness);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    /** Applies the event and sends the order's document, as the order operator emits it. */
    private void send(OneInputStreamOperatorTestHarness<OrderUpdate, CommittableMessage<Void>> sink, OrderState order,
            OrderEvent event) throws Exception {
        order.apply(event, false, LIFECYCLE);
        sink.processElement(update(order), event.occurredAt().toEpochMilli());
    }

    private OrderUpdate update(OrderState order) {
        return new OrderUpdate(order.orderId(), index, order.revision(), OrderDocument.toBytes(order, LIFECYCLE),
                false, "bpmon.order-events/0@" + offset++);
    }

    private JsonNode stored(String orderId) {
        return es.get("/" + index + "/_doc/" + orderId).body();
    }

    /** Index operations Elasticsearch carried out on the order index (refreshes it first). */
    private long indexOperations() {
        es.get("/" + index + "/_refresh");
        return es.get("/" + index + "/_stats/indexing").body().path("_all").path("primaries").path("indexing")
                .path("index_total").asLong(-1);
    }

    @Test
    void shouldWriteEachOrderOnceInItsLatestRevisionAndEverythingBufferedAtACheckpoint() throws Exception {
        var sink = sink(null);
        OrderState o1 = new OrderState("o-1");
        OrderState o2 = new OrderState("o-2");
        send(sink, o1, placed("o-1", BEGINNING, "country", "DE"));
        send(sink, o2, placed("o-2", BEGINNING.plusSeconds(1)));
        send(sink, o1, paid("o-1", BEGINNING.plusSeconds(2)));
        send(sink, o1, shipped("o-1", BEGINNING.plusSeconds(3)));
        assertThat(es.get("/" + index + "/_doc/o-1").status()).as("buffered until the checkpoint").isEqualTo(404);

        sink.prepareSnapshotPreBarrier(1);
        sink.snapshot(1, 1);

        assertThat(stored("o-1").path("_version").asLong()).isEqualTo(3);
        assertThat(stored("o-1").path("_source").path("status").asText()).isEqualTo("SHIPPED");
        assertThat(stored("o-1").path("_source").path("events")).hasSize(3);
        assertThat(stored("o-2").path("_source").path("revision").asLong()).isEqualTo(1);
        assertThat(indexOperations()).as("4 events, 2 orders: one write per order").isEqualTo(2);
    }

    @Test
    void shouldNeverTakeADocumentBackToAnOlderRevisionWhenARestoredJobReplays() throws Exception {
        var first = sink(null);
        OrderState o1 = new OrderState("o-1");
        send(first, o1, placed("o-1", BEGINNING));
        OrderUpdate placedOnly = update(o1);
        send(first, o1, paid("o-1", BEGINNING.plusSeconds(2)));
        OrderUpdate paidToo = update(o1);
        first.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState checkpoint = first.snapshot(1, 1);
        send(first, o1, shipped("o-1", BEGINNING.plusSeconds(3)));
        OrderUpdate shippedToo = update(o1);
        // the job fails here: revision 3 was never flushed, and Kafka gives the events after checkpoint 1 again

        var restored = sink(checkpoint);
        restored.processElement(paidToo, 2); // an older revision, buffered first ...
        restored.processElement(shippedToo, 3); // ... the lost one ...
        send(restored, o1, delivered("o-1", BEGINNING.plusSeconds(4))); // ... and the next: only revision 4 is written
        restored.prepareSnapshotPreBarrier(2);
        restored.snapshot(2, 2);
        assertThat(stored("o-1").path("_source").path("revision").asLong()).isEqualTo(4);

        restored.processElement(placedOnly, 4); // a replay from further back, alone in its flush
        restored.prepareSnapshotPreBarrier(3);
        restored.snapshot(3, 3);

        JsonNode stored = stored("o-1");
        assertThat(stored.path("_version").asLong()).isEqualTo(4);
        assertThat(stored.path("_source").path("status").asText()).isEqualTo("DELIVERED");
        assertThat(stored.path("_source").path("events")).hasSize(4);
    }
}
