package io.bpmon.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Slack webhook body says, read the way a person reads it (docs/alerting.md): the header line tells the kind,
 * the "Rule" field ends in the rule id in parentheses, "Segment" holds the group's values ({@code country=DE}, or
 * {@code all}), and "Alerts" the counts ({@code 3 orders open (2 new)}, {@code 1 resolved}).
 */
record SlackMessage(Kind kind, String ruleId, String segment, int firing, int newFiring, int resolved) {

    enum Kind { FIRING, UPDATE, REPEAT, RESOLVED }

    private static final Pattern LABEL = Pattern.compile("\\*[A-Za-z ]+\\*");
    private static final Pattern RULE = Pattern.compile("\\(([a-z0-9-]+)\\)$");
    private static final Pattern OPEN = Pattern.compile("^(\\d+) (?:orders?|segments?) open(?: \\((\\d+) new\\))?");
    private static final Pattern RESOLVED_COUNT = Pattern.compile("^(\\d+) resolved");

    static SlackMessage parse(String body) {
        JsonNode root;
        try {
            root = Json.readTree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + Reconciler.abbreviate(body));
        }
        String title = null;
        String rule = null;
        String segment = null;
        String alerts = null;
        for (JsonNode block : root.path("blocks")) {
            if ("header".equals(block.path("type").asText())) {
                title = block.path("text").path("text").asText();
            }
            JsonNode fields = block.path("fields");
            for (int i = 0; i < fields.size(); i++) {
                // a label field ("*Rule*", mrkdwn) followed by its value (plain_text, so that user values can never
                // format or link)
                String name = fields.get(i).path("text").asText();
                if (!LABEL.matcher(name).matches() || i + 1 == fields.size()) {
                    continue;
                }
                String value = fields.get(++i).path("text").asText().strip();
                switch (name) {
                    case "*Rule*" -> rule = value;
                    case "*Segment*" -> segment = value;
                    case "*Alerts*" -> alerts = value;
                    default -> { }
                }
            }
        }
        if (title == null || rule == null || segment == null || alerts == null) {
            throw new IllegalArgumentException("no header, Rule, Segment or Alerts: " + Reconciler.abbreviate(body));
        }
        Matcher id = RULE.matcher(rule);
        if (!id.find()) {
            throw new IllegalArgumentException("no rule id in '" + rule + "'");
        }
        if (title.startsWith("[RESOLVED]")) {
            Matcher m = RESOLVED_COUNT.matcher(alerts);
            if (!m.find()) {
                throw new IllegalArgumentException("no resolved count in '" + alerts + "'");
            }
            return new SlackMessage(Kind.RESOLVED, id.group(1), segment, 0, 0, Integer.parseInt(m.group(1)));
        }
        Matcher m = OPEN.matcher(alerts);
        if (!m.find()) {
            throw new IllegalArgumentException("no open count in '" + alerts + "'");
        }
        int firing = Integer.parseInt(m.group(1));
        int fresh = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        // "(n new)" is shown for updates only; a repeat says "Still open"
        Kind kind = title.contains("] Still open: ") ? Kind.REPEAT : m.group(2) != null ? Kind.UPDATE : Kind.FIRING;
        return new SlackMessage(kind, id.group(1), segment, firing, kind == Kind.FIRING ? firing : fresh, 0);
    }
}
