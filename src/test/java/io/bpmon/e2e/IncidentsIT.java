package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incidents end to end through a simulated payment outage, driven only through the HTTP API (docs/incidents.md):
 * PayPal payments stop, the VELOCITY rule that watches payments per method opens an episode and inhibits the payment
 * SLA rule, so the PayPal orders' breaches land in the outage's one incident (with {@code inhibitedBy}), while a card
 * order's breach does not; the whole incident is acknowledged in one call. Slack hears of the outage once, with a link
 * to the incident, never of the breaches it holds back, and once more when PayPal payments come back.
 */
class IncidentsIT {

    private static final String TOKEN = "e2e-incidents-token-0123456789";

    private static final String PUBLIC_URL = "https://bpmon.example.com";

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver slack = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final TestStack stack = TestStack.named("e2e-incidents").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none").env("BPMON_ALLOWED_LATENESS", "PT2S")
            .env("BPMON_PUBLIC_URL", PUBLIC_URL)
            .env("BPMON_SLACK_WEBHOOK_URL", () -> slack.url("/services/T/B/secret"))
            .env("BPMON_ALERT_GROUP_WAIT", "PT2S")
            .env("BPMON_ALERT_GROUP_INTERVAL", "PT3S");

    private static final TestApi api = stack.api();

