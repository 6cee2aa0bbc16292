package io.bpmon.alerting;

import static io.bpmon.alerting.TestAlerts.T0;
import static io.bpmon.alerting.TestAlerts.at;
import static io.bpmon.alerting.TestAlerts.min;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRendererTest {

    private static final String HOSTILE = "<!channel> & <script>alert(1)</script> <https://evil.example|click>";

    private final MessageRenderer renderer = new MessageRenderer("https://bpmon.example.com/");

    private static Notification firing(String orderId, String country) {
        return new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payment-30m", "Payment within 30 min",
                Severity.CRITICAL, Map.of("country", country, "paymentMethod", "card"), 27, 27, 1, 2, 0, true, T0,
                at(min(5)), List.of(new Notification.Sample("a-1", orderId, Map.of("country", country), T0)),
                List.of("slack"));
    }

    @Test
    void shouldSayHowManyOrdersBreachedWhichRuleWhereAndSince() {
        assertThat(renderer.title(firing("o-1", "DE")))
                .isEqualTo("[CRITICAL] 27 orders breached 'Payment within 30 min' · DE · card · last 5 min");
    }

    @Test
    void shouldRenderSlackBlocksWithFallbackTextAndLinksIntoTheUi() throws Exception {
        JsonNode slack = Json.readTree(renderer.slack(firing("o 1/ä", "DE")).getBytes());

        assertThat(slack.path("text").asText()).contains("27 orders breached")
                .contains("<https://bpmon.example.com/alerts?ruleId=payment-30m|Open in bpmon>");
        assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        String all = slack.toString();
        assertThat(all).contains("https://bpmon.example.com/orders/o%201%2F%C3%A4|o 1/ä")
                .contains("*Severity*\\nCRITICAL").contains("country=DE, paymentMethod=card")
                .contains("27 orders open, 1 acknowledged, 2 silenced");
    }

    @Test
    void shouldEscapeHostileValuesInSlack() throws Exception {
        JsonNode slack = Json.readTree(renderer.slack(firing(HOSTILE, HOSTILE)).getBytes());
        StringBuilder mrkdwn = new StringBuilder(slack.path("text").asText());
        slack.path("blocks").forEach(b -> {
            if (!b.path("type").asText().equals("header")) {
                mrkdwn.append(b.toString());
            }
        });

        assertThat(mrkdwn.toString()).doesNotContain("<!channel>").doesNotContain("<script>")
                .doesNotContain("<https://evil.example").contains("&lt;!channel&gt; &amp; &lt;script&gt;");
        // the order link's URL part is percent-encoded, so it cannot close the link early
        assertThat(slack.toString()).contains("/orders/%3C%21channel%3E%20%26");
    }

    @Test
    void shouldEscapeHostileValuesInEmail() {
        MessageRenderer.Email email = renderer.email(firing(HOSTILE, HOSTILE + "\r\nBcc: victim@example.com"));

        assertThat(email.html()).doesNotContain("<script>").doesNotContain("<!channel>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("href=\"https://bpmon.example.com/orders/%3C%21channel%3E%20%26");
        assertThat(email.subject()).doesNotContain("\r").doesNotContain("\n");
        assertThat(email.text()).contains(HOSTILE).contains("https://bpmon.example.com/alerts?ruleId=payment-30m");
    }

    @Test
    void shouldSayHowManySegmentsAreOutOfBoundsForVelocityRules() {
        Notification velocity = new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payments-per-method",
                "Payments per method", Severity.CRITICAL, Map.of(), 2, 2, 0, 0, 0, false, T0, at(min(3)),
                List.of(new Notification.Sample("a-1", null, Map.of("paymentMethod", "paypal"), T0)), List.of("slack"));

        assertThat(renderer.title(velocity))
                .isEqualTo("[CRITICAL] 2 segments out of bounds: 'Payments per method' · last 3 min");
        assertThat(renderer.slack(velocity)).contains("segment paymentMethod=paypal");
        assertThat(renderer.email(velocity).text()).contains("Alerts: 2 segments open");
    }

    @Test
    void shouldRenderAResolvedNotice() {
        Notification resolved = new Notification("g#2", "g", 2, Notification.Kind.RESOLVED, "payment-30m",
                "Payment within 30 min", Severity.WARNING, Map.of("country", "DE"), 0, 0, 0, 0, 27, true, null,
                at(min(30)), List.of(), List.of("email"));

        assertThat(renderer.title(resolved)).isEqualTo("[RESOLVED] 'Payment within 30 min' · DE: all 27 alerts are over");
        assertThat(renderer.email(resolved).text()).contains("Alerts: 27 resolved");
        Notification one = new Notification("g#2", "g", 2, Notification.Kind.RESOLVED, "payment-30m",
                "Payment within 30 min", Severity.WARNING, Map.of(), 0, 0, 0, 0, 1, true, null, at(min(30)),
                List.of(), List.of("email"));
        assertThat(renderer.title(one)).isEqualTo("[RESOLVED] 'Payment within 30 min': the alert is over");
    }
}
