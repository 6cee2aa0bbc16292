package io.bpmon.job;

import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.VelocitySegment;
import java.util.Map;

/**
 * One event counted by one VELOCITY rule in one segment, sent by the order operator (for every newly applied event
 * of the rule's {@code eventType} whose order is in the rule's scope) to the {@link VelocityFunction}.
 *
 * @param segmentKey {@link VelocitySegment#key()}: the groupBy values as stable text, "" without groupBy
 * @param segment    the groupBy values, attribute → value
 * @param eventTime  the event's occurredAt, epoch millis
 * @param contribution what the event adds to its bucket's sum for the rule's aggregate
 *                   ({@link io.bpmon.core.rules.VelocityAggregate#contribution}); 0 for a count
 */
public record VelocityHit(String ruleId, String segmentKey, Map<String, String> segment, long eventTime,
        double contribution) {

    /** A hit of a counting rule. */
    public VelocityHit(String ruleId, String segmentKey, Map<String, String> segment, long eventTime) {
        this(ruleId, segmentKey, segment, eventTime, 0);
    }

    /**
     * The hit of an event at {@code eventTime} of an order with these (merged) attributes, or null when a groupBy
     * attribute is missing: such an order counts toward no segment. Likewise for a sum or average when the order has
     * no number in the aggregated attribute (docs/velocity-rules.md). The caller checks kind, enabled, event type and
     * scope.
     */
    public static VelocityHit of(Rule rule, Map<String, String> orderAttributes, long eventTime) {
        VelocitySegment s = VelocitySegment.of(rule, orderAttributes);
        Double contribution = s == null ? null : rule.measure().contribution(orderAttributes);
        return contribution == null ? null
                : new VelocityHit(rule.id(), s.key(), s.values(), eventTime, contribution);
    }

    /** The velocity evaluator's key: one rule, one segment. */
    public String key() {
        return key(ruleId, segmentKey);
    }

    static String key(String ruleId, String segmentKey) {
        return ruleId + '\u0000' + segmentKey;
    }
}
