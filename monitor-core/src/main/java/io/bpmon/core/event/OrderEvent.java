package io.bpmon.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One validated order event (docs/contract.md). The single element type of the job's main stream.
 *
 * <p>Attribute values are kept as text: strings as they are, numbers and booleans in their JSON spelling
 * ({@code 59.9}, {@code true}). Rules match attributes by equality of that text, and a map of strings keeps
 * the stream on Flink's built-in serializers. What each value was in JSON is kept beside it
 * ({@code attributeKinds}, see {@link AttributeKinds}), so a number sent is a number again where the order is served.
 *
 * @param receivedAt when bpmon received the event (the Kafka append time); null before ingestion stamps it
 * @param origin     where the job read it, {@code topic/partition@offset}; null before ingestion stamps it. Should the
 *                   store refuse what the event produced, the original record is read back from there into the
 *                   dead-letter topic.
 * @param attributeKinds the attributes that were not JSON strings: name → {@link AttributeKinds#NUMBER} or
 *                   {@link AttributeKinds#BOOLEAN}; absent names are strings
 */
public record OrderEvent(
        String eventId,
        String type,
        String orderId,
        Instant occurredAt,
        String source,
        Map<String, String> attributes,
        Instant receivedAt,
        String origin,
        Map<String, String> attributeKinds) {

    public OrderEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        attributeKinds = attributeKinds == null ? Map.of() : Map.copyOf(attributeKinds);
    }

    /** An event whose attributes are all strings (or whose kinds are unknown). */
    public OrderEvent(String eventId, String type, String orderId, Instant occurredAt, String source,
            Map<String, String> attributes, Instant receivedAt, String origin) {
        this(eventId, type, orderId, occurredAt, source, attributes, receivedAt, origin, Map.of());
    }

    /** An event not read from Kafka (yet). */
    public OrderEvent(String eventId, String type, String orderId, Instant occurredAt, String source,
            Map<String, String> attributes, Instant receivedAt) {
        this(eventId, type, orderId, occurredAt, source, attributes, receivedAt, null, Map.of());
    }

    /** The same event with these attribute kinds. */
    public OrderEvent withAttributeKinds(Map<String, String> kinds) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, receivedAt, origin, kinds);
    }

    public OrderEvent withReceivedAt(Instant at) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, at, origin, attributeKinds);
    }

    /** As read from the record at {@code at}, received (appended) at {@code receivedAt}. */
    public OrderEvent ingested(Instant receivedAt, String at) {
        return new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, receivedAt, at, attributeKinds);
    }
}
