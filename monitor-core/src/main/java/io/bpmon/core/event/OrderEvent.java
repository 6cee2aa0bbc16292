package io.bpmon.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One validated order event (CONTRACT section 1). The single element type of the job's main stream.
 *
 * <p>Attribute values are kept as text: strings as they are, numbers and booleans in their JSON spelling
 * ({@code 59.9}, {@code true}). Rules match attributes by equality of that text, and a map of strings keeps
 * the stream on Flink's built-in serializers.
 *
 * @param receivedAt when bpmon received the event (the Kafka append time); null before ingestion stamps it
 */
public record OrderEvent(
        String eventId,
        String type,
        String orderId,
        Instant occurredAt,
        String source,
        Map<String, String> attributes,
        Instant receivedAt) {

    public OrderEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public OrderEvent withReceivedAt(Instant at) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, at);
    }
}
