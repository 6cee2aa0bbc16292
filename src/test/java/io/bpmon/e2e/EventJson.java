package io.bpmon.e2e;

import java.time.Instant;

/** Event JSON as producers write it. */
final class EventJson {

    private EventJson() {}

    static String event(String eventId, String type, String orderId, Instant occurredAt, String attributes) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"orderId\":\"" + orderId
                + "\",\"occurredAt\":\"" + occurredAt + "\",\"source\":\"e2e\",\"attributes\":"
                + (attributes == null ? "{}" : attributes) + "}";
    }

    static String[] keyed(String orderId, String json) {
        return new String[] {orderId, json};
    }
}
