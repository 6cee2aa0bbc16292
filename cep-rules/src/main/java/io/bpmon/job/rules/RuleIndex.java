package io.bpmon.job.rules;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The enabled rules of one rule set, indexed so that an event reaches only the rules it can affect
 * (docs/rule-engine.md, the index):
 * <ul>
 *   <li>by scope: a scoped rule is filed under one of its scope attributes, once per listed value; an order looks up
 *       its own value of each such attribute, so it meets only the rules of its segments (and the unscoped ones);</li>
 *   <li>by step: a STEP_SLA rule under the steps whose first reach can start or end its wait ({@code from}, the steps
 *       that satisfy {@code to}, the abandoning ones);</li>
 *   <li>by status: a STALL rule under every status it watches;</li>
 *   <li>by event type: a VELOCITY rule under the type it counts.</li>
 * </ul>
 * Immutable; built again when a rule changes.
 */
public final class RuleIndex {

    /**
     * What an event appended at the end of an order's history (in order, not late, before the order's next deadline)
     * asks of its rules.
     *
     * @param judge    the rules whose findings it may change: judge them (CEP replay or its exact shortcut)
     * @param deadline the earliest deadline it starts for the other rules (STALL waits), null for none
     */
    public record Appended(List<Rule> judge, Long deadline) {}

    private static final Appended NOTHING = new Appended(List.of(), null);

    private final Bucket unscoped = new Bucket();
    /** scope attribute -> value -> the rules filed under it. */
    private final Map<String, Map<String, Bucket>> scoped = new HashMap<>();
    private final String[] scopeKeys;
    private final int patterns;
    private final Lifecycle lifecycle;

    private RuleIndex(Collection<Rule> rules, Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        int count = 0;
        for (Rule rule : rules) {
            if (rule == null || !rule.enabled()) {
                continue;
            }
            if (rule.kind() != RuleKind.VELOCITY) {
                count++;
            }
            if (rule.scope().isEmpty()) {
                unscoped.add(rule, lifecycle);
                continue;
            }
            // one attribute is enough to find the rule; appliesTo checks the others
            String key = new TreeSet<>(rule.scope().keySet()).first();
            Map<String, Bucket> byValue = scoped.computeIfAbsent(key, k -> new HashMap<>());
            for (String value : rule.scope().get(key)) {
                byValue.computeIfAbsent(value, v -> new Bucket()).add(rule, lifecycle);
            }
        }
        this.patterns = count;
        this.scopeKeys = scoped.keySet().toArray(new String[0]);
    }

    public static RuleIndex of(Collection<Rule> rules, Lifecycle lifecycle) {
        return new RuleIndex(rules, lifecycle);
    }

    /** Whether there is any enabled STEP_SLA or STALL rule at all. */
    public boolean hasPatterns() {
        return patterns > 0;
    }

    /** Every enabled STEP_SLA and STALL rule whose scope these attributes match. */
    public List<Rule> patterns(Map<String, String> attributes) {
        List<Rule> result = new ArrayList<>();
        forEachBucket(attributes, b -> addInScope(b.patterns, attributes, result));
        return result;
    }

    /** Every enabled VELOCITY rule counting this event type whose scope these attributes match. */
    public List<Rule> velocity(String eventType, Map<String, String> attributes) {
        List<Rule> result = new ArrayList<>(0);
        forEachBucket(attributes, b -> addInScope(b.velocityByType.get(eventType), attributes, result));
        return result;
    }

