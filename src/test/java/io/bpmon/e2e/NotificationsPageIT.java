package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifications page at HTTP level, with the web server's in-process alerting service pointed at a local Slack
 * webhook receiver: the channel listed, a test message that really arrives, silences created with field errors
 * next to the fields and hostile text rendered harmless, expired, and the delivery log.
 */
class NotificationsPageIT {

    private static final String TOKEN = "e2e-notifications-token-0123456789";

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver slack = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final TestStack stack = TestStack.named("e2e-notify").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none")
            .env("BPMON_SLACK_WEBHOOK_URL", () -> slack.url("/hook"))
            .env("BPMON_PUBLIC_URL", "http://bpmon.example");

    @Test
    void shouldListTheChannelAndDeliverATestMessage() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        HttpResponse<String> page = ui.get("/notifications");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"channels\"", ">slack<", "Send test message");

        HttpResponse<String> tested = ui.postForm("/notifications/channels/slack/test",
                "_csrf", UiHttp.csrf(page.body()));

        assertThat(tested.statusCode()).isEqualTo(200);
        assertThat(tested.body()).contains("Test message delivered to slack.");
        assertThat(slack.bodies()).hasSize(1);
        assertThat(slack.bodies().get(0)).contains("\"blocks\"", "\"text\"");
        TestServers.await(Duration.ofSeconds(10), () ->
                ui.get("/notifications").body().contains("id=\"deliveries\"")
                        && !ui.get("/notifications").body().contains("Nothing sent yet."));
        assertThat(ui.postForm("/notifications/channels/pager/test", "_csrf", UiHttp.csrf(page.body())).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldCreateASilenceShowErrorsNextToTheFieldsAndExpireIt() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
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
        assertThat(stack.api().send("GET", "/api/silences", null).body()).contains(id, "\"active\":false");
    }

    @Test
    void shouldRefuseFormsWithoutTheSessionsToken() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        assertThat(ui.postForm("/notifications/silences", "attributes", "country=DE", "length", "1 hour",
                "comment", "x").statusCode()).isEqualTo(403);
        assertThat(ui.postForm("/notifications/channels/slack/test").statusCode()).isEqualTo(403);
    }
}
