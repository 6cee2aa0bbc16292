package io.bpmon.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.alerting.channels.MessageRenderer;
import io.bpmon.alerting.grouping.Notification;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bodies in the shape the alerting module's MessageRenderer writes (docs/alerting.md). */
class SlackMessageTest {

    static String body(String title, String rule, String alerts, String segment) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("text", title + " <http://localhost:8080/alerts?ruleId=x|Open in bpmon>");
        ArrayNode blocks = root.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", title);
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Severity", "WARNING");
        field(fields, "Rule", rule);
        field(fields, "Alerts", alerts);
        field(fields, "Segment", segment);
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "*Examples*\n• <http://localhost:8080/orders/o-1|o-1> country=DE · detected x");
        return Json.write(root);
    }

    /** A label in mrkdwn, its value in plain_text: the renderer never lets a user value format. */
    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*");
        fields.addObject().put("type", "plain_text").put("text", value);
    }

    @Test
    void shouldReadWhatTheNotifierRenders() {
        Notification firing = new Notification("g#1", "g", 1, Notification.Kind.FIRING, "chaos-paid",
                "Chaos: paid within 20 s", Severity.WARNING, Map.of("country", "DE"), 3, 3, 0, 0, 0, true,
                Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-05T10:01:00Z"),
                List.of(new Notification.Sample("a-1", "o-1", Map.of("country", "DE"),
                        Instant.parse("2026-12-05T10:00:30Z"))), List.of("slack"));

        SlackMessage m = SlackMessage.parse(new MessageRenderer("http://localhost:34800").slack(firing));

        assertThat(m).isEqualTo(new SlackMessage(SlackMessage.Kind.FIRING, "chaos-paid", "country=DE", 3, 3, 0));
    }

    @Test
    void shouldReadAFiringMessage() {
        SlackMessage m = SlackMessage.parse(body("[WARNING] 3 orders breached 'Chaos: paid within 20 s' · DE · last 1 min",
                "Chaos: paid within 20 s (chaos-paid)", "3 orders open", "country=DE"));
        assertThat(m).isEqualTo(new SlackMessage(SlackMessage.Kind.FIRING, "chaos-paid", "country=DE", 3, 3, 0));
    }

    @Test
    void shouldReadAnUpdateWithItsNewAlerts() {
        SlackMessage m = SlackMessage.parse(body(
                "[WARNING] 5 orders breached 'Chaos: paid within 20 s' · FR · last 2 min (+2 new)",
                "Chaos: paid within 20 s (chaos-paid)", "5 orders open (2 new)", "country=FR"));
        assertThat(m).isEqualTo(new SlackMessage(SlackMessage.Kind.UPDATE, "chaos-paid", "country=FR", 5, 2, 0));
    }

    @Test
    void shouldReadAVelocityFiringAndItsResolvedNotice() {
        SlackMessage firing = SlackMessage.parse(body(
                "[INFO] 1 segment out of bounds: 'Chaos: partner orders per minute' · last 1 min",
                "Chaos: partner orders per minute (chaos-burst)", "1 segment open", "all"));
        SlackMessage resolved = SlackMessage.parse(body(
                "[RESOLVED] 'Chaos: partner orders per minute': the alert is over",
                "Chaos: partner orders per minute (chaos-burst)", "1 resolved", "all"));
        assertThat(firing).isEqualTo(new SlackMessage(SlackMessage.Kind.FIRING, "chaos-burst", "all", 1, 1, 0));
        assertThat(resolved).isEqualTo(new SlackMessage(SlackMessage.Kind.RESOLVED, "chaos-burst", "all", 0, 0, 1));
    }

    @Test
    void shouldReadARepeat() {
        SlackMessage m = SlackMessage.parse(body(
                "[WARNING] Still open: 3 orders breached 'Chaos: paid within 20 s' · DE · last 4 h",
                "Chaos: paid within 20 s (chaos-paid)", "3 orders open, 1 acknowledged", "country=DE"));
        assertThat(m.kind()).isEqualTo(SlackMessage.Kind.REPEAT);
        assertThat(m.newFiring()).isZero();
    }

    @Test
    void shouldRefuseABodyItCannotRead() {
        assertThatThrownBy(() -> SlackMessage.parse("{\"text\":\"hello\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlackMessage.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
