package io.bpmon.chaos;

import java.time.Instant;

/**
 * One distinct event of an order as the driver built it (a repeated send of it has the same eventId and bytes).
 *
 * @param type the event type, e.g. {@code ORDER_PLACED}
 */
record SentEvent(String eventId, String orderId, String type, Instant occurredAt) {}
