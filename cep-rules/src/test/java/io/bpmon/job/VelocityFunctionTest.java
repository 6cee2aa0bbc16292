package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.time.Duration;
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
 * The velocity evaluator in Flink's keyed-broadcast harness with explicit watermarks: every VELOCITY behaviour of
 * docs/contract.md for payments per payment method, rule changes, and state back to zero.
 *
 * <p>"Steady" traffic is one payment every 12 s (5 a minute, at :00, :12, :24, :36 and :48); the rule wants 3 to 10
 * payments a minute. Windows end at 10 s bucket boundaries.
 */
class VelocityFunctionTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final AtomicLong WALL = new AtomicLong();
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, VelocityHit, RuleChange, AlertUpdate> harness;

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
    void shouldNotAlertWhileASteadyRateStaysWithinBounds() throws Exception {
        publish(payments(3, 10, 1));

        steady("paypal", 0, 10);

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldFlagASegmentThatGoesSilentAndReportItsCountFallingToZero() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);

        silence(minutes(7));

        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(Alert::observed).containsExactly(2L, 1L, 0L);
        assertThat(alerts).extracting(Alert::revision).containsExactly(1L, 2L, 3L);
        assertThat(alerts).extracting(Alert::id).containsOnly(alerts.get(0).id());
        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.kind()).isEqualTo(AlertKind.VELOCITY);
        assertThat(alert.orderId()).isNull();
        assertThat(alert.attributes()).containsExactly(Map.entry("paymentMethod", "paypal"));
        assertThat(alert.startedAt()).isEqualTo(seconds(330)); // [4:30, 5:30) held 4:36 and 4:48 only
        assertThat(alert.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alert.ruleVersion()).isEqualTo(1);
        assertThat(alert.detectedAt()).isEqualTo(NOW);
        assertThat(alert.detectedLate()).isFalse();
    }

    @Test
    void shouldFlagSilenceOnceWhenTheWatermarkJumpsPastSeveralWindows() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);

        watermark(ms(minutes(7)));

        Alert alert = lastAlert();
        assertThat(alerts()).hasSize(1);
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.observed()).isZero();
        assertThat(alert.startedAt()).isEqualTo(seconds(330));
        assertThat(alert.detectedLate()).isFalse();
    }

    @Test
    void shouldResolveOnceTheCountIsBackWithinBoundsForAFullWindow() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);
        silence(minutes(8));
        String id = lastAlert().id();

        steady("paypal", 8, 11);

        Alert alert = lastAlert();
        assertThat(alert.id()).isEqualTo(id);
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.BACK_IN_BOUNDS);
        assertThat(alert.resolvedAt()).isEqualTo(minutes(9).plusSeconds(30)); // in bounds since 8:30 ([7:30, 8:30) = 3)
        assertThat(alert.observed()).isZero();
        assertThat(alert.detectedLate()).isFalse();
        assertThat(alerts()).filteredOn(a -> a.status() == AlertStatus.RESOLVED).hasSize(1);
    }

    @Test
    void shouldFlagARateAboveMax() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 3);
        for (int s = 0; s < 60; s += 4) {
            hit("paypal", minutes(3).plusSeconds(s));
        }

        watermark(ms(minutes(4)));

        Alert alert = lastAlert();
        assertThat(alerts()).hasSize(1);
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.observed()).isEqualTo(15);
        assertThat(alert.startedAt()).isEqualTo(seconds(220)); // [2:40, 3:40) held 2:48 and ten in the burst
    }

    @Test
    void shouldCountLateHitsInTheirBucket() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 3);
        for (int i = 0; i < 7; i++) {
            hit("paypal", seconds(175)); // behind the watermark (3:00)
        }
        assertThat(alerts()).isEmpty();

        watermark(ms(seconds(190)));

        assertThat(lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(lastAlert().observed()).isEqualTo(11); // [2:10, 3:10): 2:12 to 2:48, the 7 late ones
        assertThat(lastAlert().startedAt()).isEqualTo(seconds(190));
    }

    @Test
    void shouldJudgeTwoSegmentsIndependently() throws Exception {
        publish(payments(3, 10, 1));
        for (int m = 0; m < 5; m++) {
            steadyMinute("paypal", m);
            steadyMinute("card", m);
            watermark(ms(minutes(m + 1)));
        }

        steady("paypal", 5, 8);

        assertThat(alerts()).isNotEmpty();
        assertThat(alerts()).extracting(Alert::attributes).containsOnly(Map.of("paymentMethod", "card"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void shouldResolveOpenEpisodesWhenTheRuleIsDisabledAndForgetTheSegment() throws Exception {
        Rule rule = payments(3, 10, 1);
        publish(rule);
        steady("paypal", 0, 5);
        silence(minutes(7));
        WALL.addAndGet(60_000);

        publish(rule.withEnabled(false).withVersion(2, NOW, "test"));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(alert.resolvedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(alert.revision()).isEqualTo(4);
        assertThat(keyedStateEntries()).isZero();
        int before = alerts().size();
        watermark(ms(minutes(8)));
        assertThat(harness.numEventTimeTimers()).isZero(); // the orphaned timer fired once and found nothing
        assertThat(alerts()).hasSize(before);
    }

    @Test
    void shouldResolveOpenEpisodesWhenTheRuleIsDeleted() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);
        silence(minutes(7));

        harness.processBroadcastElement(new RuleChange("payments", null), ms(minutes(7)));

        assertThat(lastAlert().resolution()).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldResolveASegmentTheEditedScopeExcludes() throws Exception {
        publish(payments(3, 10, 1));
        for (int m = 0; m < 5; m++) {
            steadyMinute("paypal", m);
            steadyMinute("card", m);
            watermark(ms(minutes(m + 1)));
        }
        silence(minutes(7));
        assertThat(alerts()).extracting(Alert::attributes).contains(Map.of("paymentMethod", "paypal"));

        publish(rule("""
                {"id":"payments","name":"Card payments","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT1M","min":3,"max":10,"groupBy":["paymentMethod"],
                 "scope":{"paymentMethod":["card"]}}""", 2));

        List<Alert> resolved = alerts().stream().filter(a -> a.status() == AlertStatus.RESOLVED).toList();
        assertThat(resolved).extracting(Alert::resolution).containsOnly(Resolution.RULE_CHANGED);
        assertThat(resolved).extracting(Alert::attributes).containsOnly(Map.of("paymentMethod", "paypal"));
    }

    @Test
    void shouldJudgeByAnEditedRuleFromTheNextEvaluation() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);

        publish(payments(6, 10, 2));
        watermark(ms(seconds(310)));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.ruleVersion()).isEqualTo(2);
        assertThat(alert.observed()).isEqualTo(4); // [4:10, 5:10)
    }

    @Test
    void shouldCountAnEditedLongerWindowOnlyOnceItsHistoryIsComplete() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);

        publish(window("PT2M", 8, 2));
        steady("paypal", 5, 9);
        assertThat(alerts()).as("the first two-minute windows lack the pruned minute: unknown, not a breach").isEmpty();

        publish(window("PT2M", 11, 3));
        watermark(ms(seconds(550)));

        Alert alert = lastAlert();
        assertThat(alert.ruleVersion()).isEqualTo(3);
        assertThat(alert.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(alert.observed()).isEqualTo(9); // [7:10, 9:10): four in minute 7, five in minute 8
    }

    @Test
    void shouldForgetASegmentSilentForADayAndLeaveItsAlertOpen() throws Exception {
        publish(payments(3, 10, 1));
        steady("paypal", 0, 5);
        silence(minutes(7));
        int before = alerts().size();

        watermark(ms(hours(25)));

        assertThat(alerts()).hasSize(before);
        assertThat(lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepEvaluatingASilentSegmentForADayAndNotLonger() throws Exception {
        publish(maxOnly(10, 1));
        steady("paypal", 0, 5);

        watermark(ms(seconds(288).plus(Duration.ofHours(24)))); // a day after the last payment (4:48)
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(ms(seconds(290).plus(Duration.ofHours(24))));

        assertThat(alerts()).isEmpty();
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldPublishAnEpisodeFoundEntirelyInThePastAsDetectedLate() throws Exception {
        publish(maxOnly(10, 1));
        watermark(ms(hours(2)));
        for (int m = 0; m < 10; m++) {
            steadyMinute("paypal", m);
        }
        for (int s = 0; s < 10; s++) {
            hit("paypal", minutes(3).plusSeconds(s)); // a burst, replayed two hours later
        }

        watermark(ms(hours(2)) + 10_000);

        assertThat(alerts()).hasSize(1);
        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.BACK_IN_BOUNDS);
        assertThat(alert.detectedLate()).isTrue();
        assertThat(alert.startedAt()).isEqualTo(seconds(190));
        assertThat(alert.resolvedAt()).isEqualTo(seconds(310)); // in bounds from 4:10 on
        assertThat(alert.observed()).isEqualTo(15);
        assertThat(alert.detectedAt()).isEqualTo(NOW);
        assertThat(alert.revision()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldJudgeFromTheEarliestHitWhenHistoryArrivesOutOfOrder() throws Exception {
        publish(maxOnly(10, 1));
        watermark(ms(hours(2)));
        for (int m = 9; m >= 0; m--) {
            steadyMinute("paypal", m);
        }
        for (int s = 9; s >= 0; s--) {
            hit("paypal", minutes(3).plusSeconds(s));
        }

        watermark(ms(hours(2)) + 10_000);

        assertThat(alerts()).hasSize(1);
        assertThat(lastAlert().startedAt()).isEqualTo(seconds(190));
        assertThat(lastAlert().detectedLate()).isTrue();
    }

    // ---- scenario vocabulary ------------------------------------------------------------------------------------

    /** Five payments a minute in [from, to) minutes, the watermark following at each minute's end. */
    private void steady(String method, int fromMinute, int toMinute) throws Exception {
        for (int m = fromMinute; m < toMinute; m++) {
            steadyMinute(method, m);
            watermark(ms(minutes(m + 1)));
        }
    }

    private void steadyMinute(String method, int minute) throws Exception {
        for (int s = 0; s < 60; s += 12) {
            hit(method, minutes(minute).plusSeconds(s));
        }
    }

    /** No hits: only the watermark moves, one 10 s bucket at a time. */
    private void silence(Instant until) throws Exception {
        for (long t = watermark + 10_000; t <= ms(until); t += 10_000) {
            watermark(t);
        }
    }

    private void watermark(long t) throws Exception {
        watermark = t;
        harness.processWatermark(t);
    }

    private void hit(String method, Instant at) throws Exception {
        VelocityHit hit = VelocityHit.of(current, Map.of("paymentMethod", method), ms(at));
        harness.processElement(hit, ms(at));
    }

    /** The rule version the hits are made for (as the order operator would). */
    private Rule current;
    private long watermark = Long.MIN_VALUE;

    private void publish(Rule rule) throws Exception {
        current = rule;
        harness.processBroadcastElement(new RuleChange(rule.id(), Json.write(rule)), 0);
    }

    /** State entries across every keyed state of the operator; zero once it forgot everything. */
    private int keyedStateEntries() {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) harness.getTwoInputOperator())
                .getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues().stream().map(u -> {
            try {
                Alert a = Json.mapper().readValue(u.json(), Alert.class);
                assertThat(u.id()).isEqualTo(a.id());
                assertThat(u.revision()).isEqualTo(a.revision());
                return a;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private Alert lastAlert() {
        List<Alert> all = alerts();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private static Rule payments(int min, int max, long version) {
        return rule("""
                {"id":"payments","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT1M","min":%d,"max":%d,"groupBy":["paymentMethod"],"severity":"CRITICAL"}"""
                .formatted(min, max), version);
    }

    private static Rule window(String window, int min, long version) {
        return rule("""
                {"id":"payments","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"%s","min":%d,"max":100,"groupBy":["paymentMethod"],"severity":"CRITICAL"}"""
                .formatted(window, min), version);
    }

    private static Rule maxOnly(int max, long version) {
        return rule("""
                {"id":"payments","name":"Payment bursts","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT1M","max":%d,"groupBy":["paymentMethod"]}""".formatted(max), version);
    }

    private static Rule rule(String json, long version) {
        try {
            return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value()
                    .withVersion(version, NOW, "test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }
}
