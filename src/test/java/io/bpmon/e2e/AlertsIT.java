package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules and alerts end to end, driven only through the HTTP API (docs/contract.md): a rule created while
 * an order is in flight judges it; the breach is flagged within deadline + allowed lateness + 5 s and visible
 * within 2 s more; acknowledgement; late completion; disabling the rule resolves open alerts.
 */
class AlertsIT {

    private static final String TOKEN = "e2e-alerts-token-0123456789";
    private static final Duration LATENESS = Duration.ofSeconds(2);

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-alerts").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none").env("BPMON_ALLOWED_LATENESS", LATENESS.toString());

    private static final TestApi api = stack.api();

    @Test
    void shouldFlagAnInFlightOrderInTimeAcknowledgeAndResolveItWhenPaymentArrivesLate() throws Exception {
        String orderId = "alert-a-" + System.nanoTime();
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, placedAt,
                "{\"country\":\"XA\"}"));
        // the rule arrives while the order waits: it is judged by it too
        api.expect(201, "POST", "/api/rules", """
                {"id":"pay-5s-a","name":"Payment within 5 s (XA)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XA"]},"severity":"CRITICAL"}""");

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        TestServers.await(Duration.ofSeconds(60), () -> {
            JsonNode items = api.get("/api/alerts?ruleId=pay-5s-a&orderId=" + orderId).path("items");
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
        JsonNode acked = api.expect(200, "POST", "/api/alerts/" + id + "/ack", "");
        assertThat(acked.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(api.get("/api/alerts?status=ACKNOWLEDGED&orderId=" + orderId).path("total").asLong()).isEqualTo(1);

        api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-2", "PAYMENT_RECEIVED", orderId, Instant
                .now(), null));
        TestServers.await(Duration.ofSeconds(60), () ->
                api.get("/api/alerts?status=RESOLVED&orderId=" + orderId).path("total").asLong() == 1);
        JsonNode resolved = api.get("/api/alerts?orderId=" + orderId).path("items").get(0);
        assertThat(resolved.path("id").asText()).isEqualTo(id);
        assertThat(resolved.path("resolution").asText()).isEqualTo("COMPLETED_LATE");

        TestServers.await(Duration.ofSeconds(30), () ->
                api.get("/api/orders/" + orderId).path("alerts").path(0).path("status").asText().equals("RESOLVED"));
        assertThat(TestKafka.read(stack.kafka(), Topics.ALERTS, 3, Duration.ofSeconds(30)))
                .filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals(id))
                .extracting(r -> Json.mapper().readTree(r.value()).path("status").asText())
                .containsSubsequence("OPEN", "ACKNOWLEDGED", "RESOLVED");
    }

    @Test
    void shouldResolveOpenAlertsAsRuleDisabledWhenTheRuleIsSwitchedOff() throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"pay-5s-b","name":"Payment within 5 s (XB)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XB"]}}""");
        String orderId = "alert-b-" + System.nanoTime();
        // give the job a moment to receive the rule: the order is judged either way (new or in-flight)
        api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                "{\"country\":\"XB\"}"));
        TestServers.await(Duration.ofSeconds(60), () ->
                api.get("/api/alerts?status=OPEN&ruleId=pay-5s-b").path("total").asLong() == 1);

        api.expect(200, "PUT", "/api/rules/pay-5s-b", """
                {"name":"Payment within 5 s (XB)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XB"]},"enabled":false}""");
        Instant changedAt = Instant.now();

        TestServers.await(Duration.ofSeconds(10), () ->
                api.get("/api/alerts?status=RESOLVED&ruleId=pay-5s-b").path("total").asLong() == 1);
        assertThat(Instant.now()).isBefore(changedAt.plusSeconds(10)); // docs/contract.md: rule changes within 10 s
        JsonNode alert = api.get("/api/alerts?ruleId=pay-5s-b").path("items").get(0);
        assertThat(alert.path("resolution").asText()).isEqualTo("RULE_DISABLED");
        // the job acknowledged the version it applies (the rule editor shows "active: v2 since ...")
        RawElasticsearch es = stack.es();
        String ruleStatus = stack.indices().ruleStatus();
        TestServers.await(Duration.ofSeconds(10), () -> {
            RawElasticsearch.Response r = es.get("/" + ruleStatus + "/_doc/pay-5s-b");
            return r.ok() && r.body().path("_source").path("version").asLong() == 2
                    && !r.body().path("_source").path("enabled").asBoolean()
                    && Instant.parse(r.body().path("_source").path("appliedAt").asText()).isAfter(changedAt);
        });
    }

    @Test
    void shouldKeepAnAcknowledgementWhenTheJobChangesTheOpenAlertAgain() throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"pay-5s-c","name":"Payment within 5 s (XC)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XC"]}}""");
        String orderId = "alert-c-" + System.nanoTime();
        api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                "{\"country\":\"XC\"}"));
        TestServers.await(Duration.ofSeconds(60), () ->
                api.get("/api/alerts?status=OPEN&ruleId=pay-5s-c").path("total").asLong() == 1);
        String id = api.get("/api/alerts?ruleId=pay-5s-c").path("items").get(0).path("id").asText();
        api.expect(200, "POST", "/api/alerts/" + id + "/ack", "");

        // a new rule version that still finds the breach: the job rewrites the open alert (new version, deadline)
        api.expect(200, "PUT", "/api/rules/pay-5s-c", """
                {"name":"Payment within 6 s (XC)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT6S","scope":{"country":["XC"]}}""");
        TestServers.await(Duration.ofSeconds(30), () ->
                api.get("/api/alerts?ruleId=pay-5s-c").path("items").get(0).path("ruleVersion").asLong() == 2);

        JsonNode alert = api.get("/api/alerts?ruleId=pay-5s-c").path("items").get(0);
        assertThat(alert.path("id").asText()).isEqualTo(id);
        assertThat(alert.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(api.get("/api/alerts?status=OPEN&ruleId=pay-5s-c").path("total").asLong()).isZero();
        assertThat(api.get("/api/alerts?status=ACKNOWLEDGED&ruleId=pay-5s-c").path("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/orders/" + orderId).path("alerts").path(0).path("status").asText())
                .isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void shouldRejectBadAlertRequests() {
        assertThat(api.expect(400, "GET", "/api/alerts?status=SNOOZED", null).path("details").get(0).path("field")
                .asText())
                .isEqualTo("status");
        assertThat(api.expect(400, "GET", "/api/alerts?limit=-1", null).path("details").get(0).path("field").asText())
                .isEqualTo("limit");
        api.expect(404, "POST", "/api/alerts/no-such-alert/ack", "");
    }
}
