package io.bpmon.core.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An SLA, stall or velocity rule (CONTRACT section 3), as accepted and returned by {@code /api/rules}. Fields that
 * do not belong to the rule's kind are null (or empty lists). Built only through {@link RuleValidator}, which
 * guarantees the invariants, or {@link #withVersion}.
 *
 * @param version   set by the server: 1 when created, +1 on every change
 * @param updatedAt when this version was stored (server time)
 * @param updatedBy who stored this version
 */
public record Rule(
        String id,
        String name,
        RuleKind kind,
        String from,
        String to,
        Duration maxDuration,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> statuses,
        String eventType,
        Duration window,
        Integer min,
        Integer max,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> groupBy,
        Map<String, List<String>> scope,
        Severity severity,
        boolean enabled,
        long version,
        Instant updatedAt,
        String updatedBy) {

    public Rule {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        scope = scope == null ? Map.of() : Map.copyOf(scope);
    }

    /** This rule as a stored version: numbered, stamped with time and author. */
    public Rule withVersion(long newVersion, Instant at, String by) {
        return new Rule(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, scope,
                severity, enabled, newVersion, at, by);
    }

    public Rule withEnabled(boolean on) {
        return new Rule(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, scope,
                severity, on, version, updatedAt, updatedBy);
    }

    /**
     * Whether an order (or segment) with these attributes is in this rule's scope: every scope key must be present
     * with one of its listed values. An empty scope matches everything.
     */
    public boolean appliesTo(Map<String, String> attributes) {
        for (Map.Entry<String, List<String>> condition : scope.entrySet()) {
            String value = attributes.get(condition.getKey());
            if (value == null || !condition.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }
}
