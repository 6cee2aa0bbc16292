package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.Version;
import io.bpmon.core.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API (docs/contract.md) against the real broker, Elasticsearch and the running job. */
class ApiIT {

    private static final String TOKEN = "e2e-token-0123456789abcdef";

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-api").token(TOKEN).withJob().withWeb();

    private static final TestApi api = stack.api();
    private static final TestApi anonymous = api.as(null);

    @Test
    void shouldAcceptValidEventsRejectInvalidOnesAndServeTheOrder() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String batch = "[" + event("api-1", "ORDER_PLACED", "api-o-1", t, "{\"country\":\"AT\"}") + ","
                + "{\"eventId\":\"api-2\",\"type\":\"ORDER_TELEPORTED\",\"orderId\":\"api-o-1\",\"occurredAt\":\"" + t
                + "\"}," + event("api-3", "PAYMENT_RECEIVED", "api-o-1", t.plusSeconds(1), null) + ","
                + event("api-1", "ORDER_PLACED", "api-o-1", t, null) + "]";
        HttpResponse<String> posted = api.send("POST", "/api/events", batch);
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode answer = Json.mapper().readTree(posted.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(3);
        assertThat(answer.path("rejected")).hasSize(1);
        assertThat(answer.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(answer.path("rejected").get(0).path("reason").asText()).startsWith("type: unknown event type");

        TestServers.await(Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = api.send("GET", "/api/orders/api-o-1", null);
            return r.statusCode() == 200 && TestApi.json(r).path("revision").asLong() == 3;
        });
        JsonNode order = TestApi.json(api.send("GET", "/api/orders/api-o-1", null));
        assertThat(order.path("status").asText()).isEqualTo("PAID");
        assertThat(order.path("events")).hasSize(2);
        assertThat(order.path("events").get(0).path("duplicates").asInt()).isEqualTo(1);

        JsonNode list = TestApi.json(api.send("GET", "/api/orders?status=PAID&limit=5", null));
        assertThat(list.path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(list.path("items").get(0).path("orderId").asText()).isEqualTo("api-o-1");
    }

    @Test
    void shouldRequireTheTokenExceptForHealth() {
        assertThat(anonymous.send("GET", "/api/orders", null).statusCode()).isEqualTo(401);
        assertThat(api.as("wrong-token-wrong-token").send("GET", "/api/orders", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = anonymous.send("POST", "/api/events", "{}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestApi.json(r).path("error").asText()).contains("Authorization");
        TestServers.await(Duration.ofSeconds(60), () -> anonymous.send("GET", "/api/health", null).statusCode() == 200);
        JsonNode health = TestApi.json(anonymous.send("GET", "/api/health", null));
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("version").asText()).isEqualTo(Version.current());
        assertThat(health.path("components").path("job").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldAnswerCallerMistakesWith4xxNamingTheField() {
        HttpResponse<String> notJson = api.send("POST", "/api/events", "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(TestApi.json(notJson).path("details").get(0).path("field").asText()).isEqualTo("$");

        assertThat(api.send("POST", "/api/events", "42").statusCode()).isEqualTo(400);
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        assertThat(api.send("POST", "/api/events", tooMany + "]").statusCode()).isEqualTo(400);

        HttpResponse<String> badLimit = api.send("GET", "/api/orders?limit=lots", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(TestApi.json(badLimit).path("details").get(0).path("field").asText()).isEqualTo("limit");
        HttpResponse<String> badStatus = api.send("GET", "/api/orders?status=FLYING", null);
        assertThat(TestApi.json(badStatus).path("details").get(0).path("field").asText()).isEqualTo("status");

        HttpResponse<String> unknown = api.send("GET", "/api/orders/no-such-order", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestApi.json(unknown).path("error").asText()).contains("no-such-order");
    }
}