    /**
     * The rules an event can affect when it was appended at the end of its order's step events. Valid only when the
     * event is later than the watermark and either the order's first (a new order: no rule found or awaited anything
     * before it) or later than every earlier event of the order, earlier than every deadline still ahead of the
     * order's rules, and changed none of the order's attributes; otherwise judge them all.
     *
     * @param attributes the order's attributes (unchanged by the event, unless it is the first)
     * @param previous   the step event before it, null when it is the order's first
     * @param appended   its step event, the order's last
     * @param watermark  the current watermark
     * @param alerted    ids of the rules that raised an alert on the order (any status); more do no harm
     */
    public Appended afterAppend(Map<String, String> attributes, StepEvent previous, StepEvent appended,
            long watermark, Set<String> alerted) {
        if (patterns == 0) {
            return NOTHING;
        }
        List<Rule> judge = new ArrayList<>();
        long[] deadline = {Long.MAX_VALUE};
        long time = appended.occurredAt().toEpochMilli();
        long previousTime = previous == null ? 0 : previous.occurredAt().toEpochMilli();
        forEachBucket(attributes, b -> {
            List<Rule> sla = appended.firstReach() ? b.slaByStep.get(appended.step()) : null;
            if (sla != null) {
                // STEP_SLA: only a first reach starts or ends a wait; any other event cannot change its findings.
                // A rule that found nothing on the order so far (no alert) has no breach the event could resolve:
                // it starts the wait (deadline: now + window, later than the watermark) or ends one in time.
                for (Rule rule : sla) {
                    if (!rule.appliesTo(attributes)) {
                        continue;
                    }
                    boolean starts = rule.startsWait(appended);
                    boolean ends = rule.endsWait(appended, lifecycle);
                    if (alerted.contains(rule.id()) || starts == ends) {
                        judge.add(rule);
                    } else if (starts) {
                        long due = time + rule.maxDuration().toMillis();
                        if (due < deadline[0]) {
                            deadline[0] = due;
                        }
                    }
                }
            }
            // STALL: a wait on the previous status that the watermark already timed out is now over (the event
            // resolves it); one that had not timed out ends in time (the event is earlier than its deadline)
            List<Rule> before = previous == null ? null : b.stallByStatus.get(previous.statusAfter());
            if (before != null) {
                for (Rule rule : before) {
                    if (previousTime + rule.maxDuration().toMillis() <= watermark && rule.appliesTo(attributes)) {
                        judge.add(rule);
                    }
                }
            }
            // and a new wait starts on the status the event leaves the order in
            List<Rule> after = b.stallByStatus.get(appended.statusAfter());
            if (after != null) {
                for (Rule rule : after) {
                    long due = time + rule.maxDuration().toMillis();
                    if (due < deadline[0] && rule.appliesTo(attributes)) {
                        deadline[0] = due;
                    }
                }
            }
        });
        if (judge.isEmpty() && deadline[0] == Long.MAX_VALUE) {
            return NOTHING;
        }
        return new Appended(judge, deadline[0] == Long.MAX_VALUE ? null : deadline[0]);
    }

    private void forEachBucket(Map<String, String> attributes, Consumer<Bucket> action) {
        action.accept(unscoped);
        for (String key : scopeKeys) {
            String value = attributes.get(key);
            if (value != null) {
                Bucket b = scoped.get(key).get(value);
                if (b != null) {
                    action.accept(b);
                }
            }
        }
    }

    private static void addInScope(List<Rule> rules, Map<String, String> attributes, List<Rule> into) {
        if (rules == null) {
            return;
        }
        for (Rule rule : rules) {
            if (rule.appliesTo(attributes)) {
                into.add(rule);
            }
        }
    }

    /** The rules filed under one scope value (or the unscoped ones). */
    private static final class Bucket {
        final List<Rule> patterns = new ArrayList<>();
        final Map<String, List<Rule>> slaByStep = new HashMap<>();
        final Map<String, List<Rule>> stallByStatus = new HashMap<>();
        final Map<String, List<Rule>> velocityByType = new HashMap<>();

        void add(Rule rule, Lifecycle lifecycle) {
            switch (rule.kind()) {
                case VELOCITY -> velocityByType.computeIfAbsent(rule.eventType(), t -> new ArrayList<>()).add(rule);
                case STEP_SLA -> {
                    patterns.add(rule);
                    for (Step step : lifecycle.steps()) {
                        String s = step.name();
                        if (s.equals(rule.from()) || lifecycle.satisfies(s, rule.to()) || lifecycle.abandons(s)) {
                            slaByStep.computeIfAbsent(s, k -> new ArrayList<>()).add(rule);
                        }
                    }
                }
                case STALL -> {
                    patterns.add(rule);
                    for (Step step : lifecycle.steps()) {
                        if (rule.watches(step.name(), lifecycle)) {
                            stallByStatus.computeIfAbsent(step.name(), k -> new ArrayList<>()).add(rule);
                        }
                    }
                }
            }
        }
    }
}
