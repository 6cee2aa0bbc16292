package io.bpmon.job;

import io.bpmon.core.event.OrderEvent;

/**
 * One record as read from the input: a valid event, or a dead letter. Validation happens while reading, so
 * that event time (and the per-partition watermarks) can come from the event's {@code occurredAt}.
 * Exactly one of the two fields is set.
 */
public record Ingested(OrderEvent event, DeadLetter deadLetter) {

    public static Ingested valid(OrderEvent event) {
        return new Ingested(event, null);
    }

    public static Ingested invalid(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    public boolean isValid() {
        return event != null;
    }
}
