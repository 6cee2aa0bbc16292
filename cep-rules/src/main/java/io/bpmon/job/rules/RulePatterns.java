package io.bpmon.job.rules;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * Compiles a rule to a Flink CEP pattern over an order's {@link StepEvent}s; the timed-out partial match is the
 * breach (docs/rule-engine.md). Conditions are one-line adapters over the rule's core predicates.
 */
public final class RulePatterns {

    static final String FROM = "from";
    static final String TO = "to";
    static final String LAST = "last";
    static final String NEXT = "next";

    private RulePatterns() {}

    public static Pattern<StepEvent, ?> compile(Rule rule, Lifecycle lifecycle) {
        return switch (rule.kind()) {
            // from ... (to, a later step, or an abandon) within maxDuration
            case STEP_SLA -> Pattern.<StepEvent>begin(FROM, AfterMatchSkipStrategy.skipPastLastEvent())
                    .where(SimpleCondition.of(rule::startsWait))
                    .followedBy(TO)
                    .where(SimpleCondition.of(e -> rule.endsWait(e, lifecycle)))
                    .within(rule.maxDuration());
            // every event, immediately followed by the next one within maxDuration
            case STALL -> Pattern.<StepEvent>begin(LAST, AfterMatchSkipStrategy.noSkip())
                    .where(SimpleCondition.of(e -> true))
                    .next(NEXT)
                    .where(SimpleCondition.of(e -> true))
                    .within(rule.maxDuration());
            case VELOCITY -> throw new IllegalArgumentException("VELOCITY rules are windowed counts, not patterns");
        };
    }
}
