package io.bpmon.core.preview;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which stored orders a {@code STEP_SLA} or {@code STALL} rule would have flagged in a time range, as one
 * {@link Condition} on the order documents (docs/contract.md, judged like the engine: a breach is flagged when
 * its deadline passes, so "flagged in [from, to)" means "deadline in [from, to) and not met").
 *
 * <ul>
 *   <li>STEP_SLA from A to B within d: {@code steps.A} in [from − d, to − d), and not {@code waits.A.B} < d. The
 *   wait ends at B, a later step that satisfies B, or a cancellation; missing means nothing ended it — a breach,
 *   since the deadline is before {@code to}. A cancellation before the deadline is a wait shorter than d.</li>
 *   <li>STALL within d in statuses S: for some s in S, the longest closed quiet spell in s is at least d and began
 *   in [from − d, to − d); or the order is in s now and its last event is in [from − d, to − d). (An order with
 *   two closed spells of at least d in one status is judged by its longest; the engine would flag the earlier one
 *   too. Rare: it needs repeated events within one status.)</li>
 * </ul>
 * Scope: every scope attribute has one of its values ({@link Rule#appliesTo}).
 */
public final class PreviewPlan {

    private PreviewPlan() {}

    /** The condition for orders the rule would have flagged with a deadline in [from, to). */
    public static Condition flagged(Rule rule, Lifecycle lifecycle, Instant from, Instant to) {
        List<Condition> all = new ArrayList<>(scope(rule));
        Duration d = rule.maxDuration();
        Instant startFrom = from.minus(d);
        Instant startTo = to.minus(d);
        switch (rule.kind()) {
            case STEP_SLA -> {
                all.add(new Condition.DateRange("steps." + rule.from(), startFrom, startTo));
                all.add(new Condition.Not(new Condition.NumberRange(waitField(rule.from(), rule.to()), null,
                        d.toMillis())));
            }
            case STALL -> {
                List<Condition> any = new ArrayList<>();
                List<String> watched = watched(rule, lifecycle);
                for (String s : watched) {
                    any.add(new Condition.All(List.of(
                            new Condition.NumberRange("quiet." + s + ".longest", d.toMillis(), null),
                            new Condition.DateRange("quiet." + s + ".since", startFrom, startTo))));
                }
                any.add(new Condition.All(List.of(
                        new Condition.Terms("status", watched),
                        new Condition.DateRange("lastEventAt", startFrom, startTo))));
                all.add(new Condition.Any(any));
            }
            case VELOCITY -> throw new IllegalArgumentException("VELOCITY rules are previewed by counting events");
        }
        return new Condition.All(all);
    }

    /**
     * The orders whose deadline under the rule fell in [from, to) — the orders it judged, of which
     * {@link #flagged} are the breaches: STEP_SLA, those that reached its start step {@code maxDuration} before the
     * range; STALL, those that entered a watched step then, or were flagged.
     */
    public static Condition judged(Rule rule, Lifecycle lifecycle, Instant from, Instant to) {
        Duration d = rule.maxDuration();
        Instant startFrom = from.minus(d);
        Instant startTo = to.minus(d);
        List<Condition> all = new ArrayList<>(scope(rule));
        switch (rule.kind()) {
            case STEP_SLA -> all.add(new Condition.DateRange("steps." + rule.from(), startFrom, startTo));
            case STALL -> {
                List<Condition> any = new ArrayList<>();
                for (String s : watched(rule, lifecycle)) {
                    any.add(new Condition.DateRange("steps." + s, startFrom, startTo));
                }
                any.add(flagged(rule, lifecycle, from, to));
                all.add(new Condition.Any(any));
            }
            case VELOCITY -> throw new IllegalArgumentException("VELOCITY rules judge windows, not orders");
        }
        return new Condition.All(all);
    }

    /** One field of observed durations and the orders whose value in it counts. */
    public record Observed(String field, Condition orders) {}

    /**
     * The durations the editor's chart shows for a rule, over orders in its scope: STEP_SLA, the waits from its start
     * step to its end step of orders that reached the start step in [since, until) and the end step (or a later one),
     * cancelled orders left out ({@link #completedWaits}); STALL, per watched step, the longest quiet spell that began
     * in [since, until).
     */
    public static List<Observed> observed(Rule rule, Lifecycle lifecycle, Instant since, Instant until) {
        return switch (rule.kind()) {
            case STEP_SLA -> List.of(new Observed(waitField(rule.from(), rule.to()),
                    completedWaits(rule.from(), rule.to(), rule.scope(), lifecycle, since, until)));
            case STALL -> watched(rule, lifecycle).stream().map(s -> {
                List<Condition> all = new ArrayList<>(scope(rule));
                all.add(new Condition.DateRange("quiet." + s + ".since", since, until));
                all.add(new Condition.Exists("quiet." + s + ".longest"));
                return new Observed("quiet." + s + ".longest", new Condition.All(all));
            }).toList();
            case VELOCITY -> throw new IllegalArgumentException("VELOCITY rules count events");
        };
    }

    /**
     * Orders in scope that reached {@code from} in [since, until) and then {@code to} (or a later step), not
     * cancelled, with their wait stored: the observed durations suggested thresholds and the editor's chart read.
     */
    public static Condition completedWaits(String from, String to, Map<String, List<String>> scope,
            Lifecycle lifecycle, Instant since, Instant until) {
        List<Condition> all = new ArrayList<>(scope(scope));
        all.add(new Condition.DateRange("steps." + from, since, until));
        List<Condition> completed = new ArrayList<>();
        for (Step s : lifecycle.steps()) {
            if (lifecycle.satisfies(s.name(), to)) {
                completed.add(new Condition.Exists("steps." + s.name()));
            }
        }
        all.add(new Condition.Any(completed));
        for (Step s : lifecycle.steps()) {
            if (s.abandons()) {
                all.add(new Condition.Not(new Condition.Exists("steps." + s.name())));
            }
        }
        all.add(new Condition.Exists(waitField(from, to)));
        return new Condition.All(all);
    }

    /** Orders in the rule's scope. */
    public static List<Condition> scope(Rule rule) {
        return scope(rule.scope());
    }

    public static List<Condition> scope(Map<String, List<String>> scope) {
        List<Condition> result = new ArrayList<>();
        scope.forEach((attribute, values) -> result.add(new Condition.Terms("attributes." + attribute, values)));
        return result;
    }

    /** The statuses a STALL rule watches: its own, or every non-terminal step. */
    public static List<String> watched(Rule rule, Lifecycle lifecycle) {
        if (rule.kind() != RuleKind.STALL) {
            throw new IllegalArgumentException("not a STALL rule");
        }
        return rule.statuses().isEmpty()
                ? lifecycle.steps().stream().filter(s -> !s.terminal()).map(Step::name).toList()
                : rule.statuses();
    }

    /** The document field holding how long the wait from {@code from} for {@code to} took. */
    public static String waitField(String from, String to) {
        return "waits." + from + "." + to;
    }

    /** The document field a STEP_SLA preview sorts its sample by: when the wait began. */
    public static String startField(Rule rule) {
        return rule.kind() == RuleKind.STEP_SLA ? "steps." + rule.from() : "lastEventAt";
    }
}
