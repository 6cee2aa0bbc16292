package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid event whose document Elasticsearch refuses never vanishes (docs/contract.md, validation): it reaches the
 * dead-letter topic with its original bytes and the store's reason, is counted in the health report, and the events
 * beside it are stored. The refusal is provoked the way an operator's mistake would: the month's order index exists
 * with a mapping the documents do not fit.
 */
class StoreRefusalIT {

    private static final String TOKEN = "store-refusal-it-token-0123";

    @TempDir
    Path checkpoints;

    private MonitorConfig config;
    private RunningJob job;
    private Javalin web;
    private ElasticsearchClient es;

    @BeforeEach
    void start() throws Exception {
        config = TestServers.config("e2e-refusal", checkpoints, Map.of(ConfigLoader.API_TOKEN, TOKEN));
        TestServers.freshTopicsAndSchema(config);
        es = ElasticsearchClient.of(config.elasticsearch());
        job = RunningJob.start(config);
        web = WebMain.create(config).start(0);
    }

    @AfterEach
    void stop() throws Exception {
        web.stop();
        job.close();
    }

    @Test
    void shouldDeadLetterTheEventsOfAnOrderTheStoreRefusesAndCountThem() throws Exception {
        Indices indices = new Indices(config.elasticsearch().indexPrefix());
        Instant refusedMonth = Instant.parse("2026-01-15T10:00:00Z");
        assertThat(es.put("/" + indices.ordersFor(refusedMonth),
                "{\"mappings\": {\"properties\": {\"status\": {\"type\": \"integer\"}}}}").ok()).isTrue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String refused = event("r-1", "ORDER_PLACED", "o-refused", refusedMonth, "{\"country\":\"DE\"}");
        TestKafka.send(config.kafka().bootstrap(), List.of(
                keyed("o-refused", refused),
                keyed("o-fine", event("f-1", "ORDER_PLACED", "o-fine", now, null))));

        List<ConsumerRecord<byte[], byte[]>> dead =
                TestKafka.read(config.kafka().bootstrap(), Topics.ORDER_EVENTS_DLQ, 1, Duration.ofSeconds(60));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).as("the original bytes").isEqualTo(refused);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("o-refused");
            assertThat(header(r, Topics.REASON_HEADER))
                    .startsWith("store refused: document_parsing_exception")
                    .contains("status");
            assertThat(header(r, Topics.ORIGIN_HEADER)).startsWith(Topics.ORDER_EVENTS + "/");
        });
        ElasticsearchOrderReader orders = new ElasticsearchOrderReader(es, indices);
        TestServers.await(Duration.ofSeconds(30), () -> orders.find("o-fine").isPresent());
        assertThat(orders.find("o-refused")).isEmpty();

        TestServers.await(Duration.ofSeconds(30), () -> health().path("storeRefused").asLong() == 1);
        assertThat(health().path("lastStoreRefusal").asText()).startsWith("document_parsing_exception");
    }

    private JsonNode health() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + web.port() + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(r.body()).path("components").path("job");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
