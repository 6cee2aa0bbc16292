package io.bpmon.job;

/**
 * One revision of an order's state for the topic {@code bpmon.order-states} (docs/order-states.md).
 *
 * @param json the record ({@link io.bpmon.core.order.OrderStateRecord}), serialized once in the operator
 */
public record OrderStateChange(String orderId, long revision, byte[] json) {}
