package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.bpmon.core.config.ElasticsearchConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an error answer means for bpmon ({@link Elasticsearch#call}), against a local HTTP server that answers like
 * Elasticsearch: the caller's errors (404, 409) reach the caller as the client's exception with their status, while
 * an overloaded or failing server (429, 5xx) is {@link Elasticsearch.UnavailableException}, worth retrying.
 */
class ElasticsearchTest {

    private HttpServer server;
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Elasticsearch es() {
        return Elasticsearch.of(ElasticsearchConfig.defaults()
                .withUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    private void answer(int status, String type, String reason) {
        this.status = status;
        this.body = "{\"error\":{\"root_cause\":[{\"type\":\"" + type + "\",\"reason\":\"" + reason + "\"}],\"type\":\""
                + type + "\",\"reason\":\"" + reason + "\"},\"status\":" + status + "}";
    }

    private static void create(Elasticsearch es) {
        es.call("/rules/_create/r:1", c -> c.create(r -> r.index("rules").id("r:1").document(Map.of("id", "r"))));
    }

    @Test
    void shouldHandAVersionConflictToTheCallerWithItsStatus() {
        answer(409, "version_conflict_engine_exception", "[r:1]: version conflict, document already exists");

        try (Elasticsearch es = es()) {
            assertThatThrownBy(() -> create(es)).isInstanceOfSatisfying(ElasticsearchException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(Elasticsearch.reason(e.error())).startsWith("version_conflict_engine_exception: [r:1]");
            });
        }
    }

    @Test
    void shouldHandAMissingIndexToTheCallerAndReadItAsNoHitsInASearch() {
        answer(404, "index_not_found_exception", "no such index [rules]");

        try (Elasticsearch es = es()) {
            assertThatThrownBy(() -> es.call("/rules/_doc/r", c -> c.get(g -> g.index("rules").id("r"),
                    JsonNode.class))).isInstanceOfSatisfying(ElasticsearchException.class,
                            e -> assertThat(e.status()).isEqualTo(404));
            assertThat(es.search("rules", s -> s, JsonNode.class).hits().hits()).isEmpty();
        }
    }

    @Test
    void shouldCallAnOverloadedOrFailingServerUnavailable() {
        try (Elasticsearch es = es()) {
            answer(429, "es_rejected_execution_exception", "rejected execution of coordinating operation");
            assertThatThrownBy(() -> create(es)).isInstanceOf(Elasticsearch.UnavailableException.class)
                    .hasMessageContaining("429 to /rules/_create/r:1").hasMessageContaining("rejected execution");

            answer(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]");
            assertThatThrownBy(() -> create(es)).isInstanceOf(Elasticsearch.UnavailableException.class)
                    .hasMessageContaining("503 to /rules/_create/r:1");
        }
    }

    @Test
    void shouldCallAServerErrorWithoutElasticsearchsAnswerUnavailable() {
        status = 502;
        body = "<html>Bad gateway</html>";

        try (Elasticsearch es = es()) {
            assertThatThrownBy(() -> create(es)).isInstanceOf(Elasticsearch.UnavailableException.class)
                    .hasMessageContaining("502");
        }
    }
}
