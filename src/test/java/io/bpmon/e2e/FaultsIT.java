package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.KafkaConfig;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job and the web server against servers that go away. */
class FaultsIT {

    @TempDir
    Path checkpoints;

    @Test
    void shouldBackOffWhileElasticsearchIsUnreachableAndCatchUpWithoutLosingDocuments() throws Exception {
        try (ToggleProxy proxy = new ToggleProxy(TestServers.elasticsearch())) {
            MonitorConfig config = TestServers.config("e2e-faults", checkpoints,
                    Map.of(ConfigLoader.ES_URL, proxy.uri().toString()));
            TestServers.freshTopicsAndSchema(config);
            ElasticsearchOrderReader orders = new ElasticsearchOrderReader(
                    Elasticsearch.of(config.elasticsearch().withUrl(TestServers.elasticsearch())),
                    new Indices("e2e-faults"));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            try (RunningJob job = RunningJob.start(config)) {
                List<String[]> first = new ArrayList<>();
                first.add(keyed("f-0", event("f-0", "ORDER_PLACED", "f-0", t, null)));
                TestKafka.send(config.kafka().bootstrap(), first);
                TestServers.await(Duration.ofSeconds(60), () -> orders.find("f-0").isPresent());

                proxy.cutOff();
                List<String[]> during = new ArrayList<>();
                for (int i = 1; i <= 50; i++) {
                    during.add(keyed("f-" + i, event("f-" + i, "ORDER_PLACED", "f-" + i, t.plusMillis(i), null)));
                }
                TestKafka.send(config.kafka().bootstrap(), during);
                // the writer has tried and retried while the server was away
                TestServers.await(Duration.ofSeconds(60), () -> proxy.refusedConnections() >= 3);
                assertThat(orders.find("f-50")).isEmpty();

                proxy.reconnect();
                TestServers.await(Duration.ofSeconds(90), () -> {
                    for (int i = 1; i <= 50; i++) {
                        if (orders.find("f-" + i).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
            }
        }
    }

    @Test
    void shouldReportAnUnreachableKafkaClearlyAfterRetrying() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> retries = new CopyOnWriteArrayList<>();
        KafkaConfig nowhere = KafkaConfig.defaults().withBootstrap("127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> TopicSetup.ensureTopics(nowhere, Duration.ofSeconds(6), retries::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka at 127.0.0.1:" + closedPort + " is not reachable")
                .hasMessageContaining("BPMON_KAFKA_BOOTSTRAP");
        assertThat(retries).isNotEmpty().allMatch(line -> line.contains("not reachable yet"));
    }
}
