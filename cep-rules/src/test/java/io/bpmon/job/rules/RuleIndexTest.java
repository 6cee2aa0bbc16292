package io.bpmon.job.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.fixtures.Events;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule index decides which rules an event reaches. On thousands of random rule sets (STEP_SLA, STALL and VELOCITY,
 * scoped by one or two attributes or not at all, some disabled) and random order histories, with an event appended
 * after all others (on time, before the order's next deadline, attributes unchanged: when the job asks the index), the
 * CEP replay — the oracle — must show that every rule in scope the index leaves out finds exactly what it found before
 * the event, and that the deadline the job keeps is no later than any rule's next deadline. Scope lookups must return
 * exactly the rules whose scope matches.
 */
class RuleIndexTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final String[] TYPES = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED",
        "ORDER_CANCELLED", "ORDER_RETURNED"};
    private static final String[][] SLAS = {{"PLACED", "PAID"}, {"PLACED", "SHIPPED"}, {"PAID", "SHIPPED"},
        {"SHIPPED", "DELIVERED"}, {"PLACED", "DELIVERED"}, {"DELIVERED", "RETURNED"}};
    private static final String[] STALL_STATUSES = {"", "\"PLACED\"", "\"PAID\"", "\"PAID\",\"SHIPPED\""};
    private static final String[] COUNTRIES = {"DE", "AT", "FR"};
    private static final String[] CARRIERS = {"dhl", "ups"};
    private static final long MINUTE = 60_000;

    private final RuleEvaluator evaluator = new RuleEvaluator(LIFECYCLE);

    @AfterEach
    void close() {
        evaluator.close();
    }

    @Test
    void shouldLeaveOutOnlyRulesWhoseFindingsTheAppendedEventCannotChange() throws Exception {
        SplittableRandom random = new SplittableRandom(20261206L);
        int asked = 0;
        int leftOut = 0;
        for (int n = 0; n < 3_000; n++) {
            List<Rule> rules = randomRules(random, n);
            RuleIndex index = RuleIndex.of(rules, LIFECYCLE);
            Map<String, String> attributes = randomAttributes(random);
            List<OrderEvent> history = randomHistory(random, "o-" + n, attributes);
            OrderState before = new OrderState("o-" + n);
            for (OrderEvent e : history.subList(0, history.size() - 1)) {
                before.apply(e, false, LIFECYCLE);
            }
            OrderEvent last = history.get(history.size() - 1);
            long time = last.occurredAt().toEpochMilli();
            boolean first = history.size() == 1; // a new order: nothing before it
            if (!first && time <= before.lastEventAt().toEpochMilli()) {
                continue; // not appended in order: the job judges every rule
            }
            // whole minutes, like the events' times and windows, or a millisecond off: both sides of every edge
            long watermark = Math.min(time - 1, time - random.nextLong(1, 200) * MINUTE + random.nextLong(-1, 2));
            OrderState after = new OrderState("o-" + n);
            for (OrderEvent e : history) {
                after.apply(e, false, LIFECYCLE);
            }
            // the appended event carries no attributes unless it is the first: the scope is the same before and after
            List<Rule> inScope = index.patterns(after.attributes());
            if (!first && !inScope.isEmpty() && random.nextInt(3) == 0) {
                // right on a deadline: an earlier event's time plus a rule's window, give or take a millisecond
                StepEvent from = before.stepEvents().get(random.nextInt(before.stepEvents().size()));
                long edge = from.occurredAt().toEpochMilli()
                        + inScope.get(random.nextInt(inScope.size())).maxDuration().toMillis() + random.nextLong(-1, 2);
                watermark = edge < time ? edge : watermark;
            }
            // the deadline the job keeps: the earliest of the rules' next deadlines, or earlier; the rules that have
            // alerted on the order: every rule that finds something, sometimes others too
            Long kept = null;
            Set<String> alerted = new HashSet<>();
            for (Rule rule : inScope) {
                RuleEvaluator.Evaluation then = evaluator.replay(rule, "o-" + n, before.stepEvents(), watermark);
                kept = earlier(kept, then.nextDeadline());
                if (!then.findings().isEmpty() || random.nextInt(10) == 0) {
                    alerted.add(rule.id());
                }
            }
            if (kept != null && random.nextInt(4) == 0) {
                kept -= random.nextLong(0, 60) * MINUTE; // early timers are allowed; the index must not care
            }
            if (kept != null && (kept <= watermark || time >= kept)) {
                continue; // the timer fires first, or the event is beyond a deadline: the job judges every rule
            }
            List<StepEvent> steps = after.stepEvents();
            RuleIndex.Appended appended = index.afterAppend(after.attributes(),
                    first ? null : steps.get(steps.size() - 2), steps.get(steps.size() - 1), watermark, alerted);
            asked++;
            assertThat(inScope).as("judged rules are in scope").containsAll(appended.judge());
            Long timer = kept;
            for (Rule rule : appended.judge()) {
                timer = earlier(timer, evaluator.replay(rule, "o-" + n, steps, watermark).nextDeadline());
            }
            timer = earlier(timer, appended.deadline());
            for (Rule rule : inScope) {
                RuleEvaluator.Evaluation now = evaluator.replay(rule, "o-" + n, steps, watermark);
                if (!appended.judge().contains(rule)) {
                    leftOut++;
                    RuleEvaluator.Evaluation then = evaluator.replay(rule, "o-" + n, before.stepEvents(), watermark);
                    assertThat(now.findings()).as("case %d: %s left out, over %s at watermark %s", n, rule, steps,
                            Instant.ofEpochMilli(watermark)).isEqualTo(then.findings());
                }
                if (now.nextDeadline() != null) {
                    assertThat(timer).as("case %d: %s waits until %s over %s; the order's timer", n, rule,
                            Instant.ofEpochMilli(now.nextDeadline()), steps).isNotNull()
                            .isLessThanOrEqualTo(now.nextDeadline());
                }
            }
        }
        assertThat(asked).as("cases the index was asked").isGreaterThan(800);
        assertThat(leftOut).as("rules it left out").isGreaterThan(asked);
    }

    @Test
    void shouldFindExactlyTheEnabledRulesWhoseScopeMatches() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int n = 0; n < 2_000; n++) {
            List<Rule> rules = randomRules(random, n);
            RuleIndex index = RuleIndex.of(rules, LIFECYCLE);
            Map<String, String> attributes = randomAttributes(random);
            Set<Rule> patterns = new HashSet<>();
            Set<Rule> velocity = new HashSet<>();
            for (Rule r : rules) {
                if (r.enabled() && r.appliesTo(attributes)) {
                    (r.kind() == RuleKind.VELOCITY ? velocity : patterns).add(r);
                }
            }
            assertThat(index.patterns(attributes)).as("case %d, %s", n, attributes)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(patterns);
            assertThat(index.velocity("PAYMENT_RECEIVED", attributes)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(velocity);
            assertThat(index.velocity("ORDER_SHIPPED", attributes)).isEmpty();
            assertThat(index.hasPatterns()).isEqualTo(rules.stream()
                    .anyMatch(r -> r.enabled() && r.kind() != RuleKind.VELOCITY));
        }
    }

    private static Long earlier(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.min(a, b);
    }

    private static Map<String, String> randomAttributes(SplittableRandom random) {
        Map<String, String> attributes = new java.util.HashMap<>();
        if (random.nextInt(5) != 0) {
            attributes.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        }
        if (random.nextInt(3) != 0) {
            attributes.put("carrier", CARRIERS[random.nextInt(CARRIERS.length)]);
        }
        return attributes;
    }

    private static List<Rule> randomRules(SplittableRandom random, int n) {
        List<Rule> rules = new ArrayList<>();
        int count = random.nextInt(1, 9);
        for (int i = 0; i < count; i++) {
            long minutes = random.nextInt(1, 180);
            String scope = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> ",\"scope\":{\"country\":[\"" + COUNTRIES[random.nextInt(COUNTRIES.length)] + "\"]}";
                case 2 -> ",\"scope\":{\"country\":[\"DE\",\"AT\"],\"carrier\":[\""
                        + CARRIERS[random.nextInt(CARRIERS.length)] + "\"]}";
                default -> ",\"scope\":{\"carrier\":[\"" + CARRIERS[random.nextInt(CARRIERS.length)] + "\"]}";
            };
            String enabled = random.nextInt(8) == 0 ? ",\"enabled\":false" : "";
            String json = switch (random.nextInt(5)) {
                case 0, 1 -> {
                    String[] sla = SLAS[random.nextInt(SLAS.length)];
                    yield """
                            {"id":"sla-%d-%d","name":"SLA","kind":"STEP_SLA","from":"%s","to":"%s","maxDuration":"PT%dM"%s%s}"""
                            .formatted(n, i, sla[0], sla[1], minutes, scope, enabled);
                }
                case 2, 3 -> {
                    String statuses = STALL_STATUSES[random.nextInt(STALL_STATUSES.length)];
                    yield """
                            {"id":"stall-%d-%d","name":"Stall","kind":"STALL","maxDuration":"PT%dM"%s%s%s}"""
                            .formatted(n, i, minutes, statuses.isEmpty() ? "" : ",\"statuses\":[" + statuses + "]",
                                    scope, enabled);
                }
                default -> """
                        {"id":"velocity-%d-%d","name":"V","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                         "window":"PT10M","min":1,"groupBy":["country"]%s%s}""".formatted(n, i, scope, enabled);
            };
            try {
                var result = new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json));
                assertThat(result.isValid()).as("%s: %s", json, result).isTrue();
                rules.add(result.value().withVersion(1, Events.BEGINNING, "test"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return rules;
    }

    /**
     * Mostly the main path with random gaps (some right on a window's edge), sometimes repeated
     * or cancelled steps and conformance breaks; out of order before the last one.
     */
    private static List<OrderEvent> randomHistory(SplittableRandom random, String orderId,
            Map<String, String> attributes) {
        List<OrderEvent> events = new ArrayList<>();
        int count = random.nextInt(1, 7);
        long minute = 0;
        for (int i = 0; i < count; i++) {
            String type = random.nextInt(4) == 0 ? TYPES[random.nextInt(TYPES.length)] : TYPES[Math.min(i, 3)];
            minute += random.nextInt(0, 4) == 0 ? random.nextInt(0, 3) : random.nextInt(1, 120);
            events.add(Events.event(type, orderId, Events.minutes(minute)));
        }
        if (random.nextInt(5) == 0) { // a cancellation comes last: it may end a wait, or resolve a breach
            events.set(count - 1, Events.event("ORDER_CANCELLED", orderId, events.get(count - 1).occurredAt()));
        }
        if (random.nextInt(5) == 0) {
            java.util.Collections.shuffle(events.subList(0, count - 1), new java.util.Random(random.nextLong()));
        }
        String[] pairs = attributes.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        events.set(0, Events.withAttributes(events.get(0), pairs));
        return events;
    }
}
