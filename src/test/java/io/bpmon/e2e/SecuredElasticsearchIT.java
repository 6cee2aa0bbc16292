package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.fixtures.ElasticsearchProxy;
import io.bpmon.core.fixtures.TestCertificates;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's writers against a secured Elasticsearch (docs/elasticsearch-access.md): a proxy in this JVM terminates
 * TLS with a test CA's certificate and lets only the configured API key through to the real test Elasticsearch, whose
 * integ-test distribution has no security of its own. The configuration, secrets and CA included, travels inside
 * the job to the MiniCluster's tasks, as it would to a cluster's task managers.
 */
class SecuredElasticsearchIT {

    private static final String API_KEY = "ZTJlLWlkOmUyZS1zZWNyZXQta2V5";

    @TempDir
    Path dir;

    @Test
    void shouldWriteOrdersAndStatusThroughTlsWithAnApiKey() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "e2e-ca");
        try (ElasticsearchProxy proxy = ElasticsearchProxy.https(TestServers.elasticsearch(),
                ca.serverContext("dns:localhost"), "ApiKey " + API_KEY)) {
            MonitorConfig config = TestServers.config("e2e-secured", dir.resolve("checkpoints"), Map.of(
                    ConfigLoader.ES_URL, proxy.uri("localhost").toString(),
                    ConfigLoader.ES_API_KEY, API_KEY,
                    ConfigLoader.ES_CA_CERT, ca.caPem().toString()));
            TestServers.freshTopicsAndSchema(config);
            Indices indices = new Indices(config.elasticsearch().indexPrefix());
            // read straight from Elasticsearch: what arrived there came through the proxy
            ElasticsearchClient direct = ElasticsearchClient.of(
                    config.elasticsearch().withCaCertificates(null).withCredentials(null)
                            .withUrl(TestServers.elasticsearch()));
            ElasticsearchOrderReader orders = new ElasticsearchOrderReader(direct, indices);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);

            try (RunningJob job = RunningJob.start(config)) {
                TestKafka.send(config.kafka().bootstrap(), List.of(
                        keyed("s-1", event("s1", "ORDER_PLACED", "s-1", t, "{\"country\":\"DE\"}")),
                        keyed("s-1", event("s2", "PAYMENT_RECEIVED", "s-1", t.plusSeconds(1), null))));

                TestServers.await(Duration.ofSeconds(90), () -> orders.find("s-1")
                        .filter(o -> o.path("status").asText().equals("PAID")).isPresent());
                TestServers.await(Duration.ofSeconds(30), () -> direct.search(indices.status(),
                        "{\"query\":{\"term\":{\"component\":\"job\"}}}").path("hits").path("hits").size() > 0);
            }

            assertThat(proxy.unauthenticated()).as("every request of setup and job carried the key").isZero();
            assertThat(proxy.forwarded()).isGreaterThan(10);
            assertThat(new ElasticsearchOrderReader(ElasticsearchClient.of(config.elasticsearch()), indices)
                    .find("s-1")).as("and the web server's reader gets through too").isPresent();
        }
    }
}
