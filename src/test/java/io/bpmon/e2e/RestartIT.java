package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.store.ElasticsearchOrderReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job stopped after a checkpoint and restarted from it (state and Kafka offsets restored, the records after the
 * checkpoint read again) leaves exactly the documents of a job that never stopped.
 */
class RestartIT {

    private static final String[] LIFECYCLE = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED"};
    private static final int ORDERS = 30;

    // lateness is not the subject here: with the default 10 s, a slow machine (the events are sent up to a minute
    // after they occurred) flags different events late in the two runs
    @RegisterExtension
    final TestStack restarted = TestStack.named("e2e-restart").env("BPMON_ALLOWED_LATENESS", "PT10M");

    @RegisterExtension
    final TestStack uninterrupted = TestStack.named("e2e-straight").env("BPMON_ALLOWED_LATENESS", "PT10M");

    @Test
    void shouldLeaveIdenticalDocumentsAfterRestartFromCheckpoint() throws Exception {
        ElasticsearchOrderReader restartedOrders = restarted.orders();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);

        try (RunningJob job = restarted.startJob()) {
            TestKafka.send(restarted.kafka(), step(0, t0));
            awaitRevision(restartedOrders, 1);
            restarted.awaitCheckpointAfter(Instant.now());
            // processed, but the job stops before (or right after) the next checkpoint: some are replayed
            TestKafka.send(restarted.kafka(), step(1, t0));
            awaitRevision(restartedOrders, 2);
        }
        try (RunningJob job = restarted.startJob()) { // resumes from the newest checkpoint
            TestKafka.send(restarted.kafka(), step(2, t0));
            TestKafka.send(restarted.kafka(), step(3, t0));
            awaitRevision(restartedOrders, 4);
        }

        ElasticsearchOrderReader straightOrders = uninterrupted.orders();
        try (RunningJob job = uninterrupted.startJob()) { // same topic, from the beginning, never stopped
            awaitRevision(straightOrders, 4);
        }
        for (int i = 0; i < ORDERS; i++) {
            JsonNode a = restartedOrders.find(orderId(i)).orElseThrow();
            JsonNode b = straightOrders.find(orderId(i)).orElseThrow();
            assertThat(a).isEqualTo(b);
            assertThat(a.path("status").asText()).isEqualTo("DELIVERED");
            assertThat(a.path("events")).hasSize(4);
        }
    }

    private static List<String[]> step(int step, Instant t0) {
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            records.add(keyed(orderId(i), event("r-" + i + "-" + step, LIFECYCLE[step], orderId(i),
                    t0.plusSeconds(step).plusMillis(i), "{\"n\":" + i + "}")));
        }
        return records;
    }

    private static String orderId(int i) {
        return "restart-" + i;
    }


    private static void awaitRevision(ElasticsearchOrderReader orders, long revision) {
        TestServers.await(Duration.ofSeconds(90), () -> {
            for (int i = 0; i < ORDERS; i++) {
                if (orders.find(orderId(i)).filter(o -> o.path("revision").asLong() >= revision).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
    }
}
