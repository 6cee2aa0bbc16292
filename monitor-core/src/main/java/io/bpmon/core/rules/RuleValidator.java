package io.bpmon.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.time.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a rule as written by a user (docs/contract.md) against a lifecycle. The one validator behind the API
 * and the rule editor: every invalid field is reported with its name. Read-only fields ({@code version},
 * {@code updatedAt}, {@code updatedBy}) are ignored, so a client may send back what it read.
 */
public final class RuleValidator {

    public static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
    public static final int MAX_NAME_LENGTH = 200;
    public static final Duration MAX_DURATION = Duration.ofDays(90);
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    /**
     * A rule travels to the job as one Kafka record and is kept with every version: bounded well below the broker's
     * 1 MB record limit, so a stored rule always reaches the job.
     */
    public static final int MAX_RULE_BYTES = 64 * 1024;
    /** Attributes a scope may name. */
    public static final int MAX_SCOPE_ATTRIBUTES = 20;
    /** Values one scope attribute may list. */
    public static final int MAX_SCOPE_VALUES = 500;
    public static final Severity DEFAULT_SEVERITY = Severity.WARNING;

    private static final Map<RuleKind, Set<String>> KIND_FIELDS = Map.of(
            RuleKind.STEP_SLA, Set.of("from", "to", "maxDuration"),
            RuleKind.STALL, Set.of("statuses", "maxDuration"),
            RuleKind.VELOCITY, Set.of("eventType", "window", "min", "max", "inhibits", "aggregate"));
    private static final Set<String> KIND_SPECIFIC = Set.of("from", "to", "maxDuration", "statuses", "eventType",
            "window", "min", "max", "inhibits", "aggregate");
    /** Attributes a rule may group its alerts (and a VELOCITY rule its counts) by. */
    public static final int MAX_GROUP_BY = 10;
    /** Rules a VELOCITY rule may inhibit. */
    public static final int MAX_INHIBITS = 50;

    private final Lifecycle lifecycle;

    public RuleValidator(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** A valid rule with version 0, or every reason it is not. */
    public ValidationResult<Rule> validate(JsonNode node) {
        if (node == null || !node.isObject()) {
            return ValidationResult.invalid(List.of(new FieldError("$", "a rule must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        int bytes = io.bpmon.core.json.Json.writeBytes(node).length;
        if (bytes > MAX_RULE_BYTES) {
            errors.add(new FieldError(largestField(node), "the rule is " + bytes + " bytes, more than the limit of "
                    + MAX_RULE_BYTES + "; this field is its largest part"));
        }
        String name = text(node, "name", true, errors);
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        }
        String id = text(node, "id", false, errors);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "must match [a-z0-9-]{1,64}"));
        } else if (id == null && name != null) {
            id = idFrom(name);
            if (id.isEmpty()) {
                errors.add(new FieldError("id", "cannot be derived from the name; give one matching [a-z0-9-]{1,64}"));
            }
        }
        RuleKind kind = enumValue(node, "kind", RuleKind.class, true, errors);
        Severity severity = enumValue(node, "severity", Severity.class, false, errors);
        boolean enabled = true;
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                errors.add(new FieldError("enabled", "must be true or false"));
            }
        }
        Map<String, List<String>> scope = scope(node.get("scope"), errors);
        List<String> groupBy = attributeNames(node.get("groupBy"), errors);

