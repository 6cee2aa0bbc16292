package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.fixtures.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The operator with the rule index against the same operator judging every rule in scope after every event (the
 * behaviour before the index, the CEP replay on every rule): on hundreds of random runs — several orders, events in
 * and out of order, duplicates, late events, cancellations and returns, attributes that change, watermarks that jump,
 * rules created, edited (window and scope), disabled and deleted while orders wait — both must emit exactly the same
 * alert versions, checked after every step.
 */
class RuleIndexEquivalenceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String[] TYPES = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED",
        "ORDER_CANCELLED", "ORDER_RETURNED"};
    private static final String[][] SLAS = {{"PLACED", "PAID"}, {"PLACED", "SHIPPED"}, {"PAID", "SHIPPED"},
        {"SHIPPED", "DELIVERED"}, {"PLACED", "DELIVERED"}, {"DELIVERED", "RETURNED"}};
    private static final String[] STALL_STATUSES = {"", "\"PLACED\"", "\"PAID\"", "\"PAID\",\"SHIPPED\""};
    private static final String[] COUNTRIES = {"DE", "AT"};
    private static final String[] CARRIERS = {"dhl", "ups"};
    private static final long MINUTE = 60_000;

    @Test
    void shouldEmitExactlyTheAlertsOfJudgingEveryRuleOnEveryEvent() throws Exception {
        OrderStateHarness.WALL.set(NOW.toEpochMilli());
        SplittableRandom random = new SplittableRandom(20261205L);
        int alerts = 0;
        for (int run = 0; run < 120; run++) {
            try (OrderStateHarness indexed = OrderStateHarness.open(Duration.ofDays(7), Duration.ofDays(30));
                    OrderStateHarness everyRule = OrderStateHarness.judgingEveryRule(Duration.ofDays(7),
                            Duration.ofDays(30))) {
                alerts += runOnce(random, run, indexed, everyRule);
            }
        }
        assertThat(alerts).as("alert versions compared").isGreaterThan(300);
    }

    private static int runOnce(SplittableRandom random, int run, OrderStateHarness indexed,
            OrderStateHarness everyRule) throws Exception {
        Map<String, Long> ruleVersions = new LinkedHashMap<>(); // negative: deleted in that version
        int orders = random.nextInt(1, 5);
        long[] clock = new long[orders];
        int[] progress = new int[orders];
        List<List<OrderEvent>> sent = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            clock[o] = random.nextLong(0, 60) * MINUTE;
            sent.add(new ArrayList<>());
        }
        long watermark = Long.MIN_VALUE;
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            changeRule(random, run, ruleVersions, steps, indexed, everyRule);
        }
        for (int step = 0; step < 40; step++) {
            int action = random.nextInt(20);
            if (action < 12) {
                int o = random.nextInt(orders);
                OrderEvent e = nextEvent(random, run, o, clock, progress, sent.get(o), watermark);
                steps.add("send " + e.eventId() + " " + e.type() + " at " + e.occurredAt() + " " + e.attributes());
                indexed.send(e);
                everyRule.send(e);
            } else if (action < 17) {
                long base = watermark == Long.MIN_VALUE ? Events.BEGINNING.toEpochMilli() : watermark;
                watermark = base + random.nextLong(0, 90) * MINUTE + (random.nextBoolean() ? 0 : random.nextLong(-1, 2));
                steps.add("watermark " + Instant.ofEpochMilli(watermark));
                indexed.watermark(watermark);
                everyRule.watermark(watermark);
            } else {
                changeRule(random, run, ruleVersions, steps, indexed, everyRule);
            }
            assertThat(byId(indexed.alerts())).as("run %d after %s", run, String.join("\n  ", steps))
                    .isEqualTo(byId(everyRule.alerts()));
        }
        indexed.watermark(Long.MAX_VALUE / 4);
        everyRule.watermark(Long.MAX_VALUE / 4);
        assertThat(byId(indexed.alerts())).as("run %d at the end after %s", run, String.join("\n  ", steps))
                .isEqualTo(byId(everyRule.alerts()));
        return everyRule.alerts().size();
    }

    /** Every alert version, by alert id in the order emitted: the order across alerts may differ within one event. */
    private static Map<String, List<Alert>> byId(List<Alert> alerts) {
        Map<String, List<Alert>> result = new TreeMap<>();
        for (Alert a : alerts) {
            result.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
        }
        return result;
    }

    /** Mostly the next main-path step a little later; sometimes out of order, late, a duplicate or a detour. */
    private static OrderEvent nextEvent(SplittableRandom random, int run, int o, long[] clock, int[] progress,
            List<OrderEvent> sent, long watermark) {
        String orderId = "r" + run + "-o" + o;
        if (!sent.isEmpty() && random.nextInt(10) == 0) {
            return sent.get(random.nextInt(sent.size())); // a duplicate
        }
        int kind = random.nextInt(10);
        String type = kind < 7 ? TYPES[Math.min(progress[o]++, 3)] : TYPES[random.nextInt(TYPES.length)];
        long at;
        if (kind == 8 && !sent.isEmpty()) {
            at = clock[o] - random.nextLong(0, 120) * MINUTE; // out of order
        } else if (kind == 9 && watermark != Long.MIN_VALUE) {
            at = watermark - random.nextLong(0, 60) * MINUTE; // late
        } else {
            clock[o] += random.nextInt(4) == 0 ? random.nextLong(0, 3) : random.nextLong(1, 120) * MINUTE;
            at = clock[o];
        }
        OrderEvent e = Events.event(type, orderId, Events.BEGINNING.plusMillis(at));
        e = Events.withEventId(e, orderId + "-" + sent.size());
        if (sent.isEmpty() || random.nextInt(6) == 0) {
            e = Events.withAttributes(e, "country", COUNTRIES[random.nextInt(COUNTRIES.length)],
                    "carrier", CARRIERS[random.nextInt(CARRIERS.length)]);
        }
        sent.add(e);
        return e;
    }

    private static void changeRule(SplittableRandom random, int run, Map<String, Long> versions, List<String> steps,
            OrderStateHarness indexed, OrderStateHarness everyRule) throws Exception {
        String id = "rule-" + random.nextInt(5);
        // as the web server numbers them: a deletion takes a version too, so (id, version) is never reused
        long version = Math.abs(versions.getOrDefault(id, 0L)) + 1;
        String json;
        if (versions.getOrDefault(id, 0L) > 0 && random.nextInt(5) == 0) {
            json = null; // deleted
            versions.put(id, -version);
        } else {
            versions.put(id, version);
            json = randomRule(random, id, version);
        }
        steps.add("rule " + id + " = " + json);
        indexed.rule(id, json);
        everyRule.rule(id, json);
    }

    private static String randomRule(SplittableRandom random, String id, long version) {
        long minutes = random.nextInt(1, 150);
        String scope = switch (random.nextInt(4)) {
            case 0, 1 -> "";
            case 2 -> ",\"scope\":{\"country\":[\"" + COUNTRIES[random.nextInt(COUNTRIES.length)] + "\"]}";
            default -> ",\"scope\":{\"country\":[\"DE\",\"AT\"],\"carrier\":[\""
                    + CARRIERS[random.nextInt(CARRIERS.length)] + "\"]}";
        };
        String common = ",\"version\":%d%s%s".formatted(version, scope,
                random.nextInt(8) == 0 ? ",\"enabled\":false" : "");
        if (random.nextBoolean()) {
            String[] sla = SLAS[random.nextInt(SLAS.length)];
            return """
                    {"id":"%s","name":"SLA","kind":"STEP_SLA","from":"%s","to":"%s","maxDuration":"PT%dM"%s}"""
                    .formatted(id, sla[0], sla[1], minutes, common);
        }
        String statuses = STALL_STATUSES[random.nextInt(STALL_STATUSES.length)];
        return """
                {"id":"%s","name":"Stall","kind":"STALL","maxDuration":"PT%dM"%s%s}"""
                .formatted(id, minutes, statuses.isEmpty() ? "" : ",\"statuses\":[" + statuses + "]", common);
    }
}
