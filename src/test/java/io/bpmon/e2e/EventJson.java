package io.bpmon.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.bpmon.core.json.Json;
import io.bpmon.core.simulation.EventJsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end-to-end tests' shorthand for events as producers write them: attributes as JSON text, source {@code e2e}.
 * The JSON itself is written by the one writer, {@link EventJsonWriter}.
 */
final class EventJson {

    private static final TypeReference<LinkedHashMap<String, Object>> ATTRIBUTES = new TypeReference<>() {};

    private EventJson() {}

    /** @param attributes a JSON object, e.g. {@code {"country":"DE","amount":59.9}}; null = none */
    static String event(String eventId, String type, String orderId, Instant occurredAt, String attributes) {
        Map<String, Object> values;
        try {
            values = attributes == null ? Map.of() : Json.mapper().readValue(attributes, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes must be a JSON object: " + attributes, e);
        }
        return new String(EventJsonWriter.write(eventId, type, orderId, occurredAt, "e2e", values),
                StandardCharsets.UTF_8);
    }

    static String[] keyed(String orderId, String json) {
        return new String[] {orderId, json};
    }
}
