package io.bpmon.core.simulation;

import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.event.OrderEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One event the simulator made, before it is written: what {@link EventJsonWriter} writes, and what a caller that
 * records its traffic keeps of it ({@link SimulatedRecord#event()}).
 *
 * @param type       the event type, e.g. {@code ORDER_PLACED}
 * @param attributes values as {@link EventJsonWriter#write} takes them, in the order they are written
 */
public record SimulatedEvent(String eventId, String type, String orderId, Instant occurredAt, String source,
        Map<String, Object> attributes) {

    public SimulatedEvent {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The event as a producer sends it (docs/contract.md). */
    public byte[] json() {
        return EventJsonWriter.write(eventId, type, orderId, occurredAt, source, attributes);
    }

    /** The event as the job holds it once parsed, not yet received. */
    public OrderEvent orderEvent() {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            text.put(k, EventJsonWriter.text(v));
            if (v instanceof Number) {
                kinds.put(k, AttributeKinds.NUMBER);
            } else if (v instanceof Boolean) {
                kinds.put(k, AttributeKinds.BOOLEAN);
            }
        });
        return new OrderEvent(eventId, type, orderId, occurredAt, source, text, null, null, kinds);
    }

    /** The same event with one more attribute (or another value for it). */
    public SimulatedEvent withAttribute(String name, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(attributes);
        a.put(name, value);
        return new SimulatedEvent(eventId, type, orderId, occurredAt, source, a);
    }

    /**
     * A random (version 4) UUID drawn from the given generator, its high bits mixed with {@code salt}: seeded
     * generators give the same ids again, a different salt (a run's start) makes them differ.
     */
    static String randomId(RandomGenerator random, long salt) {
        long hi = (random.nextLong() ^ salt) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L;
        long lo = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    SimulatedEvent withEventId(String id) {
        return new SimulatedEvent(id, type, orderId, occurredAt, source, attributes);
    }
}
