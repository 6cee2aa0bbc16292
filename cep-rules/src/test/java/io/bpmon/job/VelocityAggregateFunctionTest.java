package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VELOCITY aggregates (docs/velocity-rules.md) in the keyed-broadcast harness with explicit watermarks: sums and
 * averages of the amount per currency, the share of orders matching a condition. Orders come one every 12 s (5 a
 * minute); the windows are one minute long and end at 10 s bucket boundaries.
 */
class VelocityAggregateFunctionTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final AtomicLong WALL = new AtomicLong();
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, VelocityHit, RuleChange, AlertUpdate> harness;
    private Rule current;

    @BeforeEach
    void open() throws Exception {
        WALL.set(NOW.toEpochMilli());
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new VelocityFunction(LIFECYCLE, WALL::get), VelocityHit::key, Types.STRING,
                OrderStateFunction.RULES);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldFlagRevenueBelowItsMinimumPerCurrencyNeverSummingAcrossCurrencies() throws Exception {
        // at least 200 per minute; EUR orders of 50 (250 a minute) until 3:00, then of 20 (100); SEK of 500 throughout
        publish(rule("""
                {"id":"revenue","name":"Revenue","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT1M",
                 "min":200,"aggregate":{"function":"sum","attribute":"amount"}}"""));
        for (int s = 0; s < 300; s += 12) {
            order(s, "amount", s < 180 ? "50" : "20", "currency", "EUR");
            order(s, "amount", "500", "currency", "SEK");
            watermarkAt(s);
        }
        watermarkAt(300);

        List<Alert> alerts = alerts();
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).extracting(Alert::attributes).containsOnly(Map.of("currency", "EUR"));
        Alert first = alerts.get(0);
        assertThat(first.status()).isEqualTo(AlertStatus.OPEN);
        // [2:10, 3:10) held 2:12 .. 2:48 at 50 (200) and 3:00 at 20: 220; [2:20, 3:20) 150 + 40 = 190, below 200
        assertThat(first.startedAt()).isEqualTo(minutes(3).plusSeconds(20));
        assertThat(first.observed()).isEqualTo(190L);
        assertThat(alerts.get(alerts.size() - 1).observed()).as("the worst: a minute of 20s").isEqualTo(100L);
    }

    @Test
    void shouldSumTheAmountsOfOrdersWithoutACurrencyApart() throws Exception {
        publish(rule("""
                {"id":"revenue","name":"Revenue","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT1M",
                 "min":200,"aggregate":{"function":"sum","attribute":"amount"}}"""));
        for (int s = 0; s < 180; s += 12) {
            order(s, "amount", "10"); // 50 a minute, no currency
            order(s, "amount", "100", "currency", "EUR"); // 500 a minute
            watermarkAt(s);
        }

        assertThat(alerts()).isNotEmpty();
        assertThat(alerts()).extracting(Alert::attributes).containsOnly(Map.of());
        assertThat(alerts().get(alerts().size() - 1).observed()).isEqualTo(50L);
    }

    @Test
    void shouldJudgeTheAverageAndLeaveAWindowWithoutOrdersUnjudged() throws Exception {
        // the average basket in EUR between 20 and 80
        publish(rule("""
                {"id":"basket","name":"Average basket","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT1M",
                 "min":20,"max":80,"groupBy":["country"],"aggregate":{"function":"avg","attribute":"amount"}}"""));
        for (int s = 0; s < 120; s += 12) {
            order(s, "amount", "50", "currency", "EUR", "country", "DE");
            watermarkAt(s);
        }
        // a price error: one article at a tenth of its price; the average falls to 5
        for (int s = 120; s < 240; s += 12) {
            order(s, "amount", "5", "currency", "EUR", "country", "DE");
            watermarkAt(s);
        }
        Alert opened = alerts().get(0);
        assertThat(opened.attributes()).isEqualTo(Map.of("country", "DE", "currency", "EUR"));
        assertThat(opened.startedAt()).isEqualTo(minutes(2).plusSeconds(40));
        // [1:40, 2:40) held 1:48 at 50 and 2:00 .. 2:36 at 5: (50 + 4 * 5) / 5 = 14 is the first below 20
        assertThat(opened.observed()).isEqualTo(14L);

        // then no orders at all: no average, neither breach nor recovery; the episode stays open
        int before = alerts().size();
        watermarkAt(600);
        assertThat(alerts()).hasSize(before);
        assertThat(alerts().get(before - 1).status()).isEqualTo(AlertStatus.OPEN);

        // back at 50 for a full window: resolved
        for (int s = 600; s < 780; s += 12) {
            order(s, "amount", "50", "currency", "EUR", "country", "DE");
            watermarkAt(s);
        }
        Alert last = alerts().get(alerts().size() - 1);
        assertThat(last.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last.resolution()).isEqualTo(Resolution.BACK_IN_BOUNDS);
    }

    @Test
    void shouldFlagTheShareOfOrdersWithADiscountAboveFiftyPercent() throws Exception {
        // at most 20 % of the orders with a discount above 50 %; an order without a discount does not match
        publish(rule("""
                {"id":"discounts","name":"Deep discounts","kind":"VELOCITY","eventType":"ORDER_PLACED",
                 "window":"PT1M","max":20,"aggregate":{"function":"ratio","attribute":"discount","above":50}}"""));
        for (int s = 0; s < 120; s += 12) {
            order(s, "discount", s % 60 == 48 ? "60" : "10"); // one in five: 20 %, within bounds
            watermarkAt(s);
        }
        assertThat(alerts()).isEmpty();
        for (int s = 120; s < 240; s += 12) {
            if (s % 24 == 0) {
                order(s, "discount", "90");
            } else {
                order(s);
            }
            watermarkAt(s);
        }
        Alert opened = alerts().get(0);
        assertThat(opened.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(opened.attributes()).isEmpty();
        assertThat(opened.observed()).as("percent, rounded up past the bound").isGreaterThan(20L);
        assertThat(alerts().get(alerts().size() - 1).observed()).as("3 of 5: 2:00, 2:24, 2:48").isEqualTo(60L);
    }

    @Test
    void shouldRetireEpisodesWhenTheAggregateChanges() throws Exception {
        publish(rule("""
                {"id":"basket","name":"Average basket","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT1M",
                 "min":20,"aggregate":{"function":"avg","attribute":"amount"}}"""));
        for (int s = 0; s < 120; s += 12) {
            order(s, "amount", "5", "currency", "EUR");
            watermarkAt(s);
        }
        assertThat(alerts().get(0).status()).isEqualTo(AlertStatus.OPEN);

        publish(rule("""
                {"id":"basket","name":"Revenue","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT1M",
                 "min":20,"aggregate":{"function":"sum","attribute":"amount"}}"""));

        Alert last = alerts().get(alerts().size() - 1);
        assertThat(last.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last.resolution()).isEqualTo(Resolution.RULE_CHANGED);
    }

    /** An order placed at {@code second} with these attributes, as the order operator sends it (or not). */
    private void order(int second, String... attributes) throws Exception {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            a.put(attributes[i], attributes[i + 1]);
        }
        long at = ms(minutes(0).plusSeconds(second));
        VelocityHit hit = VelocityHit.of(current, a, at);
        if (hit != null) {
            harness.processElement(hit, at);
        }
    }

    private void watermarkAt(int second) throws Exception {
        harness.processWatermark(ms(minutes(0).plusSeconds(second)));
    }

    private void publish(Rule rule) throws Exception {
        current = rule;
        harness.processBroadcastElement(new RuleChange(rule.id(), Json.write(rule)), 0);
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues().stream().map(u -> {
            try {
                return Json.mapper().readValue(u.json(), Alert.class);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static Rule rule(String json) {
        try {
            return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value()
                    .withVersion(1, NOW, "test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }
}
