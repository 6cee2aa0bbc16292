package io.bpmon.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates order events against CONTRACT section 1 and a {@link Lifecycle}'s event types.
 * Every invalid field is reported, not only the first, so a producer can fix all of them at once.
 */
public final class EventParser implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Events larger than this are invalid (CONTRACT section 1). */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    public static final int MAX_ID_LENGTH = 128;

    private final Lifecycle lifecycle;

    public EventParser(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Parses raw bytes as they arrive from Kafka. */
    public ValidationResult<OrderEvent> parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return ValidationResult.invalid(List.of(new FieldError("$", "empty message")));
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            return ValidationResult.invalid(List.of(new FieldError("$",
                    "event is " + bytes.length + " bytes, larger than the limit of " + MAX_EVENT_BYTES)));
        }
        JsonNode node;
        try {
            node = Json.readTree(bytes);
        } catch (JsonProcessingException e) {
            return ValidationResult.invalid(List.of(new FieldError("$", "not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            return ValidationResult.invalid(List.of(new FieldError("$", "unreadable: " + e.getMessage())));
        }
        return validate(node);
    }

    /** Validates an already parsed JSON value, e.g. one element of an HTTP batch. */
    public ValidationResult<OrderEvent> validate(JsonNode node) {
        if (node == null || !node.isObject()) {
            return ValidationResult.invalid(List.of(new FieldError("$", "event must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String eventId = requiredId(node, "eventId", errors);
        String orderId = requiredId(node, "orderId", errors);
        String type = requiredText(node, "type", errors);
        if (type != null && !lifecycle.isEventType(type)) {
            errors.add(new FieldError("type", "unknown event type '" + abbreviate(type) + "', expected one of "
                    + lifecycle.eventTypes()));
            type = null;
        }
        Instant occurredAt = null;
        String occurred = requiredText(node, "occurredAt", errors);
        if (occurred != null) {
            try {
                occurredAt = OffsetDateTime.parse(occurred, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("occurredAt", "'" + abbreviate(occurred)
                        + "' is not an RFC 3339 timestamp with offset, e.g. 2026-11-28T10:15:30.123Z"));
            }
        }
        String source = null;
        JsonNode sourceNode = node.get("source");
        if (sourceNode != null && !sourceNode.isNull()) {
            if (sourceNode.isTextual()) {
                source = sourceNode.asText();
            } else {
                errors.add(new FieldError("source", "must be a string"));
            }
        }
        Map<String, String> attributes = attributes(node.get("attributes"), errors);
        if (!errors.isEmpty()) {
            return ValidationResult.invalid(errors);
        }
        return ValidationResult.valid(new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, null));
    }

    private static String requiredText(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "missing"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.asText();
    }

    private static String requiredId(JsonNode node, String field, List<FieldError> errors) {
        String value = requiredText(node, field, errors);
        if (value != null && (value.isEmpty() || value.length() > MAX_ID_LENGTH)) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_ID_LENGTH + " characters, was " + value.length()));
            return null;
        }
        return value;
    }

    private static Map<String, String> attributes(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("attributes", "must be an object"));
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode v = entry.getValue();
            if (v.isTextual()) {
                result.put(entry.getKey(), v.asText());
            } else if (v.isNumber() || v.isBoolean()) {
                result.put(entry.getKey(), v.asText());
            } else {
                errors.add(new FieldError("attributes." + abbreviate(entry.getKey()),
                        "must be a string, number or boolean"));
            }
        });
        return result;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
