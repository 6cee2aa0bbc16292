package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end: events through the job to alerts, through the web server's in-process alerting
 * service to a Slack webhook receiver and a real SMTP server (GreenMail), grouped, and a resolved notice when the
 * orders complete; the silences, channels and delivery log API.
 */
class NotificationsIT {

    private static final String TOKEN = "e2e-notify-token-0123456789";
    private static final String PUBLIC_URL = "https://bpmon.example.com";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    static Path checkpoints;

    private static final List<String> slack = new ArrayList<>();
    private static HttpServer receiver;
    private static RunningJob job;
    private static Javalin web;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (slack) {
                    slack.add(body);
                }
            }
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        receiver.start();
        MonitorConfig config = TestServers.config("e2e-notify-" + UUID.randomUUID().toString().substring(0, 8),
                checkpoints, Map.ofEntries(
                        Map.entry("BPMON_API_TOKEN", TOKEN),
                        Map.entry("BPMON_HTTP_PORT", "0"),
                        Map.entry("BPMON_DEFAULT_RULES", "none"),
                        Map.entry("BPMON_ALLOWED_LATENESS", "PT2S"),
                        Map.entry("BPMON_PUBLIC_URL", PUBLIC_URL),
                        Map.entry("BPMON_SLACK_WEBHOOK_URL",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/services/T/B/secret"),
                        Map.entry("BPMON_SMTP_HOST", "127.0.0.1"),
                        Map.entry("BPMON_SMTP_PORT", Integer.toString(MAIL.getSmtp().getPort())),
                        Map.entry("BPMON_ALERT_EMAIL_FROM", "bpmon@example.com"),
                        Map.entry("BPMON_ALERT_EMAIL_TO", "ops@example.com"),
                        Map.entry("BPMON_ALERT_GROUP_WAIT", "PT3S"),
                        Map.entry("BPMON_ALERT_GROUP_INTERVAL", "PT3S")));
        TestServers.freshTopicsAndSchema(config);
        job = RunningJob.start(config);
        web = WebMain.create(config).start(0);
        base = "http://localhost:" + web.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (web != null) {
            web.stop();
        }
        if (job != null) {
            job.close();
        }
        receiver.stop(0);
    }

    @Test
    void shouldSendOneGroupedMessagePerChannelForABreachOfSeveralOrdersAndAResolvedNotice() throws Exception {
        send("POST", "/api/rules", """
                {"id":"pay-3s-xn","name":"Payment within 3 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S","scope":{"country":["XN"]},"severity":"CRITICAL"}""", 201);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            send("POST", "/api/events", EventJson.event(run + "-p" + i, "ORDER_PLACED", run + "-o" + i, t,
                    "{\"country\":\"XN\",\"paymentMethod\":\"card\"}"), 202);
        }

        TestServers.await(Duration.ofSeconds(90), () -> slackMessages().stream()
                .anyMatch(m -> m.contains("3 orders breached 'Payment within 3 s' · XN")));
        TestServers.await(Duration.ofSeconds(30), () -> List.of(MAIL.getReceivedMessages()).stream()
                .anyMatch(m -> subject(m).contains("breached")));
        List<String> firing = slackMessages().stream().filter(m -> m.contains("breached")).toList();
        assertThat(firing).as("grouped, not one per order").hasSizeBetween(1, 2);
        assertThat(firing.get(firing.size() - 1)).contains(PUBLIC_URL + "/alerts?ruleId=pay-3s-xn")
                .contains(PUBLIC_URL + "/orders/" + run + "-o");
        assertThat(List.of(MAIL.getReceivedMessages())).extracting(NotificationsIT::subject)
                .anyMatch(s -> s.contains("breached 'Payment within 3 s' · XN"));

        for (int i = 0; i < 3; i++) {
            send("POST", "/api/events", EventJson.event(run + "-q" + i, "PAYMENT_RECEIVED", run + "-o" + i,
                    Instant.now(), null), 202);
        }
        TestServers.await(Duration.ofSeconds(90), () -> slackMessages().stream()
                .anyMatch(m -> m.contains("[RESOLVED] 'Payment within 3 s' · XN: all 3 alerts are over")));
        TestServers.await(Duration.ofSeconds(30), () -> List.of(MAIL.getReceivedMessages()).stream()
                .anyMatch(m -> subject(m).startsWith("[bpmon] [RESOLVED]")));

        // the log is written once the receiver has answered
        TestServers.await(Duration.ofSeconds(10), () -> deliveries().containsAll(
                List.of("slack:FIRING", "email:FIRING", "slack:RESOLVED", "email:RESOLVED")));
        send("GET", "/api/notifications?limit=20", null, 200).path("items")
                .forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("DELIVERED"));
        JsonNode channels = send("GET", "/api/channels", null, 200).path("items");
        assertThat(channels).hasSize(2);
        channels.forEach(c -> assertThat(c.path("healthy").asBoolean()).isTrue());
    }

    @Test
    void shouldSendATestMessageThroughTheApi() {
        int before = slackMessages().size();

        JsonNode record = send("POST", "/api/channels/slack/test", "", 200);

        assertThat(record.path("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(slackMessages()).hasSize(before + 1);
        assertThat(slackMessages().get(before)).contains("Test message from bpmon");
        send("POST", "/api/channels/email/test", "", 200);
        send("POST", "/api/channels/pager/test", "", 404);
        assertThat(send("GET", "/api/channels", null, 200).path("items").get(0).path("target").asText())
                .doesNotContain("secret");
    }

    @Test
    void shouldCreateListAndExpireSilencesAndNameTheFieldsOfABadOne() {
        JsonNode bad = send("POST", "/api/silences", """
                {"matchers":{"attributes":{"country":["DE"]}},"endsAt":"yesterday","comment":""}""", 400);
        List<String> fields = new ArrayList<>();
        bad.path("details").forEach(d -> fields.add(d.path("field").asText()));
        assertThat(fields).contains("matchers.attributes.country", "endsAt", "comment", "createdBy");
        assertThat(send("POST", "/api/silences", "{}", 400).path("details").get(0).path("field").asText())
                .isEqualTo("matchers");
        send("POST", "/api/silences", "not json", 400);

        String endsAt = Instant.now().plus(Duration.ofHours(2)).toString();
        JsonNode created = send("POST", "/api/silences", "{\"matchers\":{\"ruleId\":\"pay-3s-xn\",\"attributes\":"
                + "{\"country\":\"DE\"}},\"endsAt\":\"" + endsAt + "\",\"comment\":\"carrier outage\","
                + "\"createdBy\":\"ops\"}", 201);
        assertThat(created.path("active").asBoolean()).isTrue();
        String id = created.path("id").asText();
        JsonNode listed = send("GET", "/api/silences", null, 200).path("items");
        assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).path("matchers").path("attributes").path("country").asText()).isEqualTo("DE");

        JsonNode expired = send("DELETE", "/api/silences/" + id, null, 200);

        assertThat(expired.path("active").asBoolean()).isFalse();
        assertThat(send("GET", "/api/silences", null, 200).path("items").get(0).path("active").asBoolean()).isFalse();
        send("DELETE", "/api/silences/no-such-silence", null, 404);
        send("GET", "/api/silences?limit=many", null, 400);
    }

    @Test
    void shouldRequireTheToken() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/silences")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    private static List<String> deliveries() {
        List<String> kinds = new ArrayList<>();
        send("GET", "/api/notifications?limit=20", null, 200).path("items")
                .forEach(r -> kinds.add(r.path("channel").asText() + ":" + r.path("kind").asText()));
        return kinds;
    }

    private static List<String> slackMessages() {
        synchronized (slack) {
            return List.copyOf(slack);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
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
