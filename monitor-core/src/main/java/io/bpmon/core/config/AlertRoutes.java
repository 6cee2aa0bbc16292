package io.bpmon.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code BPMON_ALERT_ROUTES}: a JSON array of
 * {@code {"ruleId": "...", "severities": ["CRITICAL"], "scope": {"country": ["DE"]}, "channels": ["slack"]}},
 * every key but {@code channels} optional. Every mistake is reported with its position, e.g. {@code [1].channels}.
 */
final class AlertRoutes {

    private static final Set<String> FIELDS = Set.of("ruleId", "severities", "scope", "channels");
    private static final Set<String> CHANNELS = Set.of(AlertingConfig.SLACK, AlertingConfig.EMAIL);

    private AlertRoutes() {}

    static List<AlertRoute> parse(String json) {
        JsonNode root;
        try {
            root = Json.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw bad("", "must be a JSON array of routes: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!root.isArray()) {
            throw bad("", "must be a JSON array of routes");
        }
        List<AlertRoute> routes = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            routes.add(route(root.get(i), "[" + i + "]"));
        }
        return routes;
    }

    private static AlertRoute route(JsonNode node, String at) {
        if (!node.isObject()) {
            throw bad(at, "must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad(at + "." + name, "unknown field; known are " + FIELDS);
            }
        }
        Optional<String> ruleId = Optional.empty();
        if (node.has("ruleId")) {
            if (!node.get("ruleId").isTextual() || node.get("ruleId").asText().isBlank()) {
                throw bad(at + ".ruleId", "must be a rule id");
            }
            ruleId = Optional.of(node.get("ruleId").asText());
        }
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String s : strings(node.get("severities"), at + ".severities")) {
            try {
                severities.add(Severity.valueOf(s));
            } catch (IllegalArgumentException e) {
                throw bad(at + ".severities", "unknown severity '" + s + "'");
            }
        }
        Map<String, List<String>> scope = new LinkedHashMap<>();
        JsonNode scopeNode = node.get("scope");
        if (scopeNode != null) {
            if (!scopeNode.isObject()) {
                throw bad(at + ".scope", "must be an object: attribute → list of values");
            }
            scopeNode.fields().forEachRemaining(e -> scope.put(e.getKey(),
                    strings(e.getValue(), at + ".scope." + e.getKey())));
        }
        if (node.get("channels") == null) {
            throw bad(at + ".channels", "is required (an empty list mutes what the route matches)");
        }
        List<String> channels = strings(node.get("channels"), at + ".channels");
        for (String c : channels) {
            if (!CHANNELS.contains(c)) {
                throw bad(at + ".channels", "unknown channel '" + c + "'; known are " + CHANNELS);
            }
        }
        return new AlertRoute(ruleId, severities, scope, channels);
    }

    private static List<String> strings(JsonNode node, String at) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            throw bad(at, "must be a list of strings");
        }
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw bad(at, "must be a list of strings");
            }
            values.add(v.asText());
        }
        return values;
    }

    private static ConfigException bad(String at, String message) {
        return new ConfigException(ConfigLoader.ALERT_ROUTES, (at.isEmpty() ? "" : at + " ") + message);
    }
}
