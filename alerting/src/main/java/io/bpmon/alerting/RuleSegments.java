package io.bpmon.alerting;

import io.bpmon.alerting.grouping.IncidentSegments;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.IncidentKeys;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.store.RuleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incident's segment from its rule's {@code groupBy}, the way the job keys incidents ({@link IncidentKeys}). Rules
 * are read from the rule store and kept for a short while, so a burst of alerts costs one read per rule; when the
 * store cannot be read, the last rule seen is used, else the message names no segment (it is still sent).
 */
final class RuleSegments implements IncidentSegments {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSegments.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private record Known(Optional<Rule> rule, Instant readAt) {}

    private final RuleStore rules;
    private final Clock clock;
    private final Map<String, Known> known = new HashMap<>();

    RuleSegments(RuleStore rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Map<String, String> of(Alert alert) {
        return IncidentKeys.segment(rule(alert.ruleId()).orElse(null), alert);
    }

    private Optional<Rule> rule(String ruleId) {
        Instant now = clock.instant();
        Known k = known.get(ruleId);
        if (k != null && now.isBefore(k.readAt().plus(FRESH_FOR))) {
            return k.rule();
        }
        try {
            Optional<Rule> rule = rules.find(ruleId);
            known.put(ruleId, new Known(rule, now));
            return rule;
        } catch (RuntimeException e) {
            LOG.warn("alerting: cannot read rule {} for its incident's segment: {}", ruleId, e.toString());
            return k == null ? Optional.empty() : k.rule();
        }
    }
}
