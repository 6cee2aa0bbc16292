package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications end to end: events through the job to alerts, through the web server's in-process alerting
 * service to a Slack webhook receiver and a real SMTP server (GreenMail), grouped, and a resolved notice when the
 * orders complete; the silences, channels and delivery log API.
 */
class NotificationsIT {

    private static final String TOKEN = "e2e-notify-token-0123456789";
    private static final String PUBLIC_URL = "https://bpmon.example.com";

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
            .withPerMethodLifecycle(false);

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver slack = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final TestStack stack = TestStack.named("e2e-notify-" + UUID.randomUUID().toString().substring(0, 8))
            .token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none")
            .env("BPMON_ALLOWED_LATENESS", "PT2S")
            .env("BPMON_PUBLIC_URL", PUBLIC_URL)
            .env("BPMON_SLACK_WEBHOOK_URL", () -> slack.url("/services/T/B/secret"))
            .env("BPMON_SMTP_HOST", "127.0.0.1")
            .env("BPMON_SMTP_PORT", () -> Integer.toString(MAIL.getSmtp().getPort()))
            .env("BPMON_ALERT_EMAIL_FROM", "bpmon@example.com")
            .env("BPMON_ALERT_EMAIL_TO", "ops@example.com")
            .env("BPMON_ALERT_GROUP_WAIT", "PT3S")
            .env("BPMON_ALERT_GROUP_INTERVAL", "PT3S");

    private static final TestApi api = stack.api();

    @Test
    void shouldSendOneGroupedMessagePerChannelForABreachOfSeveralOrdersAndAResolvedNotice() throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"pay-3s-xn","name":"Payment within 3 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S","scope":{"country":["XN"]},"groupBy":["country"],"severity":"CRITICAL"}""");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            api.expect(202, "POST", "/api/events", EventJson.event(run + "-p" + i, "ORDER_PLACED", run + "-o" + i, t,
                    "{\"country\":\"XN\",\"paymentMethod\":\"card\"}"));
        }

        TestServers.await(Duration.ofSeconds(90), () -> slack.bodies().stream()
                .anyMatch(m -> m.contains("3 orders breached 'Payment within 3 s' · XN")));
        TestServers.await(Duration.ofSeconds(30), () -> List.of(MAIL.getReceivedMessages()).stream()
                .anyMatch(m -> subject(m).contains("breached")));
        List<String> firing = slack.bodies().stream().filter(m -> m.contains("breached")).toList();
        assertThat(firing).as("grouped, not one per order").hasSizeBetween(1, 2);
        String incidentId = api.get("/api/alerts?ruleId=pay-3s-xn").path("items").path(0).path("incidentId").asText();
        assertThat(firing.get(firing.size() - 1)).contains(PUBLIC_URL + "/incidents/" + incidentId)
                .contains(PUBLIC_URL + "/orders/" + run + "-o");
        assertThat(List.of(MAIL.getReceivedMessages())).extracting(NotificationsIT::subject)
                .anyMatch(s -> s.contains("breached 'Payment within 3 s' · XN"));

        for (int i = 0; i < 3; i++) {
            api.expect(202, "POST", "/api/events", EventJson.event(run + "-q" + i, "PAYMENT_RECEIVED", run + "-o" + i,
                    Instant.now(), null));
        }
        TestServers.await(Duration.ofSeconds(90), () -> slack.bodies().stream()
                .anyMatch(m -> m.contains("[RESOLVED] 'Payment within 3 s' · XN: all 3 alerts are over")));
        TestServers.await(Duration.ofSeconds(30), () -> List.of(MAIL.getReceivedMessages()).stream()
                .anyMatch(m -> subject(m).startsWith("[bpmon] [RESOLVED]")));

        // the log is written once the receiver has answered
        TestServers.await(Duration.ofSeconds(10), () -> deliveries().containsAll(
                List.of("slack:FIRING", "email:FIRING", "slack:RESOLVED", "email:RESOLVED")));
        api.expect(200, "GET", "/api/notifications?limit=20", null).path("items")
                .forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("DELIVERED"));
        JsonNode channels = api.expect(200, "GET", "/api/channels", null).path("items");
        assertThat(channels).hasSize(2);
        channels.forEach(c -> assertThat(c.path("healthy").asBoolean()).isTrue());
    }

    @Test
    void shouldSendATestMessageThroughTheApi() {
        int before = slack.bodies().size();

        JsonNode record = api.expect(200, "POST", "/api/channels/slack/test", "");

        assertThat(record.path("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(slack.bodies()).hasSize(before + 1);
        assertThat(slack.bodies().get(before)).contains("Test message from bpmon");
        api.expect(200, "POST", "/api/channels/email/test", "");
        api.expect(404, "POST", "/api/channels/pager/test", "");
        assertThat(api.expect(200, "GET", "/api/channels", null).path("items").get(0).path("target").asText())
                .doesNotContain("secret");
    }

    @Test
    void shouldCreateListAndExpireSilencesAndNameTheFieldsOfABadOne() {
        JsonNode bad = api.expect(400, "POST", "/api/silences", """
                {"matchers":{"attributes":{"country":["DE"]}},"endsAt":"yesterday","comment":""}""");
        List<String> fields = new ArrayList<>();
        bad.path("details").forEach(d -> fields.add(d.path("field").asText()));
        assertThat(fields).contains("matchers.attributes.country", "endsAt", "comment", "createdBy");
        assertThat(api.expect(400, "POST", "/api/silences", "{}").path("details").get(0).path("field").asText())
                .isEqualTo("matchers");
        api.expect(400, "POST", "/api/silences", "not json");

        String endsAt = Instant.now().plus(Duration.ofHours(2)).toString();
        JsonNode created = api.expect(201, "POST", "/api/silences",
                "{\"matchers\":{\"ruleId\":\"pay-3s-xn\",\"attributes\":"
                + "{\"country\":\"DE\"}},\"endsAt\":\"" + endsAt + "\",\"comment\":\"carrier outage\","
                + "\"createdBy\":\"ops\"}");
        assertThat(created.path("active").asBoolean()).isTrue();
        String id = created.path("id").asText();
        JsonNode listed = api.expect(200, "GET", "/api/silences", null).path("items");
        assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).path("matchers").path("attributes").path("country").asText()).isEqualTo("DE");

        JsonNode expired = api.expect(200, "DELETE", "/api/silences/" + id, null);

        assertThat(expired.path("active").asBoolean()).isFalse();
        assertThat(api.expect(200, "GET", "/api/silences", null).path("items").get(0).path("active").asBoolean())
                .isFalse();
        api.expect(404, "DELETE", "/api/silences/no-such-silence", null);
        api.expect(400, "GET", "/api/silences?limit=many", null);
    }

    @Test
    void shouldRequireTheToken() throws Exception {
        assertThat(api.as(null).send("GET", "/api/silences", null).statusCode()).isEqualTo(401);
    }

    private static List<String> deliveries() {
        List<String> kinds = new ArrayList<>();
        api.expect(200, "GET", "/api/notifications?limit=20", null).path("items")
                .forEach(r -> kinds.add(r.path("channel").asText() + ":" + r.path("kind").asText()));
        return kinds;
    }


    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
