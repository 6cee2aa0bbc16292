package io.bpmon.core.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.StepEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An SLA, stall or velocity rule (docs/contract.md), as accepted and returned by {@code /api/rules}. Fields that
 * do not belong to the rule's kind are null (or empty lists). Built only through {@link RuleValidator}, which
 * guarantees the invariants, or {@link #withVersion}.
 *
 * @param groupBy   attributes whose values split the rule's alerts into incidents (docs/incidents.md); for a
 *                  VELOCITY rule also its segments
 * @param inhibits  VELOCITY only: ids of rules whose new alerts in an open episode's segment join its incident
 *                  (docs/incidents.md)
 * @param version   set by the server: 1 when created, +1 on every change
 * @param updatedAt when this version was stored (server time)
 * @param updatedBy who stored this version
 * @param aggregate VELOCITY only: what a window's value is (docs/velocity-rules.md); null = the count of events
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> inhibits,
        Map<String, List<String>> scope,
        Severity severity,
        boolean enabled,
        long version,
        Instant updatedAt,
        String updatedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) VelocityAggregate aggregate) implements java.io.Serializable {

    public Rule {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        inhibits = inhibits == null ? List.of() : List.copyOf(inhibits);
        scope = scope == null ? Map.of() : Map.copyOf(scope);
    }

    /** A rule without an aggregate (every rule but a VELOCITY rule with {@code aggregate}). */
    public Rule(String id, String name, RuleKind kind, String from, String to, Duration maxDuration,
            List<String> statuses, String eventType, Duration window, Integer min, Integer max, List<String> groupBy,
            List<String> inhibits, Map<String, List<String>> scope, Severity severity, boolean enabled, long version,
            Instant updatedAt, String updatedBy) {
        this(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, inhibits, scope,
                severity, enabled, version, updatedAt, updatedBy, null);
    }

    /** A rule that inhibits no other (every rule but a VELOCITY rule with {@code inhibits}). */
    public Rule(String id, String name, RuleKind kind, String from, String to, Duration maxDuration,
            List<String> statuses, String eventType, Duration window, Integer min, Integer max, List<String> groupBy,
            Map<String, List<String>> scope, Severity severity, boolean enabled, long version, Instant updatedAt,
            String updatedBy) {
        this(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, List.of(), scope,
                severity, enabled, version, updatedAt, updatedBy);
    }

    /** This rule as a stored version: numbered, stamped with time and author. */
    public Rule withVersion(long newVersion, Instant at, String by) {
        return new Rule(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, inhibits,
                scope, severity, enabled, newVersion, at, by, aggregate);
    }

    public Rule withEnabled(boolean on) {
        return new Rule(id, name, kind, from, to, maxDuration, statuses, eventType, window, min, max, groupBy, inhibits,
                scope, severity, on, version, updatedAt, updatedBy, aggregate);
    }

    /** VELOCITY: what a window's value is; {@link VelocityAggregate#COUNT} without {@code aggregate}. */
    public VelocityAggregate measure() {
        return aggregate == null ? VelocityAggregate.COUNT : aggregate;
    }

    /**
     * VELOCITY: the attributes whose values make a segment: {@code groupBy}, plus {@code currency} when the rule sums
     * or averages amounts (never across currencies; docs/velocity-rules.md).
     */
    public List<String> segmentBy() {
        if (!measure().perCurrency() || groupBy.contains(io.bpmon.core.event.AttributeKinds.CURRENCY)) {
            return groupBy;
        }
        List<String> by = new java.util.ArrayList<>(groupBy);
        by.add(io.bpmon.core.event.AttributeKinds.CURRENCY);
        return List.copyOf(by);
    }

    /** STEP_SLA pattern, first stage: the order reached {@code from} (for the first time). */
    public boolean startsWait(StepEvent e) {
        return e.firstReach() && e.step().equals(from);
    }

    /**
     * STEP_SLA pattern, second stage: the wait ends because {@code to} (or a later step) was reached, or because the
     * order was abandoned (cancelled); which of the two, {@link #isCompletion} tells.
     */
    public boolean endsWait(StepEvent e, Lifecycle lifecycle) {
        return e.firstReach() && (isCompletion(e, lifecycle) || lifecycle.abandons(e.step()));
    }

    public boolean isCompletion(StepEvent e, Lifecycle lifecycle) {
        return lifecycle.satisfies(e.step(), to);
    }

    /** STALL: whether an order in this status is watched by this rule (never when the status is terminal). */
    public boolean watches(String status, Lifecycle lifecycle) {
        return status != null && !lifecycle.isTerminal(status) && (statuses.isEmpty() || statuses.contains(status));
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
