package io.bpmon.core.order;

import java.time.Instant;

/**
 * One distinct event of an order as the rule patterns see it: the step it completes, whether it was the first time
 * the order reached that step (a second parcel is not), and the order's status right after it.
 * Derived from the timeline in {@code occurredAt} order by {@link OrderState}.
 */
public record StepEvent(String eventId, String step, Instant occurredAt, boolean firstReach, String statusAfter) {}
