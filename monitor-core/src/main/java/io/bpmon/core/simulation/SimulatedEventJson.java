package io.bpmon.core.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's events as docs/contract.md JSON, and the broken variants it sends on purpose ({@link Malformation}):
 * the bytes of a {@link SimulatedRecord}.
 */
final class SimulatedEventJson {

    /** The ways a malformed record is broken; each makes the event invalid under docs/contract.md. */
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
        OVERSIZED
    }

    private static final String[] REQUIRED = {"eventId", "type", "orderId", "occurredAt"};
    private static final String[] UNKNOWN_TYPES = {"ORDER_TELEPORTED", "PAYMENT_REFUNDED", "order_placed"};
    private static final int OVERSIZED_NOTE_CHARS = 70 * 1024;

    private SimulatedEventJson() {}

    /** RFC 3339 in UTC at millisecond resolution, e.g. {@code 2026-11-28T10:15:30.123Z}. */
    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    static byte[] event(String eventId, OrderStep step, String orderId, Instant occurredAt,
            Map<String, Object> attributes) {
        return Json.writeBytes(node(eventId, step.eventType(), orderId, timestamp(occurredAt), step.source(),
                attributes));
    }

    static byte[] malformed(Malformation kind, String eventId, OrderStep step, String orderId, Instant occurredAt,
            Map<String, Object> attributes, Random random) {
        ObjectNode node = node(eventId, step.eventType(), orderId, timestamp(occurredAt), step.source(), attributes);
        switch (kind) {
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
            case BAD_TIMESTAMP -> node.put("occurredAt", DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss")
                    .withZone(java.time.ZoneOffset.UTC).format(occurredAt));
            case OVERSIZED -> ((ObjectNode) node.get("attributes")).put("note", "x".repeat(OVERSIZED_NOTE_CHARS));
        }
        return Json.writeBytes(node);
    }

    private static ObjectNode node(String eventId, String type, String orderId, String occurredAt, String source,
            Map<String, Object> attributes) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("orderId", orderId);
        node.put("occurredAt", occurredAt);
        node.put("source", source);
        ObjectNode attrs = node.putObject("attributes");
        attributes.forEach((k, v) -> {
            if (v instanceof BigDecimal d) {
                attrs.put(k, d);
            } else if (v instanceof Number n) {
                attrs.put(k, n.doubleValue());
            } else if (v instanceof Boolean b) {
                attrs.put(k, b);
            } else {
                attrs.put(k, String.valueOf(v));
            }
        });
        return node;
    }
}
