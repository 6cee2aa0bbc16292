package io.bpmon.core.order;

import java.time.Instant;
import java.util.Map;

/**
 * One distinct event on an order's timeline.
 *
 * @param late        the event arrived after the monitor's clock had passed its occurredAt (beyond the allowed
 *                    lateness); it was applied all the same
 * @param duplicates  how many more times an event with this eventId arrived
 * @param conformance null when the event fits the lifecycle; otherwise a note starting with
 *                    {@value OrderState#VIOLATION} or {@value OrderState#GAP}
 * @param attributeKinds the attributes that were not JSON strings ({@link io.bpmon.core.event.AttributeKinds})
 */
public record TimelineEntry(
        String eventId,
        String type,
        Instant occurredAt,
        Instant receivedAt,
        String source,
        Map<String, String> attributes,
        boolean late,
        int duplicates,
        String conformance,
        Map<String, String> attributeKinds) {

    public TimelineEntry {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        attributeKinds = attributeKinds == null || attributeKinds.isEmpty() ? Map.of() : Map.copyOf(attributeKinds);
    }

    /** An entry whose attributes are all strings (or whose kinds are unknown). */
    public TimelineEntry(String eventId, String type, Instant occurredAt, Instant receivedAt, String source,
            Map<String, String> attributes, boolean late, int duplicates, String conformance) {
        this(eventId, type, occurredAt, receivedAt, source, attributes, late, duplicates, conformance, Map.of());
    }

    TimelineEntry withDuplicates(int n) {
        return new TimelineEntry(eventId, type, occurredAt, receivedAt, source, attributes, late, n, conformance,
                attributeKinds);
    }

    TimelineEntry withConformance(String note) {
        return new TimelineEntry(eventId, type, occurredAt, receivedAt, source, attributes, late, duplicates, note,
                attributeKinds);
    }
}
