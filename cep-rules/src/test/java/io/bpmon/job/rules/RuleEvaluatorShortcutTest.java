package io.bpmon.job.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.fixtures.Events;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator answers plain cases (nothing found, at most the last event waiting) without replaying the CEP
 * pattern. On thousands of random order histories — out of order, duplicated steps, cancellations, conformance
 * breaks, gaps right at the window's edge — and random watermarks, wherever it takes the shortcut its answer must be
 * exactly the replay's; and it must take it often, or it saves nothing.
 */
class RuleEvaluatorShortcutTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final String[] TYPES = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED",
        "ORDER_CANCELLED", "ORDER_RETURNED"};
    private static final String[][] SLAS = {{"PLACED", "PAID"}, {"PLACED", "SHIPPED"}, {"PAID", "SHIPPED"},
        {"SHIPPED", "DELIVERED"}, {"PLACED", "DELIVERED"}, {"DELIVERED", "RETURNED"}};
    private static final String[] STALL_STATUSES = {"", "\"PLACED\"", "\"PAID\"", "\"PAID\",\"SHIPPED\""};

    private final RuleEvaluator evaluator = new RuleEvaluator(LIFECYCLE);

    @AfterEach
    void close() {
        evaluator.close();
    }

    @Test
    void shouldAgreeWithTheReplayWheneverItTakesTheShortcut() throws Exception {
        SplittableRandom random = new SplittableRandom(20261128L);
        int shortcuts = 0;
        int cases = 6_000;
        for (int n = 0; n < cases; n++) {
            Rule rule = randomRule(random, n);
            List<OrderEvent> history = randomHistory(random, "o-" + n);
            OrderState state = new OrderState("o-" + n);
            for (OrderEvent e : history) {
                state.apply(e.withReceivedAt(e.occurredAt()), false, LIFECYCLE);
            }
            long minute = 60_000;
            long watermark = Events.BEGINNING.toEpochMilli() + random.nextLong(-10, 400) * minute
                    + (random.nextBoolean() ? 0 : random.nextLong(-2, 3));
            RuleEvaluator.Evaluation shortcut = evaluator.withoutReplay(rule, state.orderId(), state.stepEvents(),
                    watermark);
            if (shortcut == null) {
                continue;
            }
            shortcuts++;
            RuleEvaluator.Evaluation replay = evaluator.replay(rule, state.orderId(), state.stepEvents(), watermark);
            assertThat(shortcut).as("case %d: %s over %s at watermark %s", n, rule, state.stepEvents(),
                    Instant.ofEpochMilli(watermark)).isEqualTo(replay);
        }
        assertThat(shortcuts).as("shortcuts taken").isGreaterThan(cases / 3);
    }

    private static Rule randomRule(SplittableRandom random, int n) {
        long minutes = random.nextInt(1, 180);
        String json;
        if (random.nextBoolean()) {
            String[] sla = SLAS[random.nextInt(SLAS.length)];
            json = """
                    {"id":"sla-%d","name":"SLA","kind":"STEP_SLA","from":"%s","to":"%s","maxDuration":"PT%dM"}"""
                    .formatted(n, sla[0], sla[1], minutes);
        } else {
            String statuses = STALL_STATUSES[random.nextInt(STALL_STATUSES.length)];
            json = """
                    {"id":"stall-%d","name":"Stall","kind":"STALL","maxDuration":"PT%dM"%s}"""
                    .formatted(n, minutes, statuses.isEmpty() ? "" : ",\"statuses\":[" + statuses + "]");
        }
        try {
            var result = new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json));
            assertThat(result.isValid()).as(json).isTrue();
            return result.value().withVersion(1, Events.BEGINNING, "test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mostly the main path in order with random gaps; sometimes shuffled, repeated, cancelled or broken. */
    private static List<OrderEvent> randomHistory(SplittableRandom random, String orderId) {
        List<OrderEvent> events = new ArrayList<>();
        int count = random.nextInt(1, 7);
        long minute = 0;
        for (int i = 0; i < count; i++) {
            String type = random.nextInt(4) == 0 ? TYPES[random.nextInt(TYPES.length)] : TYPES[Math.min(i, 3)];
            // gaps cluster around typical windows, some exactly on a whole minute boundary of one
            minute += random.nextInt(0, 4) == 0 ? random.nextInt(0, 3) : random.nextInt(1, 120);
            events.add(Events.event(type, orderId, Events.minutes(minute)));
        }
        if (random.nextInt(5) == 0) {
            java.util.Collections.shuffle(events, new java.util.Random(random.nextLong()));
        }
        return events;
    }
}
