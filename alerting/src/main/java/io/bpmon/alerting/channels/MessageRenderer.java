package io.bpmon.alerting.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.alerting.grouping.Notification;
import io.bpmon.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Notification} as a Slack Block Kit message (with a fallback text) and as an email (HTML with a
 * plain-text alternative), with the same content. Every value that comes from data (rule names, attribute values,
 * order ids) is kept harmless for where it lands: Slack plain_text objects (never mrkdwn, see {@link #slack}), the
 * Slack fallback text ({@link #fallbackText}), HTML, URL path and query, and mail headers (no line breaks), so that
 * an attribute like {@code <!channel>}, {@code *bold*} or {@code <script>} is shown, never obeyed.
 */
public final class MessageRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Slack refuses a header longer than this. */
    private static final int SLACK_HEADER_MAX = 150;
    /** Slack refuses a section field longer than this. */
    private static final int SLACK_FIELD_MAX = 2000;
    /** Slack cuts longer top-level texts; the link after it must survive. */
    private static final int SLACK_FALLBACK_MAX = 2900;
    /** A section holds at most 10 fields: five samples with their links. */
    private static final int SLACK_SAMPLES_PER_SECTION = 5;

    private final String publicUrl;

    public MessageRenderer(String publicUrl) {
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** A rendered email. */
    public record Email(String subject, String text, String html) {}

    /**
     * "[CRITICAL] 27 orders breached 'Payment within 30 min' · DE · card · last 5 min"; for velocity rules
     * "[CRITICAL] 2 segments out of bounds: 'Payments per method' · last 5 min".
     */
    public String title(Notification n) {
        String segment = n.labels().values().stream().map(v -> " · " + v).collect(Collectors.joining());
        String rule = "'" + n.ruleName() + "'";
        return switch (n.kind()) {
            case FIRING, UPDATE, REPEAT -> "[" + n.severity() + "] "
                    + (n.kind() == Notification.Kind.REPEAT ? "Still open: " : "")
                    + count(n.firing(), n.perOrder()) + (n.perOrder() ? " breached " : " out of bounds: ") + rule
                    + segment + " · last "
                    + span(Duration.between(n.since(), n.at()))
                    + (n.kind() == Notification.Kind.UPDATE ? " (+" + n.newFiring() + " new)" : "")
                    + (n.affected() > 0 ? "; " + count(n.affected(), true) + " affected" : "");
            case RESOLVED -> "[RESOLVED] " + rule + segment
                    + (n.resolved() == 1 ? ": the alert is over" : ": all " + n.resolved() + " alerts are over");
            case TEST -> "Test message from bpmon";
        };
    }

    public String alertsUrl(Notification n) {
        return publicUrl + "/alerts?ruleId=" + query(n.ruleId());
    }

    public String orderUrl(String orderId) {
        return publicUrl + "/orders/" + path(orderId);
    }

    /** The incident's page, where the message's group lives on (docs/incidents.md). */
    public String incidentUrl(String incidentId) {
        return publicUrl + "/incidents/" + path(incidentId);
    }

    /**
     * A Block Kit message. User values (rule names, attribute values, order ids) only ever land in {@code plain_text}
     * text objects, which Slack shows as typed; {@code mrkdwn} objects carry bpmon's own words (bold labels, links
     * into the UI) and nothing else, with {@code verbatim} so that Slack adds no links or mentions of its own. The
     * top-level {@code text} (notifications, screen readers) is mrkdwn without such a switch: there values are
     * neutralised ({@link #fallbackText}).
     */
    public String slack(Notification n) {
        String title = title(n);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("text", truncate(fallbackText(title), SLACK_FALLBACK_MAX) + " " + slackLink(link(n), "Open in bpmon"));
        // a URL among the values must not make Slack fetch and preview it
        root.put("unfurl_links", false).put("unfurl_media", false);
        ArrayNode blocks = root.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", plainText(truncate(title, SLACK_HEADER_MAX)));
        if (n.kind() != Notification.Kind.TEST) {
            // label | value rows: Slack lays section fields out in two columns
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            for (String[] f : facts(n)) {
                fields.add(ownMrkdwn("*" + f[0] + "*"));
                fields.add(plainText(f[1]));
            }
        }
        ArrayNode fields = null;
        for (int i = 0; i < n.samples().size(); i++) {
            if (i % SLACK_SAMPLES_PER_SECTION == 0) {
                ObjectNode section = blocks.addObject().put("type", "section");
                if (i == 0) {
                    section.set("text", ownMrkdwn("*Examples*"));
                }
                fields = section.putArray("fields");
            }
            Notification.Sample s = n.samples().get(i);
            List<String> parts = new ArrayList<>();
            parts.add(s.orderId() == null ? "segment" : s.orderId());
            if (!s.attributes().isEmpty()) {
                parts.add(attributes(s.attributes()));
            }
            parts.add("detected " + TIME.format(s.detectedAt()));
            fields.add(plainText(String.join(" · ", parts)));
            fields.add(ownMrkdwn(s.orderId() == null ? slackLink(link(n), n.incidentId() == null ? "Open alerts" : "Open incident")
                    : slackLink(orderUrl(s.orderId()), "Open order")));
        }
        blocks.addObject().put("type", "context").putArray("elements")
                .add(ownMrkdwn(slackLink(link(n), "Open in bpmon") + " · " + TIME.format(n.at())));
        return Json.write(root);
    }

    public Email email(Notification n) {
        String title = title(n);
        StringBuilder text = new StringBuilder(title).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
                .append("<h2>").append(html(title)).append("</h2>");
        if (n.kind() != Notification.Kind.TEST) {
            html.append("<table>");
            for (String[] f : facts(n)) {
                text.append(f[0]).append(": ").append(f[1]).append('\n');
                html.append("<tr><th align=\"left\">").append(html(f[0])).append("</th><td>").append(html(f[1]))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        if (!n.samples().isEmpty()) {
            text.append("\nExamples:\n");
            html.append("<h3>Examples</h3><ul>");
            for (Notification.Sample s : n.samples()) {
                String detail = attributes(s.attributes()) + " · detected " + TIME.format(s.detectedAt());
                if (s.orderId() == null) {
                    text.append("- segment ").append(detail).append('\n');
                    html.append("<li>segment ").append(html(detail)).append("</li>");
                } else {
                    text.append("- ").append(s.orderId()).append(' ').append(detail).append("\n  ")
                            .append(orderUrl(s.orderId())).append('\n');
                    html.append("<li><a href=\"").append(html(orderUrl(s.orderId()))).append("\">")
                            .append(html(s.orderId())).append("</a> ").append(html(detail)).append("</li>");
                }
            }
            html.append("</ul>");
        }
        text.append("\nOpen in bpmon: ").append(link(n)).append('\n');
        html.append("<p><a href=\"").append(html(link(n))).append("\">Open in bpmon</a></p></body></html>");
        return new Email(header("[bpmon] " + title), text.toString(), html.toString());
    }

    private String link(Notification n) {
        if (n.kind() == Notification.Kind.TEST) {
            return publicUrl + "/";
        }
        return n.incidentId() == null ? alertsUrl(n) : incidentUrl(n.incidentId());
    }

    private static List<String[]> facts(Notification n) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Severity", String.valueOf(n.severity())});
        facts.add(new String[] {"Rule", n.ruleName() + " (" + n.ruleId() + ")"});
        if (n.kind() == Notification.Kind.RESOLVED) {
            facts.add(new String[] {"Alerts", n.resolved() + " resolved"});
        } else {
            facts.add(new String[] {"Alerts", count(n.firing(), n.perOrder()) + " open"
                    + (n.newFiring() > 0 && n.kind() != Notification.Kind.FIRING ? " (" + n.newFiring() + " new)" : "")
                    + (n.acknowledged() > 0 ? ", " + n.acknowledged() + " acknowledged" : "")
                    + (n.silenced() > 0 ? ", " + n.silenced() + " silenced" : "")
                    + (n.resolved() > 0 ? ", " + n.resolved() + " resolved" : "")});
        }
        if (n.affected() > 0) {
            facts.add(new String[] {"Orders affected", n.kind() == Notification.Kind.RESOLVED
                    ? n.affected() + " still waiting (their alerts stay open)"
                    : n.affected() + " with alerts of other rules held back by this incident"});
        }
        facts.add(new String[] {"Segment", n.labels().isEmpty() ? "all" : attributes(n.labels())});
        return facts;
    }

    private static String attributes(Map<String, String> attributes) {
        return attributes.entrySet().stream().limit(6).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String count(int n, boolean perOrder) {
        return n + (perOrder ? (n == 1 ? " order" : " orders") : (n == 1 ? " segment" : " segments"));
    }

    static String span(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        return minutes <= 120 ? minutes + " min" : (minutes + 59) / 60 + " h";
    }

    /** A text object Slack shows exactly as typed: no formatting, links, mentions or emoji codes. */
    private static ObjectNode plainText(String text) {
        ObjectNode o = Json.mapper().createObjectNode().put("type", "plain_text");
        return o.put("text", truncate(text.isEmpty() ? " " : text, SLACK_FIELD_MAX)).put("emoji", false);
    }

    /** A mrkdwn text object for bpmon's own words only; never pass it a value from data. */
    private static ObjectNode ownMrkdwn(String text) {
        return Json.mapper().createObjectNode().put("type", "mrkdwn").put("text", text).put("verbatim", true);
    }

    /** A link into bpmon's UI; the URL's data parts are percent-encoded already, the label is bpmon's. */
    private static String slackLink(String url, String label) {
        return "<" + escapeSlackControl(url) + "|" + label + ">";
    }

    /** Slack's three control characters ({@code & < >}), which open links and mentions. */
    static String escapeSlackControl(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Makes a text with values safe for the one place they must meet mrkdwn: the message's top-level {@code text}.
     * Slack offers no escape for its formatting characters, so besides its required escaping of {@code & < >} the
     * characters {@code * _ ~ `} (and their full-width forms, which Slack also obeys) become look-alikes
     * (∗ ˍ ∼ ˋ), {@code @} becomes ＠ (no {@code @channel} broadcast), and line breaks become spaces (no
     * {@code >} quote at a line start). Zero-width spaces (U+200B) would not do: Slack treats them as word
     * boundaries, so a {@code *} between two of them still opens bold text. The fallback only shows in
     * notifications and screen readers, where a look-alike reads the same; the message itself shows the values
     * unchanged, in plain_text.
     */
    static String fallbackText(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '*' -> b.append('\u2217');
                case '\uFF0A' -> b.append('\uFE61');
                case '_', '\uFF3F' -> b.append('\u02CD');
                case '~', '\uFF5E' -> b.append('\u223C');
                case '`', '\uFF40' -> b.append('\u02CB');
                case '@' -> b.append('\uFF20');
                case '\u2028', '\u2029' -> b.append(' ');
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(' ');
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A mail header never carries a line break: a hostile value must not add headers. */
    static String header(String s) {
        return s.replaceAll("[\\r\\n\\t\\x00-\\x1f]+", " ");
    }

    private static String path(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
