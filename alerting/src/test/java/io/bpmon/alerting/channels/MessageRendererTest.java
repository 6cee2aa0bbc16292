package io.bpmon.alerting.channels;

import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.min;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.grouping.Notification;
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
        assertThat(all).contains("<https://bpmon.example.com/orders/o%201%2F%C3%A4|Open order>")
                .contains("\"o 1/ä · country=DE · detected 2026-11-28 10:00:00 UTC\"")
                .contains("\"*Severity*\"").contains("\"CRITICAL\"").contains("country=DE, paymentMethod=card")
                .contains("27 orders open, 1 acknowledged, 2 silenced");
    }

    @Test
    void shouldEscapeHostileValuesInSlack() throws Exception {
        JsonNode slack = Json.readTree(renderer.slack(firing(HOSTILE, HOSTILE)).getBytes());
        String mrkdwn = String.join("\n", mrkdwnTexts(slack));

        assertThat(mrkdwn).doesNotContain("<!channel>").doesNotContain("<script>")
                .doesNotContain("<https://evil.example").contains("&lt;!channel&gt; &amp; &lt;script&gt;");
        // in plain_text the value shows as typed, and Slack parses nothing there
        assertThat(textObjects(slack, "plain_text").toString()).contains("country=" + HOSTILE);
        // the order link's URL part is percent-encoded, so it cannot close the link early
        assertThat(slack.toString()).contains("/orders/%3C%21channel%3E%20%26");
    }

    /** Values that Slack's mrkdwn would obey: formatting, links, mentions, entities, quotes, code blocks. */
    private static final List<String> MRKDWN = List.of("*bold*", "_italic_", "~strike~", "`code`", "```block```",
            "<http://evil.example|click here>", "<!channel>", "<!here>", "<@U024BE7LH>", "<#C024BE7LR>", "&amp;",
            "a\n> quoted", "＊wide＊", "@channel");

    private static Notification hostile(String value) {
        return new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payment-30m", "Rule " + value,
                Severity.CRITICAL, Map.of("country", value), 3, 3, 0, 0, 0, true, T0, at(min(5)),
                List.of(new Notification.Sample("a-1", "o-" + value, Map.of("carrier", value), T0)), List.of("slack"));
    }

    /** Every text Slack reads as mrkdwn: the top-level fallback and each mrkdwn text object of the blocks. */
    private static List<String> mrkdwnTexts(JsonNode slack) {
        List<String> texts = new java.util.ArrayList<>(List.of(slack.path("text").asText()));
        slack.path("blocks").findParents("type").stream()
                .filter(o -> o.path("type").asText().equals("mrkdwn"))
                .forEach(o -> texts.add(o.path("text").asText()));
        return texts;
    }

    private static List<JsonNode> textObjects(JsonNode slack, String type) {
        return slack.path("blocks").findParents("type").stream().filter(o -> o.path("type").asText().equals(type))
                .toList();
    }

    @Test
    void shouldPutValuesIntoPlainTextObjectsWhereSlackShowsThemAsTyped() throws Exception {
        for (String value : MRKDWN) {
            JsonNode slack = Json.readTree(renderer.slack(hostile(value)).getBytes());
            String plain = textObjects(slack, "plain_text").toString();

            assertThat(plain).as(value).contains(Json.mapper().writeValueAsString("Rule " + value + " (payment-30m)"))
                    .contains(Json.mapper().writeValueAsString("country=" + value))
                    .contains(Json.mapper().writeValueAsString("o-" + value).replaceAll("^\"|\"$", ""));
            for (JsonNode mrkdwn : textObjects(slack, "mrkdwn")) {
                assertThat(mrkdwn.path("verbatim").asBoolean()).as("no auto-links or mentions in " + mrkdwn).isTrue();
                // a link's URL part is percent-encoded and not formatted by Slack: only the rest must be bpmon's
                String text = mrkdwn.path("text").asText().replaceAll("<https://bpmon\\.example\\.com/[^|>]*\\|", "<");
                assertThat(text).as("no value in mrkdwn " + text).doesNotContain("evil").doesNotContain("bold")
                        .doesNotContain("italic").doesNotContain("strike").doesNotContain("code")
                        .doesNotContain("block").doesNotContain("channel").doesNotContain("U024BE7LH")
                        .doesNotContain("&amp;amp;").doesNotContain("quoted").doesNotContain("wide")
                        .doesNotContain("C024BE7LR").doesNotContain("here>");
            }
        }
    }

    @Test
    void shouldLetNoValueFormatInjectALinkOrMentionAnyoneInMrkdwn() throws Exception {
        for (String value : MRKDWN) {
            JsonNode slack = Json.readTree(renderer.slack(hostile(value)).getBytes());

            for (String text : mrkdwnTexts(slack)) {
                // the only <...> sequences left are bpmon's own links into its UI, with bpmon's own labels
                java.util.regex.Matcher angle = java.util.regex.Pattern.compile("<[^>]*>").matcher(text);
                while (angle.find()) {
                    assertThat(angle.group()).as(value + " in " + text)
                            .matches("<https://bpmon\\.example\\.com/[^|<>\\s]*\\|"
                                    + "(Open in bpmon|Open order|Open alerts)>");
                }
                String withoutLinks = text.replaceAll("<https://bpmon\\.example\\.com/[^>]*>", "");
                assertThat(withoutLinks).as(value + " in " + text).doesNotContain("<").doesNotContain(">")
                        .doesNotContainPattern("&(?!amp;|lt;|gt;)").doesNotContainPattern("(?m)^\\s*&gt;")
                        .doesNotContain("@channel").doesNotContain("@here");
            }
        }
    }

    @Test
    void shouldBreakFormattingCharactersOfValuesInTheFallbackText() throws Exception {
        for (String value : MRKDWN) {
            String fallback = Json.readTree(renderer.slack(hostile(value)).getBytes()).path("text").asText()
                    .replaceAll(" <https://bpmon\\.example\\.com/[^>]*>$", "");

            assertThat(fallback).as(value).startsWith("[CRITICAL] 3 orders breached 'Rule ")
                    .doesNotContainPattern("[*_~`＊＿｀]").doesNotContain("\n");
        }
        String fallback = Json.readTree(renderer.slack(hostile("*a_b~c`d* & <e>")).getBytes()).path("text").asText();
        assertThat(fallback).contains("'Rule ∗aˍb∼cˋd∗ &amp; &lt;e&gt;'");
    }

    @Test
    void shouldKeepBpmonsOwnFormattingBoldLabelsAndLinks() throws Exception {
        JsonNode slack = Json.readTree(renderer.slack(hostile("*bold*")).getBytes());
        List<String> mrkdwn = mrkdwnTexts(slack);

        assertThat(mrkdwn).contains("*Severity*", "*Rule*", "*Alerts*", "*Segment*")
                .anySatisfy(t -> assertThat(t)
                        .startsWith("<https://bpmon.example.com/alerts?ruleId=payment-30m|Open in bpmon>"))
                .anySatisfy(t -> assertThat(t).isEqualTo("<https://bpmon.example.com/orders/o-*bold*|Open order>"));
        assertThat(slack.path("text").asText())
                .endsWith(" <https://bpmon.example.com/alerts?ruleId=payment-30m|Open in bpmon>");
        assertThat(slack.path("unfurl_links").asBoolean(true)).isFalse();
    }

    @Test
    void shouldKeepEveryTextWithinSlacksLengthLimits() throws Exception {
        String huge = "x".repeat(1024);
        Map<String, String> attributes = new java.util.TreeMap<>();
        for (int i = 0; i < 6; i++) {
            attributes.put("a" + i, huge);
        }
        Notification n = new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payment-30m", huge,
                Severity.CRITICAL, attributes, 1, 1, 0, 0, 0, true, T0, at(min(5)),
                List.of(new Notification.Sample("a-1", "o-1", attributes, T0)), List.of("slack"));
        JsonNode slack = Json.readTree(renderer.slack(n).getBytes());

        slack.path("blocks").forEach(b -> b.path("fields")
                .forEach(f -> assertThat(f.path("text").asText().length()).isLessThanOrEqualTo(2000)));
        assertThat(textObjects(slack, "plain_text")).allSatisfy(t -> assertThat(t.path("text").asText().length())
                .isLessThanOrEqualTo(2000));
        assertThat(slack.path("text").asText().length()).isLessThanOrEqualTo(3000);
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
    void shouldEscapeHostileRuleNamesAndValuesEverywhereInEmail() {
        MessageRenderer.Email email =
                renderer.email(hostile("<b onmouseover=\"x()\">'&amp;</b>\r\nBcc: v@example.com"));

        assertThat(email.html()).doesNotContain("<b ").doesNotContain("\"x()\"").doesNotContain("'&amp;</b>")
                .contains("Rule &lt;b onmouseover=&quot;x()&quot;&gt;&#39;&amp;amp;&lt;/b&gt;");
        assertThat(email.subject()).startsWith("[bpmon] [CRITICAL] 3 orders breached 'Rule <b onmouseover")
                .doesNotContain("\r").doesNotContain("\n");
        assertThat(email.text()).contains("Rule: Rule <b onmouseover=\"x()\">'&amp;</b>");
    }

    @Test
    void shouldSayHowManySegmentsAreOutOfBoundsForVelocityRules() {
        Notification velocity = new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payments-per-method",
                "Payments per method", Severity.CRITICAL, Map.of(), 2, 2, 0, 0, 0, false, T0, at(min(3)),
                List.of(new Notification.Sample("a-1", null, Map.of("paymentMethod", "paypal"), T0)), List.of("slack"));

        assertThat(renderer.title(velocity))
                .isEqualTo("[CRITICAL] 2 segments out of bounds: 'Payments per method' · last 3 min");
        assertThat(renderer.slack(velocity)).contains("segment · paymentMethod=paypal").contains("|Open alerts>");
        assertThat(renderer.email(velocity).text()).contains("Alerts: 2 segments open");
    }

    @Test
    void shouldLinkAnIncidentsMessageToTheIncidentPageAndCountTheOrdersItAffects() throws Exception {
        Notification outage = new Notification("g#1", "g", 1, Notification.Kind.FIRING, "payments-per-method",
                "Payments per method", Severity.CRITICAL, Map.of("paymentMethod", "paypal"), 1, 1, 0, 0, 0, false, T0,
                at(min(6)), List.of(new Notification.Sample("a-1", null, Map.of("paymentMethod", "paypal"), T0)),
                List.of("slack", "email"), "inc/1 ä", 312);

        assertThat(renderer.title(outage)).isEqualTo("[CRITICAL] 1 segment out of bounds: 'Payments per method'"
                + " · paypal · last 6 min; 312 orders affected");
        JsonNode slack = Json.readTree(renderer.slack(outage).getBytes());
        assertThat(slack.path("text").asText())
                .endsWith("<https://bpmon.example.com/incidents/inc%2F1%20%C3%A4|Open in bpmon>");
        assertThat(slack.toString()).contains("|Open incident>").doesNotContain("/alerts?");
        MessageRenderer.Email email = renderer.email(outage);
        assertThat(email.text()).contains("Orders affected: 312")
                .contains("Open in bpmon: https://bpmon.example.com/incidents/inc%2F1%20%C3%A4");
        assertThat(email.html()).contains("href=\"https://bpmon.example.com/incidents/inc%2F1%20%C3%A4\"");
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
