package io.bpmon.core.preview;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A condition on a stored order document, in the subset of a search engine's queries that needs no scripts
 * (range, terms, exists, bool). The store layer asks it as a typed query ({@code io.bpmon.core.store.Queries}); here
 * it is evaluated on a document in Java ({@link #matches}), so unit tests can check on fixed histories what
 * Elasticsearch will find.
 */
public sealed interface Condition {

    /** Whether the document (its JSON source) matches. */
    boolean matches(JsonNode document);

    /** A date field within [gte, lt); either bound may be null. */
    record DateRange(String field, Instant gte, Instant lt) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            JsonNode v = at(document, field);
            if (v == null) {
                return false;
            }
            for (JsonNode one : v.isArray() ? v : List.of(v)) {
                Instant t = Instant.parse(one.asText());
                if ((gte == null || !t.isBefore(gte)) && (lt == null || t.isBefore(lt))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A whole-number field within [gte, lt); either bound may be null. */
    record NumberRange(String field, Long gte, Long lt) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            JsonNode v = at(document, field);
            if (v == null || !v.isNumber()) {
                return false;
            }
            long n = v.asLong();
            return (gte == null || n >= gte) && (lt == null || n < lt);
        }
    }

    /** A number field greater than {@code gt} and less than {@code lt} (each null = unbounded; both exclusive). */
    record DecimalRange(String field, Double gt, Double lt) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            JsonNode v = at(document, field);
            if (v == null || !v.isNumber()) {
                return false;
            }
            double n = v.asDouble();
            return (gt == null || n > gt) && (lt == null || n < lt);
        }
    }

    /** A keyword field with one of the values. */
    record Terms(String field, List<String> values) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            JsonNode v = at(document, field);
            return v != null && values.contains(v.asText());
        }
    }

    /** The field has a value. */
    record Exists(String field) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            return at(document, field) != null;
        }
    }

    /** Every one of the conditions (true when empty). */
    record All(List<Condition> conditions) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            return conditions.stream().allMatch(c -> c.matches(document));
        }
    }

    /** At least one of the conditions (false when empty). */
    record Any(List<Condition> conditions) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            return conditions.stream().anyMatch(c -> c.matches(document));
        }
    }

    /** The condition does not hold (a missing field does not hold). */
    record Not(Condition condition) implements Condition {
        @Override
        public boolean matches(JsonNode document) {
            return !condition.matches(document);
        }
    }

    /** The value at a dotted path, or null when absent or JSON null. */
    private static JsonNode at(JsonNode document, String path) {
        JsonNode node = document;
        for (String part : path.split("\\.")) {
            node = node.get(part);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }
}
