package io.bpmon.job;

/**
 * One order to judge under one rule, sent by the order operator to the rule evaluator (keyed by rule and order).
 *
 * @param ruleJson the rule version to judge by (EVALUATE only)
 * @param order    the order's state in {@link io.bpmon.core.order.OrderStateCodec} form (EVALUATE only)
 */
public record RuleWork(Kind kind, String ruleId, String orderId, String ruleJson, byte[] order) {

    /** What the evaluator is asked to do. */
    public enum Kind {
        /** Judge the order under the given rule version now and at its next deadline. */
        EVALUATE,
        /** The rule was disabled or deleted, or the order left its scope: resolve open alerts, forget the order. */
        RETIRE,
        /** The order's state was dropped by retention: forget it without resolving anything. */
        FORGET
    }

    /** The evaluator's key: one rule, one order. */
    public String key() {
        return ruleId + '\u0000' + orderId;
    }
}
