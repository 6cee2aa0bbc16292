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
