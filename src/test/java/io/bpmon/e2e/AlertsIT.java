package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.store.ElasticsearchClient;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules and alerts end to end, driven only through the HTTP API (docs/contract.md): a rule created while
 * an order is in flight judges it; the breach is flagged within deadline + allowed lateness + 5 s and visible
 * within 2 s more; acknowledgement; late completion; disabling the rule resolves open alerts.
 */
class AlertsIT {

    private static final String TOKEN = "e2e-alerts-token-0123456789";
    private static final Duration LATENESS = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path checkpoints;

    private static MonitorConfig config;
    private static RunningJob job;
    private static Javalin web;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        config = TestServers.config("e2e-alerts", checkpoints, Map.of("BPMON_API_TOKEN", TOKEN,
                "BPMON_HTTP_PORT", "0", "BPMON_DEFAULT_RULES", "none",
                "BPMON_ALLOWED_LATENESS", LATENESS.toString()));
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
    void shouldFlagAnInFlightOrderInTimeAcknowledgeAndResolveItWhenPaymentArrivesLate() throws Exception {
        String orderId = "alert-a-" + System.nanoTime();
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        post("/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, placedAt,
                "{\"country\":\"XA\"}"), 202);
        // the rule arrives while the order waits: it is judged by it too
        post("/api/rules", """
                {"id":"pay-5s-a","name":"Payment within 5 s (XA)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XA"]},"severity":"CRITICAL"}""", 201);

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        TestServers.await(Duration.ofSeconds(60), () -> {
            JsonNode items = get("/api/alerts?ruleId=pay-5s-a&orderId=" + orderId).path("items");
            seen.set(items.isEmpty() ? null : items.get(0));
            return seen.get() != null;
        });
        Instant visibleAt = Instant.now();
        JsonNode alert = seen.get();
        assertThat(alert.path("status").asText()).isEqualTo("OPEN");
        assertThat(alert.path("kind").asText()).isEqualTo("SLA_BREACH");
        assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.path("ruleVersion").asLong()).isEqualTo(1);
        assertThat(alert.path("detectedLate").asBoolean()).isFalse();
        Instant deadline = Instant.parse(alert.path("deadline").asText());
        Instant detectedAt = Instant.parse(alert.path("detectedAt").asText());
        assertThat(deadline).isEqualTo(placedAt.plusSeconds(5));
        // docs/contract.md: flagged no later than 5 s after deadline + allowedLateness, visible 2 s after that
        assertThat(detectedAt).isBefore(deadline.plus(LATENESS).plusSeconds(5));
        assertThat(visibleAt).isBefore(detectedAt.plusSeconds(2).plusMillis(500)); // + one poll interval

        String id = alert.path("id").asText();
        JsonNode acked = post("/api/alerts/" + id + "/ack", "", 200);
        assertThat(acked.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(get("/api/alerts?status=ACKNOWLEDGED&orderId=" + orderId).path("total").asLong()).isEqualTo(1);

        post("/api/events", EventJson.event(orderId + "-2", "PAYMENT_RECEIVED", orderId, Instant.now(), null), 202);
        TestServers.await(Duration.ofSeconds(60), () ->
                get("/api/alerts?status=RESOLVED&orderId=" + orderId).path("total").asLong() == 1);
        JsonNode resolved = get("/api/alerts?orderId=" + orderId).path("items").get(0);
        assertThat(resolved.path("id").asText()).isEqualTo(id);
        assertThat(resolved.path("resolution").asText()).isEqualTo("COMPLETED_LATE");

        TestServers.await(Duration.ofSeconds(30), () ->
                get("/api/orders/" + orderId).path("alerts").path(0).path("status").asText().equals("RESOLVED"));
        assertThat(TestKafka.read(config.kafka().bootstrap(), Topics.ALERTS, 3, Duration.ofSeconds(30)))
                .filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals(id))
                .extracting(r -> Json.mapper().readTree(r.value()).path("status").asText())
                .containsSubsequence("OPEN", "ACKNOWLEDGED", "RESOLVED");
    }

    @Test
    void shouldResolveOpenAlertsAsRuleDisabledWhenTheRuleIsSwitchedOff() throws Exception {
        post("/api/rules", """
                {"id":"pay-5s-b","name":"Payment within 5 s (XB)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XB"]}}""", 201);
        String orderId = "alert-b-" + System.nanoTime();
        // give the job a moment to receive the rule: the order is judged either way (new or in-flight)
        post("/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                "{\"country\":\"XB\"}"), 202);
        TestServers.await(Duration.ofSeconds(60), () ->
                get("/api/alerts?status=OPEN&ruleId=pay-5s-b").path("total").asLong() == 1);

        send("PUT", "/api/rules/pay-5s-b", """
                {"name":"Payment within 5 s (XB)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XB"]},"enabled":false}""", 200);
        Instant changedAt = Instant.now();

        TestServers.await(Duration.ofSeconds(10), () ->
                get("/api/alerts?status=RESOLVED&ruleId=pay-5s-b").path("total").asLong() == 1);
        assertThat(Instant.now()).isBefore(changedAt.plusSeconds(10)); // docs/contract.md: rule changes within 10 s
        JsonNode alert = get("/api/alerts?ruleId=pay-5s-b").path("items").get(0);
        assertThat(alert.path("resolution").asText()).isEqualTo("RULE_DISABLED");
        // the job acknowledged the version it applies (the rule editor shows "active: v2 since ...")
        ElasticsearchClient es = ElasticsearchClient.of(config.elasticsearch());
        String ruleStatus = new Indices(config.elasticsearch().indexPrefix()).ruleStatus();
        TestServers.await(Duration.ofSeconds(10), () -> {
            ElasticsearchClient.Response r = es.get("/" + ruleStatus + "/_doc/pay-5s-b");
            return r.ok() && r.body().path("_source").path("version").asLong() == 2
                    && !r.body().path("_source").path("enabled").asBoolean()
                    && Instant.parse(r.body().path("_source").path("appliedAt").asText()).isAfter(changedAt);
        });
    }

    @Test
    void shouldKeepAnAcknowledgementWhenTheJobChangesTheOpenAlertAgain() throws Exception {
        post("/api/rules", """
                {"id":"pay-5s-c","name":"Payment within 5 s (XC)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XC"]}}""", 201);
        String orderId = "alert-c-" + System.nanoTime();
        post("/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                "{\"country\":\"XC\"}"), 202);
        TestServers.await(Duration.ofSeconds(60), () ->
                get("/api/alerts?status=OPEN&ruleId=pay-5s-c").path("total").asLong() == 1);
        String id = get("/api/alerts?ruleId=pay-5s-c").path("items").get(0).path("id").asText();
        post("/api/alerts/" + id + "/ack", "", 200);

        // a new rule version that still finds the breach: the job rewrites the open alert (new version, deadline)
        send("PUT", "/api/rules/pay-5s-c", """
                {"name":"Payment within 6 s (XC)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT6S","scope":{"country":["XC"]}}""", 200);
        TestServers.await(Duration.ofSeconds(30), () ->
                get("/api/alerts?ruleId=pay-5s-c").path("items").get(0).path("ruleVersion").asLong() == 2);

        JsonNode alert = get("/api/alerts?ruleId=pay-5s-c").path("items").get(0);
        assertThat(alert.path("id").asText()).isEqualTo(id);
        assertThat(alert.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(get("/api/alerts?status=OPEN&ruleId=pay-5s-c").path("total").asLong()).isZero();
        assertThat(get("/api/alerts?status=ACKNOWLEDGED&ruleId=pay-5s-c").path("total").asLong()).isEqualTo(1);
        assertThat(get("/api/orders/" + orderId).path("alerts").path(0).path("status").asText())
                .isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void shouldRejectBadAlertRequests() {
        assertThat(send("GET", "/api/alerts?status=SNOOZED", null, 400).path("details").get(0).path("field").asText())
                .isEqualTo("status");
        assertThat(send("GET", "/api/alerts?limit=-1", null, 400).path("details").get(0).path("field").asText())
                .isEqualTo("limit");
        send("POST", "/api/alerts/no-such-alert/ack", "", 404);
    }

    private static JsonNode get(String path) {
        return send("GET", path, null, 200);
    }

    private static JsonNode post(String path, String body, int expected) {
        return send("POST", path, body, expected);
    }

    private static JsonNode send(String method, String path, String body, int expected) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return r.body().isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
