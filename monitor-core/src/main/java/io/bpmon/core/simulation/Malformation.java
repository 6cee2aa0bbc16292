package io.bpmon.core.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The ways the simulator breaks an event on purpose ({@link Trouble#MALFORMED}); each makes the event invalid under
 * docs/contract.md.
 */
enum Malformation {
    /** Cut off in the middle: not JSON at all. */
    TRUNCATED,
    /** A JSON array holding the event: JSON, but not an object. */
    NOT_AN_OBJECT,
    /** One required field left out. */
    MISSING_FIELD,
    /** A type that is not in the lifecycle. */
    UNKNOWN_TYPE,
    /** occurredAt without offset, in a local format. */
    BAD_TIMESTAMP,
    /** Larger than the 64 KiB limit. */
    OVERSIZED;

    private static final String[] REQUIRED = {"eventId", "type", "orderId", "occurredAt"};
    private static final String[] UNKNOWN_TYPES = {"ORDER_TELEPORTED", "PAYMENT_REFUNDED", "order_placed"};
    private static final int OVERSIZED_NOTE_CHARS = 70 * 1024;
    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The bytes of {@code event} broken this way; MISSING_FIELD and UNKNOWN_TYPE pick at random what to break. */
    byte[] breakEvent(SimulatedEvent event, RandomGenerator random) {
        ObjectNode node = EventJsonWriter.tree(event.eventId(), event.type(), event.orderId(), event.occurredAt(),
                event.source(), event.attributes());
        switch (this) {
            case TRUNCATED -> {
                byte[] whole = Json.writeBytes(node);
                return Arrays.copyOf(whole, whole.length / 2);
            }
            case NOT_AN_OBJECT -> {
                ArrayNode batch = Json.mapper().createArrayNode();
                batch.add(node);
                return Json.writeBytes(batch);
            }
            case MISSING_FIELD -> node.remove(REQUIRED[random.nextInt(REQUIRED.length)]);
            case UNKNOWN_TYPE -> node.put("type", UNKNOWN_TYPES[random.nextInt(UNKNOWN_TYPES.length)]);
            case BAD_TIMESTAMP -> node.put("occurredAt", LOCAL_TIME.format(event.occurredAt()));
            case OVERSIZED -> ((ObjectNode) node.get("attributes")).put("note", "x".repeat(OVERSIZED_NOTE_CHARS));
        }
        return Json.writeBytes(node);
    }
}
