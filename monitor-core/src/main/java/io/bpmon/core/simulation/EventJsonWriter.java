package io.bpmon.core.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Order events as producers write them (docs/contract.md): the one writer of event JSON in bpmon. The simulator, the
 * benchmarks and the end-to-end tests write their events here; the monitor only reads them
 * ({@link io.bpmon.core.event.EventParser}).
 */
public final class EventJsonWriter {

    private EventJsonWriter() {}

    /**
     * One event as JSON bytes: {@code eventId}, {@code type}, {@code orderId}, {@code occurredAt} (RFC 3339 in UTC, at
     * the instant's own resolution), {@code source} (left out when null) and {@code attributes}, in that order.
     *
     * @param attributes names to strings, numbers ({@link BigDecimal} keeps its scale: {@code 59.90}) or booleans;
     *                   other values are written as Jackson writes them
     */
    public static byte[] write(String eventId, String type, String orderId, Instant occurredAt, String source,
            Map<String, ?> attributes) {
        return Json.writeBytes(tree(eventId, type, orderId, occurredAt, source, attributes));
    }

    /**
     * {@link #write}'s event as a JSON tree, for whoever changes it before writing it: the simulator breaking an event
     * on purpose ({@link Malformation}), a test taking a field out.
     */
    public static ObjectNode tree(String eventId, String type, String orderId, Instant occurredAt, String source,
            Map<String, ?> attributes) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("orderId", orderId);
        node.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(occurredAt));
        if (source != null) {
            node.put("source", source);
        }
        ObjectNode attrs = node.putObject("attributes");
        attributes.forEach((k, v) -> {
            if (v instanceof String text) {
                attrs.put(k, text);
            } else if (v instanceof BigDecimal d) {
                attrs.put(k, d);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                attrs.put(k, ((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                attrs.put(k, ((Number) v).doubleValue());
            } else if (v instanceof Boolean b) {
                attrs.put(k, b);
            } else {
                attrs.set(k, Json.mapper().valueToTree(v));
            }
        });
        return node;
    }

    /**
     * An attribute value as the monitor keeps it once parsed ({@link io.bpmon.core.event.OrderEvent#attributes()}):
     * strings as they are, numbers and booleans in the spelling the parser gives them ({@code 59.90} is read as
     * {@code 59.9}).
     */
    public static String text(Object value) {
        if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            return Double.toString(((Number) value).doubleValue());
        }
        if (value instanceof BigInteger || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return String.valueOf(value);
    }
}