    @Test
    void shouldGroupThePaymentBreachesOfAPayPalOutageIntoTheOutagesIncidentAndAcknowledgeItInOneCall()
            throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"payment-5s","name":"Payment within 5 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT5S","scope":{"country":["XO"]},"groupBy":["paymentMethod"],"severity":"WARNING"}""");
        api.expect(201, "POST", "/api/rules", """
                {"id":"payments","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT1M","min":1,"groupBy":["paymentMethod"],"inhibits":["payment-5s"],
                 "severity":"CRITICAL"}""");
        for (String rule : List.of("payment-5s", "payments")) {
            TestServers.await(Duration.ofSeconds(60), () -> api.send("GET", "/api/rules/" + rule + "/status", null)
                    .statusCode() == 200);
        }

        // PayPal payments flowed until two minutes ago, then stopped: the outage
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String seed = "inc-seed-" + System.nanoTime();
        api.expect(202, "POST", "/api/events", EventJson.event(seed + "-1", "ORDER_PLACED", seed,
                now.minusSeconds(150), "{\"country\":\"XS\",\"paymentMethod\":\"paypal\"}"));
        api.expect(202, "POST", "/api/events", EventJson.event(seed + "-2", "PAYMENT_RECEIVED", seed,
                now.minusSeconds(120), null));
        AtomicReference<JsonNode> outage = new AtomicReference<>();
        TestServers.await(Duration.ofSeconds(90), () -> {
            JsonNode items = api.get("/api/alerts?status=OPEN&ruleId=payments").path("items");
            outage.set(items.isEmpty() ? null : items.get(0));
            return outage.get() != null;
        });
        String velocityAlertId = outage.get().path("id").asText();
        String incidentId = outage.get().path("incidentId").asText();
        assertThat(incidentId).isNotBlank();

        // orders keep coming and wait for payment: three PayPal, one card
        List<String> paypal = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String orderId = "inc-paypal-" + i + "-" + System.nanoTime();
            paypal.add(orderId);
            api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId,
                    Instant.now(), "{\"country\":\"XO\",\"paymentMethod\":\"paypal\"}"));
        }
        String card = "inc-card-" + System.nanoTime();
        api.expect(202, "POST", "/api/events", EventJson.event(card + "-1", "ORDER_PLACED", card, Instant.now(),
                "{\"country\":\"XO\",\"paymentMethod\":\"card\"}"));
        TestServers.await(Duration.ofSeconds(60), () ->
                api.get("/api/alerts?status=OPEN&ruleId=payment-5s").path("total").asLong() == 4);

        // the PayPal breaches are inhibited: they carry the velocity alert's id and belong to its incident
        for (JsonNode alert : api.get("/api/alerts?ruleId=payment-5s").path("items")) {
            if (alert.path("orderId").asText().equals(card)) {
                assertThat(alert.has("inhibitedBy")).isFalse();
                assertThat(alert.path("incidentId").asText()).isNotBlank().isNotEqualTo(incidentId);
            } else {
                assertThat(alert.path("inhibitedBy").asText()).isEqualTo(velocityAlertId);
                assertThat(alert.path("incidentId").asText()).isEqualTo(incidentId);
            }
        }
        TestServers.await(Duration.ofSeconds(30), () ->
                api.get("/api/incidents/" + incidentId).path("alertCount").asLong() == 4);
        JsonNode incident = api.get("/api/incidents/" + incidentId);
        assertThat(incident.path("ruleId").asText()).isEqualTo("payments");
        assertThat(incident.path("ruleName").asText()).isEqualTo("Payments per method");
        assertThat(incident.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(incident.path("segment").path("paymentMethod").asText()).isEqualTo("paypal");
        assertThat(incident.path("status").asText()).isEqualTo("OPEN");
        assertThat(incident.path("openAlertCount").asLong()).isEqualTo(4);
        assertThat(incident.path("openedAt").asText()).isNotBlank();
        assertThat(texts(incident.path("sampleOrderIds"))).containsExactlyInAnyOrderElementsOf(paypal);
        assertThat(incident.path("alerts")).hasSize(4);
        assertThat(texts(incident.path("alerts"), "kind")).containsOnly("VELOCITY", "SLA_BREACH");
        JsonNode list = api.get("/api/incidents?status=OPEN");
        assertThat(list.path("total").asLong()).isEqualTo(2); // the outage, and the card order's own incident
        assertThat(texts(list.path("items"), "id")).contains(incidentId);
        assertThat(api.get("/api/incidents?ruleId=payments").path("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/incidents?severity=CRITICAL").path("items").path(0).path("id").asText())
                .isEqualTo(incidentId);
        JsonNode first = api.get("/api/incidents?status=OPEN&limit=1");
        JsonNode second = api.get("/api/incidents?status=OPEN&limit=1&after=" + first.path("next").asText());
        assertThat(List.of(first.path("items").path(0).path("id").asText(),
                second.path("items").path(0).path("id").asText())).as("two pages, each incident once")
                .containsExactlyInAnyOrderElementsOf(texts(list.path("items"), "id"));
        assertThat(second.has("next")).isFalse();
        api.expect(400, "GET", "/api/incidents?severity=URGENT", null);
        assertThat(api.get("/api/incidents?ruleId=payment-5s&limit=1").path("items").path(0).path("segment")
                .path("paymentMethod").asText()).isEqualTo("card");

        // the UI shows the same: the incidents page lists it, its page lists the breaches
        UiHttp ui = stack.loggedIn(TOKEN);
        assertThat(ui.get("/incidents?status=OPEN").body()).contains("id=\"incident-" + incidentId + "\"",
                "4 / 4", "paymentMethod=paypal");
        String page = ui.get("/incidents/" + incidentId).body();
        assertThat(page).contains(paypal.get(0), paypal.get(2), "inhibited", "id=\"incident-ack\"",
                "id=\"incident-curve\"", "id=\"incident-segments\"", "XO 3");
        assertThat(ui.get("/incidents?status=OPEN").body()).contains("id=\"spark-" + incidentId + "\"");

        // one call acknowledges the incident and each of its open alerts
        JsonNode acked = api.expect(200, "POST", "/api/incidents/" + incidentId + "/ack", "");
        assertThat(acked.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(acked.path("id").asText()).isEqualTo(incidentId);
        assertThat(texts(api.get("/api/incidents/" + incidentId).path("alerts"), "status"))
                .containsOnly("ACKNOWLEDGED");
        assertThat(api.get("/api/alerts?status=ACKNOWLEDGED").path("total").asLong()).isEqualTo(4);
        assertThat(api.get("/api/alerts?status=OPEN&ruleId=payment-5s").path("items").path(0).path("orderId")
                .asText()).isEqualTo(card);
        assertThat(api.get("/api/incidents?status=ACKNOWLEDGED").path("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/incidents?status=OPEN").path("total").asLong()).isEqualTo(1);

        // one message for the outage, linked to its incident; none about the breaches it holds back
        TestServers.await(Duration.ofSeconds(30), () -> slack.bodies().stream()
                .anyMatch(m -> m.contains("out of bounds: 'Payments per method' · paypal")));
        TestServers.await(Duration.ofSeconds(30), () -> slack.bodies().stream()
                .anyMatch(m -> m.contains("breached 'Payment within 5 s' · card")));
        List<String> outageMessages = slack.bodies().stream().filter(m -> m.contains("'Payments per method'"))
                .toList();
        assertThat(outageMessages).singleElement().satisfies(m -> assertThat(m)
                .contains(PUBLIC_URL + "/incidents/" + incidentId));
        assertThat(slack.bodies()).noneMatch(m -> m.contains("breached 'Payment within 5 s' · paypal"));

        // payments by PayPal come back (new orders paid at once, for a full window): the outage ends, one resolved
        // notice says so and counts the three orders still waiting
        Instant end = Instant.now().plus(Duration.ofSeconds(150));
        for (int i = 0; Instant.now().isBefore(end) && slack.bodies().stream()
                .noneMatch(m -> m.contains("[RESOLVED] 'Payments per method'")); i++) {
            String orderId = "inc-back-" + i + "-" + System.nanoTime();
            api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-1", "ORDER_PLACED", orderId,
                    Instant.now(), "{\"country\":\"XS\",\"paymentMethod\":\"paypal\"}"));
            api.expect(202, "POST", "/api/events", EventJson.event(orderId + "-2", "PAYMENT_RECEIVED", orderId,
                    Instant.now(), null));
            Thread.sleep(3000); // wall-clock traffic: the velocity window is judged by event time, a minute long
        }
        assertThat(slack.bodies()).filteredOn(m -> m.contains("[RESOLVED] 'Payments per method'")).singleElement()
                .satisfies(m -> assertThat(m).contains("3 still waiting", PUBLIC_URL + "/incidents/" + incidentId));
        TestServers.await(Duration.ofSeconds(10), () -> api.get("/api/notifications?incidentId=" + incidentId)
                .path("items").size() == 2);
        assertThat(texts(api.get("/api/notifications?incidentId=" + incidentId).path("items"), "kind"))
                .containsExactly("RESOLVED", "FIRING");
        assertThat(ui.get("/incidents/" + incidentId).body()).contains("id=\"incident-notifications\"",
                "[RESOLVED] &#39;Payments per method&#39;");

        api.expect(404, "GET", "/api/incidents/no-such-incident", null);
        api.expect(404, "POST", "/api/incidents/no-such-incident/ack", "");
        api.expect(400, "GET", "/api/incidents?status=SOMETIMES", null);
    }

    @Test
    void shouldRefuseBadGroupByAndInhibitsNamingTheField() {
        JsonNode onSla = api.expect(400, "POST", "/api/rules", """
                {"id":"pay-bad","name":"Pay","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT1M",
                 "inhibits":["payments"],"groupBy":["payment.method"]}""");
        assertThat(texts(onSla.path("details"), "field")).containsExactlyInAnyOrder("inhibits", "groupBy[0]");
        JsonNode itself = api.expect(400, "POST", "/api/rules", """
                {"id":"self","name":"Self","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT1M","min":1,
                 "inhibits":["self", "Not An Id"]}""");
        assertThat(texts(itself.path("details"), "field")).containsExactly("inhibits[0]", "inhibits[1]");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return values;
    }
}