        String from = null;
        String to = null;
        Duration maxDuration = null;
        List<String> statuses = List.of();
        String eventType = null;
        Duration window = null;
        Integer min = null;
        Integer max = null;
        List<String> inhibits = List.of();
        VelocityAggregate aggregate = null;
        if (kind != null) {
            for (String field : KIND_SPECIFIC) {
                if (node.hasNonNull(field) && !KIND_FIELDS.get(kind).contains(field)) {
                    errors.add(new FieldError(field, "does not apply to a " + kind + " rule"));
                }
            }
            switch (kind) {
                case STEP_SLA -> {
                    from = step(node, "from", errors);
                    to = step(node, "to", errors);
                    if (from != null && to != null && !lifecycle.canReach(from, to)) {
                        errors.add(new FieldError("to", to + " cannot be reached after " + from + " in lifecycle '"
                                + lifecycle.name() + "'"));
                    }
                    maxDuration = duration(node, "maxDuration", Duration.ZERO, MAX_DURATION, errors);
                }
                case STALL -> {
                    statuses = statuses(node.get("statuses"), errors);
                    maxDuration = duration(node, "maxDuration", Duration.ZERO, MAX_DURATION, errors);
                }
                case VELOCITY -> {
                    eventType = text(node, "eventType", true, errors);
                    if (eventType != null && !lifecycle.isEventType(eventType)) {
                        errors.add(new FieldError("eventType", "unknown event type '" + eventType + "', expected one of "
                                + lifecycle.eventTypes()));
                    }
                    window = window(node, errors);
                    min = integer(node, "min", errors);
                    max = integer(node, "max", errors);
                    if (!node.hasNonNull("min") && !node.hasNonNull("max")) {
                        errors.add(new FieldError("min", "give min, max or both"));
                    }
                    if (min != null && max != null && min > max) {
                        errors.add(new FieldError("max", "must not be less than min (" + min + ")"));
                    }
                    inhibits = ruleIds(node.get("inhibits"), id, errors);
                    aggregate = aggregate(node.get("aggregate"), errors);
                    if (aggregate != null && aggregate.function() == VelocityAggregate.Function.ratio
                            && max != null && max > 100) {
                        errors.add(new FieldError("max", "a ratio is a share in percent: at most 100"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return ValidationResult.invalid(errors);
        }
        return ValidationResult.valid(new Rule(id, name.strip(), kind, from, to, maxDuration, statuses, eventType,
                window, min, max, groupBy, inhibits, scope, severity == null ? DEFAULT_SEVERITY : severity, enabled, 0, null,
                null, aggregate));
    }

    /**
     * {@code aggregate} of a VELOCITY rule (docs/velocity-rules.md): null when absent or {@code count} without more
     * (the rule counts, as before aggregates existed, and is stored without the field).
     */
    public static VelocityAggregate aggregate(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("aggregate", "must be an object: {\"function\": \"count\" | \"sum\" | \"avg\""
                    + " | \"ratio\", \"attribute\": ...}"));
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("function", "attribute", "above", "below").contains(name)) {
                errors.add(new FieldError("aggregate." + name, "unknown field; expected function, attribute, above, "
                        + "below"));
            }
        }
        int before = errors.size();
        VelocityAggregate.Function function = VelocityAggregate.Function.count;
        JsonNode f = node.get("function");
        if (f != null && !f.isNull()) {
            try {
                function = VelocityAggregate.Function.valueOf(f.isTextual() ? f.asText() : "");
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("aggregate.function", "must be one of "
                        + List.of(VelocityAggregate.Function.values())));
                return null;
            }
        }
        String attribute = null;
        JsonNode a = node.get("attribute");
        if (a != null && !a.isNull()) {
            if (!a.isTextual() || !EventParser.ATTRIBUTE_NAME.matcher(a.asText()).matches()) {
                errors.add(new FieldError("aggregate.attribute", "must be an attribute name matching "
                        + EventParser.ATTRIBUTE_NAME.pattern()));
            } else {
                attribute = a.asText();
            }
        }
        Double above = bound(node, "above", errors);
        Double below = bound(node, "below", errors);
        if (function == VelocityAggregate.Function.count) {
            for (String field : List.of("attribute", "above", "below")) {
                if (node.hasNonNull(field)) {
                    errors.add(new FieldError("aggregate." + field, "does not apply to count"));
                }
            }
        } else {
            if (!node.hasNonNull("attribute")) {
                errors.add(new FieldError("aggregate.attribute", "missing: " + function + " needs a numeric "
                        + "attribute, e.g. amount"));
            }
            if (function == VelocityAggregate.Function.ratio) {
                if (!node.hasNonNull("above") && !node.hasNonNull("below")) {
                    errors.add(new FieldError("aggregate.above", "give above, below or both: the orders whose "
                            + "attribute lies there make the share"));
                } else if (above != null && below != null && above >= below) {
                    errors.add(new FieldError("aggregate.below", "must be greater than above (" + above + ")"));
                }
            } else {
                for (String field : List.of("above", "below")) {
                    if (node.hasNonNull(field)) {
                        errors.add(new FieldError("aggregate." + field, "only a ratio has a condition"));
                    }
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return function == VelocityAggregate.Function.count ? null
                : new VelocityAggregate(function, attribute, above, below);
    }

    private static Double bound(JsonNode node, String field, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            errors.add(new FieldError("aggregate." + field, "must be a finite number"));
            return null;
        }
        return v.doubleValue();
    }

    /** {@code "Payment within 30 min (DE)"} → {@code "payment-within-30-min-de"}. */
    public static String idFrom(String name) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return id.length() <= 64 ? id : id.substring(0, 64).replaceAll("-+$", "");
    }

    private static String text(JsonNode node, String field, boolean required, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "missing"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return v.asText();
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, boolean required,
            List<FieldError> errors) {
        String v = text(node, field, required, errors);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + List.of(type.getEnumConstants())));
            return null;
        }
    }

    private String step(JsonNode node, String field, List<FieldError> errors) {
        String v = text(node, field, true, errors);
        if (v != null && lifecycle.step(v).isEmpty()) {
            errors.add(new FieldError(field, "unknown step '" + v + "', expected one of " + stepNames()));
            return null;
        }
        return v;
    }

    private List<String> stepNames() {
        return lifecycle.steps().stream().map(Step::name).toList();
    }

    /**
     * Whether {@code window} may be a VELOCITY rule's window: from {@link #MIN_WINDOW} to {@link #MAX_WINDOW}. The one
     * check of these bounds, for rules and for the rule editor's suggested thresholds, which count events per window.
     */
    public static Optional<FieldError> checkWindow(String field, Duration window) {
        if (window.compareTo(MIN_WINDOW) >= 0 && window.compareTo(MAX_WINDOW) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(field, "must be at least " + Durations.format(MIN_WINDOW) + " and at most "
                + Durations.format(MAX_WINDOW) + ", was " + Durations.format(window)));
    }

    private static Duration window(JsonNode node, List<FieldError> errors) {
        Duration d = isoDuration(node, "window", errors);
        Optional<FieldError> outOfBounds = d == null ? Optional.empty() : checkWindow("window", d);
        outOfBounds.ifPresent(errors::add);
        return outOfBounds.isPresent() ? null : d;
    }

    private static Duration duration(JsonNode node, String field, Duration exclusiveMin, Duration max,
            List<FieldError> errors) {
        Duration d = isoDuration(node, field, errors);
        if (d != null && (d.compareTo(exclusiveMin) <= 0 || d.compareTo(max) > 0)) {
            errors.add(new FieldError(field, "must be more than " + exclusiveMin + " and at most " + max + ", was "
                    + node.get(field).asText()));
            return null;
        }
        return d;
    }

    private static Duration isoDuration(JsonNode node, String field, List<FieldError> errors) {
        String v = text(node, field, true, errors);
        if (v == null) {
            return null;
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + v + "' is not an ISO-8601 duration such as PT30M or P2DT4H"));
            return null;
        }
    }

    private static Integer integer(JsonNode node, String field, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            errors.add(new FieldError(field, "must be a whole number of at least 0"));
            return null;
        }
        return v.intValue();
    }

    private List<String> statuses(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("statuses", "must be a non-empty list of step names, or absent for all "
                    + "non-terminal steps"));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String field = "statuses[" + i + "]";
            if (!s.isTextual() || lifecycle.step(s.asText()).isEmpty()) {
                errors.add(new FieldError(field, "unknown step " + s + ", expected one of " + stepNames()));
            } else if (lifecycle.isTerminal(s.asText())) {
                errors.add(new FieldError(field, s.asText() + " is terminal; a finished order cannot stall"));
            } else if (!result.contains(s.asText())) {
                result.add(s.asText());
            }
        }
        return result;
    }

    private static List<String> attributeNames(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("groupBy", "must be a list of attribute names"));
            return List.of();
        }
        if (node.size() > MAX_GROUP_BY) {
            errors.add(new FieldError("groupBy", "at most " + MAX_GROUP_BY + " attributes, got " + node.size()));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual() || !EventParser.ATTRIBUTE_NAME.matcher(s.asText()).matches()) {
                errors.add(new FieldError("groupBy[" + i + "]", "must be an attribute name matching "
                        + EventParser.ATTRIBUTE_NAME.pattern()));
            } else if (!result.contains(s.asText())) {
                result.add(s.asText());
            }
        }
        return result;
    }

    /** {@code inhibits}: ids of other rules, each matching {@link #ID}; duplicates are dropped. */
    private static List<String> ruleIds(JsonNode node, String ownId, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("inhibits", "must be a list of rule ids"));
            return List.of();
        }
        if (node.size() > MAX_INHIBITS) {
            errors.add(new FieldError("inhibits", "at most " + MAX_INHIBITS + " rule ids, got " + node.size()));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String field = "inhibits[" + i + "]";
            if (!s.isTextual() || !ID.matcher(s.asText()).matches()) {
                errors.add(new FieldError(field, "must be a rule id matching [a-z0-9-]{1,64}"));
            } else if (s.asText().equals(ownId)) {
                errors.add(new FieldError(field, "a rule cannot inhibit itself"));
            } else if (!result.contains(s.asText())) {
                result.add(s.asText());
            }
        }
        return result;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /** The top-level field of the rule that takes the most bytes, to name in a "too large" error. */
    private static String largestField(JsonNode node) {
        String largest = "$";
        int most = -1;
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            int size = io.bpmon.core.json.Json.writeBytes(field.getValue()).length;
            if (size > most) {
                most = size;
                largest = field.getKey();
            }
        }
        return largest;
    }

    /**
     * A rule's scope, or the reasons it is not one (fields {@code scope} and {@code scope.<attribute>}): the one check
     * for rules and for the scope of the rule editor's suggested thresholds. Empty for an absent scope.
     */
    public static Map<String, List<String>> scope(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("scope", "must be an object of attribute name to list of values"));
            return Map.of();
        }
        if (node.size() > MAX_SCOPE_ATTRIBUTES) {
            errors.add(new FieldError("scope", "at most " + MAX_SCOPE_ATTRIBUTES + " attributes, got " + node.size()));
            return Map.of();
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String field = "scope." + abbreviate(e.getKey());
            JsonNode values = e.getValue();
            if (!EventParser.ATTRIBUTE_NAME.matcher(e.getKey()).matches()) {
                errors.add(new FieldError(field, "attribute names must match " + EventParser.ATTRIBUTE_NAME.pattern()
                        + ", as event attributes do"));
                return;
            }
            if (!values.isArray() || values.isEmpty()) {
                errors.add(new FieldError(field, "must be a non-empty list of values"));
                return;
            }
            if (values.size() > MAX_SCOPE_VALUES) {
                errors.add(new FieldError(field, "at most " + MAX_SCOPE_VALUES + " values, got " + values.size()));
                return;
            }
            List<String> list = new ArrayList<>();
            for (JsonNode v : values) {
                if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                    errors.add(new FieldError(field, "values must be strings, numbers or booleans"));
                    return;
                }
                if (v.asText().length() > EventParser.MAX_ATTRIBUTE_VALUE_LENGTH) {
                    errors.add(new FieldError(field, "values must be at most "
                            + EventParser.MAX_ATTRIBUTE_VALUE_LENGTH + " characters, as attribute values are; one is "
                            + v.asText().length()));
                    return;
                }
                list.add(v.asText());
            }
            result.put(e.getKey(), List.copyOf(list));
        });
        return result;
    }
}
