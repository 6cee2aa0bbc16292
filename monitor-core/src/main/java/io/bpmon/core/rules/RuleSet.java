package io.bpmon.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named set of rules shipped with bpmon ({@code {"description": "...", "rules": [...]}} under
 * {@code bpmon/rules/}), each written exactly as a user would POST it to {@code /api/rules}. Keys the validator
 * does not know (such as a rule's {@code "why"}) are ignored, so the resources can explain their numbers.
 */
public record RuleSet(String name, List<Rule> rules) {

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /**
     * Reads and validates a rule set from the classpath.
     *
     * @throws IllegalStateException when the resource is missing or holds an invalid rule: a bug in bpmon, not in
     *                               the user's setup, so it should fail loudly at start
     */
    public static RuleSet fromResource(String name, String resource, RuleValidator validator) {
        JsonNode root;
        try (InputStream in = RuleSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            root = Json.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable rule set " + resource, e);
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : root.path("rules")) {
            ValidationResult<Rule> result = validator.validate(node);
            if (!result.isValid()) {
                throw new IllegalStateException("invalid rule in " + resource + ": " + result.reason());
            }
            if (!ids.add(result.value().id())) {
                throw new IllegalStateException("rule id " + result.value().id() + " twice in " + resource);
            }
            rules.add(result.value());
        }
        return new RuleSet(name, rules);
    }
}
