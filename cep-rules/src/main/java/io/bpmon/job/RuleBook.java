package io.bpmon.job;

import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses rule JSON as it arrives on the rules topic, once per distinct text. A rule the validator refuses (the
 * topic is written by the web server, which validated it, but a hand-made record could be wrong) is logged and
 * ignored rather than failing the job.
 */
public final class RuleBook {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);
    private static final int MAX_CACHED = 4096;

    private final RuleValidator validator;
    private final Map<String, Rule> parsed = new HashMap<>();

    public RuleBook(Lifecycle lifecycle) {
        this.validator = new RuleValidator(lifecycle);
    }

    /** The rule in this JSON, or null if there is none or it is invalid. */
    public Rule parse(String json) {
        if (json == null) {
            return null;
        }
        Rule cached = parsed.get(json);
        if (cached != null) {
            return cached;
        }
        Rule rule;
        try {
            var node = Json.mapper().readTree(json);
            var result = validator.validate(node);
            if (!result.isValid()) {
                LOG.warn("ignoring invalid rule on the rules topic: {}", result.reason());
                return null;
            }
            rule = result.value().withVersion(node.path("version").asLong(0),
                    node.hasNonNull("updatedAt") ? java.time.Instant.parse(node.path("updatedAt").asText()) : null,
                    node.path("updatedBy").asText(null));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable rule on the rules topic: {}", e.getMessage());
            return null;
        }
        if (parsed.size() >= MAX_CACHED) {
            parsed.clear();
        }
        parsed.put(json, rule);
        return rule;
    }
}
