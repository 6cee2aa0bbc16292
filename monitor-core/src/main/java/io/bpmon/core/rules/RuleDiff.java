package io.bpmon.core.rules;

import io.bpmon.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two versions of a rule, field by field, in words a process owner reads
 * ({@code "maxDuration: 30m → 45m"}, {@code "scope.country: + AT"}). Read-only fields (version, time, author) are
 * not compared: the history shows them beside the diff.
 */
public final class RuleDiff {

    /**
     * One changed field.
     *
     * @param field   the rule field, or {@code scope.<attribute>} for a scope condition
     * @param before  the old value as shown to people; null when the field was absent
     * @param after   the new value as shown to people; null when the field is gone
     * @param added   list fields and scope: the values added
     * @param removed list fields and scope: the values removed
     * @param text    the whole change in one line
     */
    public record Change(String field, String before, String after, List<String> added, List<String> removed,
            String text) {}

    private RuleDiff() {}

    /** The changes from {@code older} to {@code newer}, in the order of the rule's fields; empty if none. */
    public static List<Change> between(Rule older, Rule newer) {
        List<Change> changes = new ArrayList<>();
        value(changes, "name", older.name(), newer.name());
        value(changes, "kind", older.kind(), newer.kind());
        value(changes, "from", older.from(), newer.from());
        value(changes, "to", older.to(), newer.to());
        value(changes, "maxDuration", human(older.maxDuration()), human(newer.maxDuration()));
        list(changes, "statuses", older.statuses(), newer.statuses());
        value(changes, "eventType", older.eventType(), newer.eventType());
        value(changes, "window", human(older.window()), human(newer.window()));
        value(changes, "min", older.min(), newer.min());
        value(changes, "max", older.max(), newer.max());
        value(changes, "aggregate", describe(older.aggregate()), describe(newer.aggregate()));
        list(changes, "groupBy", older.groupBy(), newer.groupBy());
        list(changes, "inhibits", older.inhibits(), newer.inhibits());
        scope(changes, older.scope(), newer.scope());
        value(changes, "severity", older.severity(), newer.severity());
        value(changes, "enabled", older.enabled(), newer.enabled());
        return changes;
    }

    /** {@code sum of amount}, {@code ratio of discount above 50}; null for a count. */
    private static String describe(VelocityAggregate a) {
        if (a == null) {
            return null;
        }
        return a.function() + " of " + a.attribute() + (a.above() == null ? "" : " above " + a.above())
                + (a.below() == null ? "" : " below " + a.below());
    }

    private static String human(Duration d) {
        return d == null ? null : Durations.format(d);
    }

    private static void value(List<Change> changes, String field, Object before, Object after) {
        if (Objects.equals(before, after)) {
            return;
        }
        String b = before == null ? null : before.toString();
        String a = after == null ? null : after.toString();
        String text = b == null ? field + ": set to " + a
                : a == null ? field + ": removed (was " + b + ")"
                : field + ": " + b + " → " + a;
        changes.add(new Change(field, b, a, List.of(), List.of(), text));
    }

    private static void list(List<Change> changes, String field, List<String> before, List<String> after) {
        if (before.equals(after)) {
            return;
        }
        List<String> added = after.stream().filter(v -> !before.contains(v)).toList();
        List<String> removed = before.stream().filter(v -> !after.contains(v)).toList();
        String text;
        if (added.isEmpty() && removed.isEmpty()) {
            text = field + ": reordered " + String.join(", ", before) + " → " + String.join(", ", after);
        } else {
            text = field + ": " + plusMinus(added, removed, "all");
        }
        changes.add(new Change(field, show(before), show(after), added, removed, text));
    }

    private static void scope(List<Change> changes, Map<String, List<String>> before, Map<String, List<String>> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            List<String> b = before.getOrDefault(key, List.of());
            List<String> a = after.getOrDefault(key, List.of());
            if (new TreeSet<>(b).equals(new TreeSet<>(a))) {
                continue;
            }
            String field = "scope." + key;
            List<String> added = a.stream().filter(v -> !b.contains(v)).toList();
            List<String> removed = b.stream().filter(v -> !a.contains(v)).toList();
            String text;
            if (b.isEmpty()) {
                text = field + ": + " + String.join(", ", a) + " (new condition)";
            } else if (a.isEmpty()) {
                text = field + ": condition removed (was " + String.join(", ", b) + "; now any value)";
            } else {
                text = field + ": " + plusMinus(added, removed, "any");
            }
            changes.add(new Change(field, b.isEmpty() ? null : show(b), a.isEmpty() ? null : show(a), added, removed,
                    text));
        }
    }

    private static String plusMinus(List<String> added, List<String> removed, String emptyWord) {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("+ " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("− " + String.join(", ", removed));
        }
        return parts.isEmpty() ? emptyWord : String.join("; ", parts);
    }

    private static String show(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
