package io.bpmon.alerting.silences;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads a new silence from an API request:
 * {@code {"matchers": {"ruleId": "...", "attributes": {"country": "DE"}}, "startsAt": "...", "endsAt": "...",
 * "comment": "...", "createdBy": "..."}}. Every problem is reported with the field it concerns.
 */
public final class SilenceRequests {

    /** Silences are for known, bounded trouble; anything longer is better done with a route. */
    public static final Duration MAX_LENGTH = Duration.ofDays(90);
    static final int MAX_TEXT = 1000;

    private SilenceRequests() {}

    /** A silence, or why not. */
    public record Result(Silence silence, List<FieldError> errors) {}

    public static Result parse(JsonNode body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(null, List.of(new FieldError("", "must be a JSON object")));
        }
        String ruleId = null;
        Map<String, String> attributes = new TreeMap<>();
        JsonNode matchers = body.get("matchers");
        if (matchers == null || !matchers.isObject()) {
            errors.add(new FieldError("matchers", "must be an object with ruleId and/or attributes"));
        } else {
            JsonNode rule = matchers.get("ruleId");
            if (rule != null && !rule.isNull()) {
                if (!rule.isTextual() || rule.asText().isBlank()) {
                    errors.add(new FieldError("matchers.ruleId", "must be a rule id"));
                } else {
                    ruleId = rule.asText();
                }
            }
            JsonNode attrs = matchers.get("attributes");
            if (attrs != null && !attrs.isNull()) {
                if (!attrs.isObject()) {
                    errors.add(new FieldError("matchers.attributes", "must be an object of attribute values"));
                } else {
                    attrs.fields().forEachRemaining(e -> {
                        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                            attributes.put(e.getKey(), e.getValue().asText());
                        } else {
                            errors.add(new FieldError("matchers.attributes." + e.getKey(), "must be a value"));
                        }
                    });
                }
            }
            if (ruleId == null && attributes.isEmpty() && errors.isEmpty()) {
                errors.add(new FieldError("matchers", "must name a rule or at least one attribute; a silence of"
                        + " everything would hide every alert"));
            }
        }
        Instant startsAt = body.hasNonNull("startsAt") ? time(body.get("startsAt"), "startsAt", errors) : now;
        Instant endsAt = null;
        if (!body.hasNonNull("endsAt")) {
            errors.add(new FieldError("endsAt", "is required: when the silence ends (RFC 3339)"));
        } else {
            endsAt = time(body.get("endsAt"), "endsAt", errors);
            if (endsAt != null) {
                if (!endsAt.isAfter(now) || startsAt != null && !endsAt.isAfter(startsAt)) {
                    errors.add(new FieldError("endsAt", "must be in the future and after startsAt"));
                } else if (startsAt != null && Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
                    errors.add(new FieldError("endsAt", "must be at most 90 days after startsAt"));
                }
            }
        }
        String comment = text(body, "comment", errors);
        String createdBy = text(body, "createdBy", errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new Silence(UUID.randomUUID().toString(), ruleId, attributes, startsAt, endsAt, comment,
                createdBy, now), List.of());
    }

    private static Instant time(JsonNode node, String field, List<FieldError> errors) {
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 time with offset, e.g. 2026-11-28T18:00:00Z"));
            return null;
        }
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (v.asText().length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
            return null;
        }
        return v.asText();
    }
}
