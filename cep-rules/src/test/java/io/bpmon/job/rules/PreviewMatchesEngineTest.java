package io.bpmon.job.rules;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Finding;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.preview.Condition;
import io.bpmon.core.preview.PreviewPlan;
import io.bpmon.core.preview.PreviewPlanTest;
import io.bpmon.core.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rule preview (a condition on stored order documents) finds exactly the orders the engine (the CEP rule
 * evaluator) flags with a deadline in the range, on thousands of random histories: in-time, late, missing and
 * out-of-order steps, cancellations before and after deadlines, repeated events, equal timestamps.
 */
class PreviewMatchesEngineTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final String[] TYPES = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED",
            "ORDER_CANCELLED", "ORDER_RETURNED"};

    private final RuleEvaluator evaluator = new RuleEvaluator(LIFECYCLE);

    @AfterEach
    void close() {
        evaluator.close();
    }

    @Test
    void shouldFlagWhatTheEngineFlagsForStepSlas() throws Exception {
        List<Rule> rules = List.of(
                PreviewPlanTest.rule(PreviewPlanTest.PAYMENT_30M_DE),
                PreviewPlanTest.rule("""
                        {"id":"ship","name":"Ship","kind":"STEP_SLA","from":"PLACED","to":"SHIPPED","maxDuration":"PT2H"}"""),
                PreviewPlanTest.rule("""
                        {"id":"deliver","name":"Deliver","kind":"STEP_SLA","from":"PAID","to":"DELIVERED",
                         "maxDuration":"PT3H"}"""),
                PreviewPlanTest.rule("""
                        {"id":"cancel","name":"Cancel","kind":"STEP_SLA","from":"PAID","to":"CANCELLED",
                         "maxDuration":"PT1H"}"""));
        compare(rules);
    }

    @Test
    void shouldFlagWhatTheEngineFlagsForStalls() throws Exception {
        compare(List.of(
                PreviewPlanTest.rule(PreviewPlanTest.STALL_PAID_60M),
                PreviewPlanTest.rule(PreviewPlanTest.STALL_ANY_60M),
                PreviewPlanTest.rule("""
                        {"id":"st","name":"S","kind":"STALL","maxDuration":"PT45M","statuses":["PLACED","SHIPPED"],
                         "scope":{"country":["AT"]}}""")));
    }

    private void compare(List<Rule> rules) throws Exception {
        Random random = new Random(42);
        Instant since = BEGINNING.plusSeconds(3600);
        Instant until = BEGINNING.plusSeconds(6 * 3600);
        int flaggedSomewhere = 0;
        int divergences = 0;
        for (int i = 0; i < 3000; i++) {
            OrderState order = randomOrder("r-" + i, random);
            for (Rule rule : rules) {
                Rule versioned = rule.withVersion(1, Instant.EPOCH, "test");
                boolean engine = engineFlags(versioned, order, since, until);
                Condition c = PreviewPlan.flagged(versioned, LIFECYCLE, since, until);
                boolean preview = c.matches(OrderDocument.of(order, LIFECYCLE));
                if (preview != engine && knownDivergence(order)) {
                    divergences++;
                    continue;
                }
                assertThat(preview).as("%s on %s: %s", rule.id(), order.orderId(), order.stepEvents())
                        .isEqualTo(engine);
                if (engine) {
                    flaggedSomewhere++;
                }
            }
        }
        assertThat(flaggedSomewhere).isGreaterThan(300); // the histories exercise breaches, not only silence
        System.out.printf("preview vs engine: %d of %d judgements differ (two quiet spells in one status)%n",
                divergences, 3000 * rules.size());
        // the one documented difference (PreviewPlan): rare even in these histories, which repeat steps often
        assertThat(divergences).isLessThan(3000 * rules.size() / 100);
    }

    /**
     * An order with two closed quiet spells in one status: a STALL preview judges only the longest, so it can miss
     * a shorter one that is long enough and has its deadline in the range (PreviewPlan's class comment).
     */
    private static boolean knownDivergence(OrderState order) {
        List<io.bpmon.core.order.StepEvent> events = order.stepEvents();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i + 1 < events.size(); i++) {
            if (!seen.add(events.get(i).statusAfter())) {
                return true;
            }
        }
        return false;
    }

    /** The engine at watermark {@code until}: a finding whose deadline lies in [since, until). */
    private boolean engineFlags(Rule rule, OrderState order, Instant since, Instant until) throws Exception {
        if (!rule.appliesTo(order.attributes())) {
            return false;
        }
        List<Finding> findings = evaluator.evaluate(rule, order.orderId(), order.stepEvents(),
                until.toEpochMilli() - 1).findings();
        return findings.stream().anyMatch(f -> !f.deadline().isBefore(since) && f.deadline().isBefore(until));
    }

    private static OrderState randomOrder(String orderId, Random random) {
        OrderState state = new OrderState(orderId);
        int events = 1 + random.nextInt(5);
        long t = BEGINNING.toEpochMilli() + random.nextInt(6 * 3600) * 1000L;
        String country = random.nextBoolean() ? "DE" : "AT";
        List<String> types = new ArrayList<>();
        int next = 0;
        for (int e = 0; e < events; e++) {
            String type;
            int dice = random.nextInt(10);
            if (dice < 6 && next < 4) {
                type = TYPES[next++]; // the main path, in order
            } else if (dice < 7 && next < 3) {
                next++; // a skipped step (a gap)
                type = TYPES[next++];
            } else if (dice < 8) {
                type = TYPES[4]; // a cancellation, allowed or not
            } else {
                type = TYPES[random.nextInt(TYPES.length)]; // anything, repeats and violations included
            }
            types.add(type);
            // minutes apart, sometimes equal, sometimes before the previous one (out of order)
            long step = random.nextInt(10) == 0 ? 0 : (random.nextInt(120) - 10) * 60_000L;
            t += step;
            state.apply(event(type, orderId, Instant.ofEpochMilli(t), "country", country), false, LIFECYCLE);
        }
        return state;
    }
}
