package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule editor's form (docs/web-ui.md) and its one mapping to and from a {@link Rule}: the fields as a person typed
 * them, durations the way people say them ({@code 30m}, {@code 2d 4h}), scope as {@code name=value1,value2} lines,
 * group-by names and (VELOCITY) inhibited rule ids comma separated. A field the form cannot read (a duration "2 parsecs", a count "many", a scope line
 * without {@code =}) is named with the reader's message and left out of the rule JSON; the validator's findings on
 * the same field are then dropped ({@link #merge}), so each field shows one reason and nothing is stored in its place.
 * Fields of other kinds than the chosen one are ignored.
 *
 * @param statuses  the STALL rule's watched steps, as selected
 * @param groupBy   attribute names, any kind: incidents per value (docs/incidents.md), VELOCITY counts per value
 * @param inhibits  VELOCITY only: ids of the rules whose alerts its episodes inhibit
 * @param aggregate a VELOCITY rule's aggregate as people say it (docs/velocity-rules.md): empty for a count,
 *                  {@code sum of amount}, {@code avg of amount}, {@code ratio of discount above 50}
 */
public record RuleForm(String id, String name, String kind, String severity, boolean enabled, String from, String to,
        String maxDuration, List<String> statuses, String eventType, String window, String min, String max,
        String groupBy, String scope, String inhibits, String aggregate) {

    /** How the form writes an aggregate: function, then "of attribute", then "above n" and/or "below n". */
    private static final java.util.regex.Pattern AGGREGATE = java.util.regex.Pattern.compile(
            "(count|sum|avg|ratio)(?:\\s+of\\s+(\\S+))?(?:\\s+above\\s+(\\S+))?(?:\\s+below\\s+(\\S+))?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The kinds the editor offers. */
    static final List<String> KINDS = List.of("STEP_SLA", "STALL", "VELOCITY");

    public RuleForm {
        id = text(id);
        name = text(name);
        kind = text(kind);
        severity = text(severity);
        from = text(from);
        to = text(to);
        maxDuration = text(maxDuration);
        statuses = statuses == null ? List.of()
                : statuses.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        eventType = text(eventType);
        window = text(window);
        min = text(min);
        max = text(max);
        groupBy = text(groupBy);
        scope = scope == null ? "" : scope.strip();
        inhibits = text(inhibits);
        aggregate = text(aggregate);
    }

    /** A form without inhibited rules or an aggregate. */
    public RuleForm(String id, String name, String kind, String severity, boolean enabled, String from, String to,
            String maxDuration, List<String> statuses, String eventType, String window, String min, String max,
            String groupBy, String scope) {
        this(id, name, kind, severity, enabled, from, to, maxDuration, statuses, eventType, window, min, max, groupBy,
                scope, "");
    }

    /** A form with inhibited rules, without an aggregate. */
    public RuleForm(String id, String name, String kind, String severity, boolean enabled, String from, String to,
            String maxDuration, List<String> statuses, String eventType, String window, String min, String max,
            String groupBy, String scope, String inhibits) {
        this(id, name, kind, severity, enabled, from, to, maxDuration, statuses, eventType, window, min, max, groupBy,
                scope, inhibits, "");
    }

    /** This form with another kind: the fields of the kinds it does not show are kept but ignored. */
    RuleForm withKind(String newKind) {
        return new RuleForm(id, name, newKind, severity, enabled, from, to, maxDuration, statuses, eventType, window,
                min, max, groupBy, scope, inhibits, aggregate);
    }

    /** A new rule's form: the kind asked for ({@code STEP_SLA} if none), {@link RuleValidator#DEFAULT_SEVERITY}. */
    static RuleForm blank(String kind) {
        return new RuleForm("", "", kind == null || kind.isBlank() ? "STEP_SLA" : kind,
                RuleValidator.DEFAULT_SEVERITY.name(), true, "", "", "", List.of(), "", "", "", "", "", "");
    }

    /** A stored rule as the form shows it: durations as people say them, scope lines sorted by attribute. */
    static RuleForm of(Rule r) {
        StringBuilder scope = new StringBuilder();
        r.scope().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> scope.append(e.getKey())
                .append('=').append(String.join(",", e.getValue())).append('\n'));
        return new RuleForm(r.id(), r.name(), r.kind().name(), r.severity() == null ? "" : r.severity().name(),
                r.enabled(), r.from(), r.to(), human(r.maxDuration()), r.statuses(), r.eventType(), human(r.window()),
                r.min() == null ? "" : r.min().toString(), r.max() == null ? "" : r.max().toString(),
                String.join(", ", r.groupBy()), scope.toString(), String.join(", ", r.inhibits()),
                describe(r.aggregate()));
    }

    /** {@code sum of amount}, {@code ratio of discount above 50}; empty for a count. */
    static String describe(io.bpmon.core.rules.VelocityAggregate a) {
        if (a == null) {
            return "";
        }
        return a.function() + (a.attribute() == null ? "" : " of " + a.attribute())
                + (a.above() == null ? "" : " above " + number(a.above()))
                + (a.below() == null ? "" : " below " + number(a.below()));
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The form as posted (a parameter name to its values); an unchecked {@code enabled} box is not sent: false. */
    static RuleForm read(Map<String, List<String>> params) {
        return new RuleForm(first(params, "id"), first(params, "name"), first(params, "kind"),
                first(params, "severity"), "true".equals(first(params, "enabled")), first(params, "from"),
                first(params, "to"), first(params, "maxDuration"), params.getOrDefault("statuses", List.of()),
                first(params, "eventType"), first(params, "window"), first(params, "min"), first(params, "max"),
                first(params, "groupBy"), first(params, "scope"), first(params, "inhibits"),
                first(params, "aggregate"));
    }

    /** This form for the rule with this id (an edit keeps the stored rule's id whatever was posted). */
    RuleForm withId(String ruleId) {
        return new RuleForm(ruleId, name, kind, severity, enabled, from, to, maxDuration, statuses, eventType, window,
                min, max, groupBy, scope, inhibits, aggregate);
    }

    /** The rule JSON the validator reads, and the fields the form could not read into it. */
    record Mapped(ObjectNode json, List<FieldError> errors) {}

    /** The form as rule JSON: human durations become ISO-8601; unreadable fields are left out and named. */
    Mapped toJson() {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode n = Json.mapper().createObjectNode();
        put(n, "id", id);
        put(n, "name", name);
        put(n, "kind", kind);
        put(n, "severity", severity);
        n.put("enabled", enabled);
        if ("STEP_SLA".equals(kind)) {
            put(n, "from", from);
            put(n, "to", to);
        }
        if ("STEP_SLA".equals(kind) || "STALL".equals(kind)) {
            duration(n, "maxDuration", maxDuration, errors);
        }
        if ("STALL".equals(kind) && !statuses.isEmpty()) {
            ArrayNode a = n.putArray("statuses");
            statuses.forEach(a::add);
        }
        if ("VELOCITY".equals(kind)) {
            put(n, "eventType", eventType);
            duration(n, "window", window, errors);
            integer(n, "min", min, errors);
            integer(n, "max", max, errors);
            List<String> inhibited = list(inhibits, ",");
            if (!inhibited.isEmpty()) {
                ArrayNode a = n.putArray("inhibits");
                inhibited.forEach(a::add);
            }
            aggregate(n, errors);
        }
        List<String> names = list(groupBy, ",");
        if (!names.isEmpty()) {
            ArrayNode a = n.putArray("groupBy");
            names.forEach(a::add);
        }
        ObjectNode scopeNode = n.putObject("scope");
        for (String line : scope.split("[\\n;]")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                errors.add(new FieldError("scope", "write one attribute per line as name=value1,value2, e.g."
                        + " country=AT"));
                break;
            }
            ArrayNode values = scopeNode.putArray(line.substring(0, eq).strip());
            list(line.substring(eq + 1), ",").forEach(values::add);
        }
        return new Mapped(n, errors);
    }

    /**
     * The form checked by the one validator, as the API checks a rule.
     *
     * @param rule the rule, if the form has no errors; else null
     */
    record Checked(ObjectNode json, Rule rule, List<FieldError> errors) {}

    Checked check(RuleValidator validator) {
        Mapped mapped = toJson();
        ValidationResult<Rule> result = validator.validate(mapped.json());
        List<FieldError> errors = merge(mapped.errors(), result.errors());
        return new Checked(mapped.json(), errors.isEmpty() ? result.value() : null, errors);
    }

    /**
     * The form checked for a chart: as {@link #check}, but a rule without a name yet is drawn all the same (as
     * "unsaved"), so the chart follows the form from its first field.
     */
    Checked checkForChart(RuleValidator validator) {
        Mapped mapped = toJson();
        if (!mapped.json().hasNonNull("name")) {
            mapped.json().put("name", "unsaved");
        }
        ValidationResult<Rule> result = validator.validate(mapped.json());
        List<FieldError> errors = merge(mapped.errors(), result.errors());
        return new Checked(mapped.json(), errors.isEmpty() ? result.value() : null, errors);
    }

    /**
     * The form's own errors and, for the form fields they do not name, {@code others} (the validator's, the
     * editor's): a field the form could not read is missing from the JSON, so "missing" would be a second, wrong
     * reason for it.
     */
    static List<FieldError> merge(List<FieldError> formErrors, List<FieldError> others) {
        Set<String> named = new HashSet<>();
        formErrors.forEach(e -> named.add(formField(e.field())));
        List<FieldError> merged = new ArrayList<>(formErrors);
        others.stream().filter(e -> !named.contains(formField(e.field()))).forEach(merged::add);
        return merged;
    }

    /**
     * The form field an error is shown beside: {@code scope.country} beside scope, {@code statuses[1]} beside
     * statuses.
     */
    static String formField(String field) {
        for (String prefix : List.of("scope", "groupBy", "statuses", "inhibits", "aggregate")) {
            if (field.startsWith(prefix + ".") || field.startsWith(prefix + "[")) {
                return prefix;
            }
        }
        return field.equals("$") ? "form" : field;
    }

    /** Errors by the form field they are shown beside, several joined by "; ". */
    static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach(e -> out.merge(formField(e.field()), e.message(), (a, b) -> a + "; " + b));
        return out;
    }

    /** The aggregate as rule JSON; one the form cannot read is named and left out. */
    private void aggregate(ObjectNode n, List<FieldError> errors) {
        if (aggregate.isEmpty()) {
            return;
        }
        java.util.regex.Matcher m = AGGREGATE.matcher(aggregate);
        if (!m.matches()) {
            errors.add(new FieldError("aggregate", "write e.g. 'sum of amount', 'avg of amount' or 'ratio of discount"
                    + " above 50'; empty counts events"));
            return;
        }
        ObjectNode a = n.putObject("aggregate");
        a.put("function", m.group(1).toLowerCase(java.util.Locale.ROOT));
        if (m.group(2) != null) {
            a.put("attribute", m.group(2));
        }
        for (int g = 3; g <= 4; g++) {
            if (m.group(g) != null) {
                String field = g == 3 ? "above" : "below";
                try {
                    a.put(field, Double.parseDouble(m.group(g)));
                } catch (NumberFormatException e) {
                    errors.add(new FieldError("aggregate", "'" + field + "' needs a number, e.g. " + field + " 50"));
                }
            }
        }
    }

    private static String human(Duration d) {
        return d == null ? "" : Durations.format(d);
    }

    private static void put(ObjectNode n, String field, String value) {
        if (!value.isEmpty()) {
            n.put(field, value);
        }
    }

    private static void duration(ObjectNode n, String field, String value, List<FieldError> errors) {
        if (value.isEmpty()) {
            return; // the validator reports it missing
        }
        try {
            n.put(field, Durations.parse(value).toString());
        } catch (Durations.InvalidDurationException e) {
            errors.add(new FieldError(field, e.getMessage()));
        }
    }

    private static void integer(ObjectNode n, String field, String value, List<FieldError> errors) {
        if (value.isEmpty()) {
            return;
        }
        try {
            n.put(field, Long.parseLong(value));
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number of at least 0"));
        }
    }

    private static List<String> list(String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(separator)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
