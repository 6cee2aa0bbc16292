package io.bpmon.core.simulation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One Kafka record the simulator wants sent: key = orderId, value = the event's JSON bytes (docs/contract.md).
 * The value array is shared, not copied; nobody may modify it.
 *
 * @param sendAt  when it is due to be sent (on or after the occurredAt inside it)
 * @param trouble how this record misbehaves, if at all
 * @param event   the event the value holds, for a caller that records what it sent; null for a
 *                {@link Trouble#MALFORMED} record, which holds no valid event
 */
public record SimulatedRecord(String key, byte[] value, Instant sendAt, Trouble trouble, SimulatedEvent event) {

    /** The record of a valid event, sent when it happens. */
    static SimulatedRecord of(SimulatedEvent event, Instant sendAt) {
        return new SimulatedRecord(event.orderId(), event.json(), sendAt, Trouble.NONE, event);
    }

    public SimulatedRecord withSendAt(Instant at, Trouble kind) {
        return new SimulatedRecord(key, value, at, kind, event);
    }

    /** The value as text, for logs and tests. */
    public String valueAsText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = valueAsText();
        return "SimulatedRecord[key=" + key + ", sendAt=" + sendAt + ", trouble=" + trouble + ", value="
                + (text.length() > 300 ? text.substring(0, 300) + "..." : text) + "]";
    }
}
