package io.bpmon.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates order events against the event contract (docs/contract.md, "Order events") and a
 * {@link Lifecycle}'s event types. Every invalid field is reported, not only the first, so a producer can fix all of
 * them at once.
 *
 * <p>The limits go beyond "well-formed JSON" on purpose: whatever passes here must be storable and addressable
 * downstream. Ids become Elasticsearch document ids and URL path segments, attribute names become field paths (a dot
 * would make {@code country.x} an object path the store refuses), and {@code occurredAt} picks the monthly index an
 * order lives in. An event that passes the parser but is refused later is an event lost; one refused here reaches
 * the dead-letter topic (or the HTTP caller) with a reason.
 */
public final class EventParser implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Events larger than this are invalid (docs/contract.md). */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    public static final int MAX_ID_LENGTH = 128;
    /** At most this many attributes per event. */
    public static final int MAX_ATTRIBUTES = 50;
    /** At most this many characters in a string attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;
    /** Attribute names: a letter, then letters, digits, '_' or '-'; no dots (they would be object paths). */
    public static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    /** No event occurred before this. */
    public static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2000-01-01T00:00:00Z");
    /** How far past its receipt an event may claim to have occurred, unless configured otherwise. */
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);

    private final Lifecycle lifecycle;
    private final Duration maxFuture;
    private final Clock clock;

    /** A parser with the default future bound, for which "received" means now. */
    public EventParser(Lifecycle lifecycle) {
        this(lifecycle, DEFAULT_MAX_FUTURE, Clock.systemUTC());
    }

    /**
     * @param maxFuture how far past its receipt an event's {@code occurredAt} may lie
     * @param clock     the receipt time of {@link #parse(byte[])} and {@link #validate(JsonNode)}
     */
    public EventParser(Lifecycle lifecycle, Duration maxFuture, Clock clock) {
        if (maxFuture.isNegative()) {
            throw new IllegalArgumentException("maxFuture must not be negative, was " + maxFuture);
        }
        this.lifecycle = lifecycle;
        this.maxFuture = maxFuture;
        this.clock = clock;
    }

    /** Parses raw bytes received now. */
    public ValidationResult<OrderEvent> parse(byte[] bytes) {
        return parse(bytes, clock.instant());
    }

    /**
     * Parses raw bytes as they arrive from Kafka.
     *
     * @param receivedAt when bpmon received them: {@code occurredAt} may not lie further ahead than the future bound
     */
    public ValidationResult<OrderEvent> parse(byte[] bytes, Instant receivedAt) {
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
        return validate(node, receivedAt);
    }

    /** Validates an already parsed JSON value received now, e.g. one element of an HTTP batch. */
    public ValidationResult<OrderEvent> validate(JsonNode node) {
        return validate(node, clock.instant());
    }

    /** Validates an already parsed JSON value received at {@code receivedAt}. */
    public ValidationResult<OrderEvent> validate(JsonNode node, Instant receivedAt) {
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
            occurredAt = bounded(occurred, occurredAt, receivedAt, errors);
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
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, String> attributes = attributes(node.get("attributes"), kinds, errors);
        if (!errors.isEmpty()) {
            return ValidationResult.invalid(errors);
        }
        return ValidationResult.valid(new OrderEvent(eventId, type, orderId, occurredAt, source, attributes, null,
                null, kinds));
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

    /** The instant if it lies within [{@link #EARLIEST_OCCURRED_AT}, receipt + future bound], else null. */
    private Instant bounded(String text, Instant occurredAt, Instant receivedAt, List<FieldError> errors) {
        if (occurredAt == null) {
            return null;
        }
        if (occurredAt.isBefore(EARLIEST_OCCURRED_AT)) {
            errors.add(new FieldError("occurredAt", "'" + abbreviate(text) + "' is before " + EARLIEST_OCCURRED_AT));
            return null;
        }
        Instant latest = receivedAt.plus(maxFuture);
        if (occurredAt.isAfter(latest)) {
            errors.add(new FieldError("occurredAt", "'" + abbreviate(text) + "' is more than " + maxFuture
                    + " after the event was received (" + receivedAt + ")"));
            return null;
        }
        return occurredAt;
    }

    private static String requiredId(JsonNode node, String field, List<FieldError> errors) {
        String value = requiredText(node, field, errors);
        if (value == null) {
            return null;
        }
        String problem = idProblem(value);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
            return null;
        }
        return value;
    }

    /**
     * Why an id cannot serve as document id and URL path segment, or null when it can. Ids are counted in code points,
     * so an id of 128 emoji is as valid as one of 128 letters.
     */
    static String idProblem(String id) {
        int length = id.codePointCount(0, id.length());
        if (length == 0 || length > MAX_ID_LENGTH) {
            return "must be 1 to " + MAX_ID_LENGTH + " characters, was " + length;
        }
        if (id.isBlank()) {
            return "must not be blank";
        }
        if (id.equals(".") || id.equals("..")) {
            return "must not be '" + id + "' (a relative path segment)";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\') {
                return "must not contain '" + c + "' (at position " + i + ")";
            }
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                return String.format("must not contain control characters (U+%04X at position %d)", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("must not contain an unpaired surrogate (U+%04X at position %d)", (int) c, i);
            }
        }
        return null;
    }

    /**
     * The attributes as text, their JSON kinds into {@code kinds} (docs/contract.md, typed attributes). Numbers must be
     * finite (a literal such as {@code 1e400} reads as infinity), and money is checked: {@code amount} a number (a
     * string holding a decimal number is taken as that number, for producers that quote it), {@code currency} a
     * string.
     */
    private static Map<String, String> attributes(JsonNode node, Map<String, String> kinds, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("attributes", "must be an object"));
            return Map.of();
        }
        if (node.size() > MAX_ATTRIBUTES) {
            errors.add(new FieldError("attributes", "at most " + MAX_ATTRIBUTES + " attributes, got " + node.size()));
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            String field = "attributes." + abbreviate(name);
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                errors.add(new FieldError(name.isEmpty() ? "attributes" : field, "attribute name '"
                        + abbreviate(name) + "' must match " + ATTRIBUTE_NAME.pattern()
                        + " (a letter, then letters, digits, '_' or '-'; no dots; at most 64 characters)"));
                return;
            }
            JsonNode v = entry.getValue();
            String money = moneyProblem(name, v);
            if (money != null) {
                errors.add(new FieldError(field, money));
                return;
            }
            if (v.isNumber() && !Double.isFinite(v.doubleValue())) {
                errors.add(new FieldError(field, "must be a finite number, was " + abbreviate(v.asText())));
                return;
            }
            if (name.equals(AttributeKinds.AMOUNT) && v.isTextual()) {
                // in JSON's spelling, so the stored number reads back as the same text
                result.put(name, new java.math.BigDecimal(v.asText().trim()).toString());
                kinds.put(name, AttributeKinds.NUMBER);
            } else if (v.isTextual()) {
                if (v.asText().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                    errors.add(new FieldError(field, "at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters, was "
                            + v.asText().length()));
                } else {
                    result.put(name, v.asText());
                }
            } else if (v.isNumber() || v.isBoolean()) {
                result.put(name, v.asText());
                kinds.put(name, AttributeKinds.of(v));
            } else {
                errors.add(new FieldError(field, "must be a string, number or boolean"));
            }
        });
        return result;
    }

    /** Why a money attribute's value is not one, or null. */
    private static String moneyProblem(String name, JsonNode v) {
        if (name.equals(AttributeKinds.AMOUNT)) {
            if (v.isNumber()) {
                return null;
            }
            if (v.isTextual() && AttributeKinds.number(v.asText().trim()) != null
                    && v.asText().length() <= 64) {
                return null;
            }
            return "must be a number (the order's amount in its currency), was "
                    + (v.isTextual() ? "'" + abbreviate(v.asText()) + "'" : v.getNodeType().name().toLowerCase());
        }
        if (name.equals(AttributeKinds.CURRENCY) && (v.isNumber() || v.isBoolean())) {
            return "must be a string (a currency code such as EUR), was the " + AttributeKinds.of(v) + " "
                    + abbreviate(v.asText());
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
