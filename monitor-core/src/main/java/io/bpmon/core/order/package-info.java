/**
 * One order as bpmon knows it: {@link io.bpmon.core.order.OrderState} (timeline replayed by event time), its compact
 * form for the job ({@link io.bpmon.core.order.OrderStateCodec}) and its stored document
 * ({@link io.bpmon.core.order.OrderDocument}).
 */
package io.bpmon.core.order;
