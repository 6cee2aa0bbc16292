package io.bpmon.core.simulation;

/**
 * One order in flight and its fate, decided when it is placed. Held only while a next step is scheduled; an
 * order that completes, is cancelled or gets stuck is dropped.
 *
 * @param cancelFrom the step after which it is cancelled (PLACED or PAID), or null
 * @param stuckAfter the step after which nothing more happens, or null
 */
record SimulatedOrder(String orderId, Segments segments, PlannedStep cancelFrom, PlannedStep stuckAfter) {
}
