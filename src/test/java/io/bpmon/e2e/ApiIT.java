package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.Version;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API (docs/contract.md) against the real broker, Elasticsearch and the running job. */
class ApiIT {

    private static final String TOKEN = "e2e-token-0123456789abcdef";

    @TempDir
    static Path checkpoints;

    private static RunningJob job;
    private static Javalin web;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        MonitorConfig config = TestServers.config("e2e-api", checkpoints,
                Map.of("BPMON_API_TOKEN", TOKEN, "BPMON_HTTP_PORT", "0"));
        TestServers.freshTopicsAndSchema(config);
        job = RunningJob.start(config);
        web = WebMain.create(config).start(0);
        base = "http://localhost:" + web.port();
    }

    @AfterAll
    static void stop() throws Exception {
        web.stop();
        job.close();
    }

    @Test
    void shouldAcceptValidEventsRejectInvalidOnesAndServeTheOrder() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String batch = "[" + event("api-1", "ORDER_PLACED", "api-o-1", t, "{\"country\":\"AT\"}") + ","
                + "{\"eventId\":\"api-2\",\"type\":\"ORDER_TELEPORTED\",\"orderId\":\"api-o-1\",\"occurredAt\":\"" + t
                + "\"}," + event("api-3", "PAYMENT_RECEIVED", "api-o-1", t.plusSeconds(1), null) + ","
                + event("api-1", "ORDER_PLACED", "api-o-1", t, null) + "]";
        HttpResponse<String> posted = send("POST", "/api/events", batch, TOKEN);
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode answer = Json.mapper().readTree(posted.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(3);
        assertThat(answer.path("rejected")).hasSize(1);
        assertThat(answer.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(answer.path("rejected").get(0).path("reason").asText()).startsWith("type: unknown event type");

        TestServers.await(Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = send("GET", "/api/orders/api-o-1", null, TOKEN);
            return r.statusCode() == 200 && read(r).path("revision").asLong() == 3;
        });
        JsonNode order = read(send("GET", "/api/orders/api-o-1", null, TOKEN));
        assertThat(order.path("status").asText()).isEqualTo("PAID");
        assertThat(order.path("events")).hasSize(2);
        assertThat(order.path("events").get(0).path("duplicates").asInt()).isEqualTo(1);

        JsonNode list = read(send("GET", "/api/orders?status=PAID&limit=5", null, TOKEN));
        assertThat(list.path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(list.path("items").get(0).path("orderId").asText()).isEqualTo("api-o-1");
    }

    @Test
    void shouldRequireTheTokenExceptForHealth() {
        assertThat(send("GET", "/api/orders", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/orders", null, "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> r = send("POST", "/api/events", "{}", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(read(r).path("error").asText()).contains("Authorization");
        TestServers.await(Duration.ofSeconds(60), () -> send("GET", "/api/health", null, null).statusCode() == 200);
        JsonNode health = read(send("GET", "/api/health", null, null));
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("version").asText()).isEqualTo(Version.current());
        assertThat(health.path("components").path("job").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldAnswerCallerMistakesWith4xxNamingTheField() {
        HttpResponse<String> notJson = send("POST", "/api/events", "{oops", TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(read(notJson).path("details").get(0).path("field").asText()).isEqualTo("$");

        assertThat(send("POST", "/api/events", "42", TOKEN).statusCode()).isEqualTo(400);
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        assertThat(send("POST", "/api/events", tooMany + "]", TOKEN).statusCode()).isEqualTo(400);

        HttpResponse<String> badLimit = send("GET", "/api/orders?limit=lots", null, TOKEN);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(read(badLimit).path("details").get(0).path("field").asText()).isEqualTo("limit");
        HttpResponse<String> badStatus = send("GET", "/api/orders?status=FLYING", null, TOKEN);
        assertThat(read(badStatus).path("details").get(0).path("field").asText()).isEqualTo("status");

        HttpResponse<String> unknown = send("GET", "/api/orders/no-such-order", null, TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(read(unknown).path("error").asText()).contains("no-such-order");
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode read(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
