package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifications page at HTTP level, with the web server's in-process alerting service pointed at a local Slack
 * webhook receiver: the channel listed, a test message that really arrives, silences created with field errors
 * next to the fields and hostile text rendered harmless, expired, and the delivery log.
 */
class NotificationsPageIT {

    private static final String TOKEN = "e2e-notifications-token-0123456789";

    @TempDir
    static Path checkpoints;

    private static HttpServer slack;
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static Javalin web;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/hook", exchange -> {
            RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        slack.start();
        MonitorConfig config = TestServers.config("e2e-notify", checkpoints, Map.of("BPMON_API_TOKEN", TOKEN,
                "BPMON_HTTP_PORT", "0", "BPMON_DEFAULT_RULES", "none",
                "BPMON_SLACK_WEBHOOK_URL", "http://127.0.0.1:" + slack.getAddress().getPort() + "/hook",
                "BPMON_PUBLIC_URL", "http://bpmon.example"));
        TestServers.freshTopicsAndSchema(config);
        web = WebMain.create(config).start(0);
        base = "http://localhost:" + web.port();
    }

    @AfterAll
    static void stop() {
        web.stop();
        slack.stop(0);
    }

    @Test
    void shouldListTheChannelAndDeliverATestMessage() throws Exception {
        UiHttp ui = loggedIn();
        HttpResponse<String> page = ui.get("/notifications");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"channels\"", ">slack<", "Send test message");

        HttpResponse<String> tested = ui.postForm("/notifications/channels/slack/test",
                "_csrf", UiHttp.csrf(page.body()));

        assertThat(tested.statusCode()).isEqualTo(200);
        assertThat(tested.body()).contains("Test message delivered to slack.");
        assertThat(RECEIVED).hasSize(1);
        assertThat(RECEIVED.get(0)).contains("\"blocks\"", "\"text\"");
        TestServers.await(java.time.Duration.ofSeconds(10), () ->
                ui.get("/notifications").body().contains("id=\"deliveries\"")
                        && !ui.get("/notifications").body().contains("Nothing sent yet."));
        assertThat(ui.postForm("/notifications/channels/pager/test", "_csrf", UiHttp.csrf(page.body())).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldCreateASilenceShowErrorsNextToTheFieldsAndExpireIt() throws Exception {
        UiHttp ui = loggedIn();
        String csrf = UiHttp.csrf(ui.get("/notifications").body());

        HttpResponse<String> bad = ui.postForm("/notifications/silences", "_csrf", csrf, "ruleId", "",
                "attributes", "nonsense", "length", "4 hours", "comment", "");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-attributes\"", "name=value pairs", "id=\"error-comment\"")
                .contains("value=\"nonsense\""); // the form keeps what was typed

        String hostile = "<script>alert(1)</script> PayPal outage";
        HttpResponse<String> created = ui.postForm("/notifications/silences", "_csrf", csrf, "ruleId", "",
                "attributes", "paymentMethod=paypal, country=DE", "length", "4 hours", "comment", hostile);
        assertThat(created.statusCode()).isEqualTo(303);
        String list = ui.get("/notifications").body();
        assertThat(list).contains("paymentMethod=paypal", "country=DE", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(hostile);
        assertThat(list).contains(">active<");

        String id = java.util.regex.Pattern.compile("/notifications/silences/([^/\"]+)/expire").matcher(list)
                .results().findFirst().orElseThrow().group(1);
        assertThat(ui.postForm("/notifications/silences/" + id + "/expire", "_csrf", csrf).statusCode())
                .isEqualTo(303);
        assertThat(ui.get("/notifications").body()).contains(">over<").doesNotContain("/silences/" + id + "/expire");
        // the API sees the same silence, expired
        HttpResponse<String> api = ui.api("GET", "/api/silences", TOKEN, null);
        assertThat(api.body()).contains(id, "\"active\":false");
    }

    @Test
    void shouldRefuseFormsWithoutTheSessionsToken() throws Exception {
        UiHttp ui = loggedIn();
        assertThat(ui.postForm("/notifications/silences", "attributes", "country=DE", "length", "1 hour",
                "comment", "x").statusCode()).isEqualTo(403);
        assertThat(ui.postForm("/notifications/channels/slack/test").statusCode()).isEqualTo(403);
    }

    private static UiHttp loggedIn() throws Exception {
        UiHttp ui = new UiHttp(base);
        ui.login(TOKEN);
        return ui;
    }
}
