package io.bpmon.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One validated order event (docs/contract.md). The single element type of the job's main stream.
 *
 * <p>Attribute values are kept as text: strings as they are, numbers and booleans in their JSON spelling
 * ({@code 59.9}, {@code true}). Rules match attributes by equality of that text, and a map of strings keeps
 * the stream on Flink's built-in serializers.
 *
 * @param receivedAt when bpmon received the event (the Kafka append time); null before ingestion stamps it
 * @param origin     where the job read it, {@code topic/partition@offset}; null before ingestion stamps it. Should the
 *                   store refuse what the event produced, the original record is read back from there into the
 *                   dead-letter topic.
 */
public record OrderEvent(
        String eventId,
        String type,
        String orderId,
        Instant occurredAt,
        String source,
        Map<String, String> attributes,
        Instant receivedAt,
        String origin) {

    public OrderEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An event not read from Kafka (yet). */
    public OrderEvent(String eventId, String type, String orderId, Instant occurredAt, String source,
            Map<String, String> attributes, Instant receivedAt) {
        this(eventId, type, orderId, occurredAt, source, attributes, receivedAt, null);
    }

    public OrderEvent withReceivedAt(Instant at) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, at, origin);
    }

    /** As read from the record at {@code at}, received (appended) at {@code receivedAt}. */
    public OrderEvent ingested(Instant receivedAt, String at) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, receivedAt, at);
    }
}
