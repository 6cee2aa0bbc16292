package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rule evaluator in Flink's keyed-broadcast harness with explicit watermarks: every SLA and stall behaviour of
 * CONTRACT section 3 for one order under one rule, rule edits while the order waits, and state back to zero.
 */
class RuleEvaluatorFunctionTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final OrderStateCodec CODEC = new OrderStateCodec(LIFECYCLE);
    private static final AtomicLong WALL = new AtomicLong();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, RuleWork, RuleChange, AlertUpdate> harness;

    @BeforeEach
    void open() throws Exception {
        WALL.set(NOW.toEpochMilli());
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RuleEvaluatorFunction(LIFECYCLE, () -> WALL.get()), RuleWork::key, Types.STRING,
                OrderStateFunction.RULES);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldOpenABreachOnceTheWatermarkPassesTheDeadline() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0), "country", "DE"));
        harness.processWatermark(ms(minutes(29)));
        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(ms(minutes(30)));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.kind()).isEqualTo(AlertKind.SLA_BREACH);
        assertThat(alert.orderId()).isEqualTo("o-1");
        assertThat(alert.ruleVersion()).isEqualTo(1);
        assertThat(alert.startedAt()).isEqualTo(minutes(0));
        assertThat(alert.deadline()).isEqualTo(minutes(30));
        assertThat(alert.detectedAt()).isEqualTo(NOW);
        assertThat(alert.detectedLate()).isFalse();
        assertThat(alert.attributes()).containsEntry("country", "DE");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldNotAlertWhenPaymentArrivesInTimeAndForgetTheOrderWhenItFinishes() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0)));
        assertThat(keyedStateEntries()).isPositive();
        work(rule, placed("o-1", minutes(0)), paid("o-1", minutes(20)));
        assertThat(keyedStateEntries()).as("met its deadline: nothing left to keep").isZero();
        harness.processWatermark(ms(minutes(600)));
        work(rule, placed("o-1", minutes(0)), paid("o-1", minutes(20)), shipped("o-1", minutes(60)),
                delivered("o-1", minutes(120)));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldResolveBreachWhenPaymentArrivesLate() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0)));
        harness.processWatermark(ms(minutes(31)));
        WALL.addAndGet(60_000);

        work(rule, placed("o-1", minutes(0)), paid("o-1", minutes(45)));

        assertThat(alerts()).hasSize(2);
        Alert resolved = lastAlert();
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo(Resolution.COMPLETED_LATE);
        assertThat(resolved.resolvedAt()).isEqualTo(minutes(45));
        assertThat(resolved.detectedAt()).isEqualTo(NOW);
        assertThat(resolved.revision()).isEqualTo(2);
        assertThat(resolved.id()).isEqualTo(alerts().get(0).id());
    }

    @Test
    void shouldRecordABreachCompletedAfterTheDeadlineButBeforeItWasFlagged() throws Exception {
        Rule rule = sla("PT30M", 1);
        harness.processWatermark(ms(minutes(25)));
        work(rule, placed("o-1", minutes(0)), paid("o-1", minutes(31)));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.COMPLETED_LATE);
        assertThat(alert.detectedLate()).isTrue();
    }

    @Test
    void shouldNotAlertWhenPaymentArrivesBeforePlacement() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, paid("o-1", minutes(10)));
        work(rule, paid("o-1", minutes(10)), placed("o-1", minutes(1)));
        harness.processWatermark(ms(minutes(600)));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldDropTheDeadlineWhenCancelledBeforeIt() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0)));
        work(rule, placed("o-1", minutes(0)), cancelled("o-1", minutes(10)));
        harness.processWatermark(ms(minutes(600)));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldResolveAnOpenBreachAsCancelledWhenTheOrderIsCancelledLater() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0)));
        harness.processWatermark(ms(minutes(40)));
        work(rule, placed("o-1", minutes(0)), cancelled("o-1", minutes(50)));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.CANCELLED);
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldJudgeAnInFlightOrderByAnEditedLongerRule() throws Exception {
        work(sla("PT30M", 1), placed("o-1", minutes(0)));
        harness.processWatermark(ms(minutes(40)));
        assertThat(lastAlert().status()).isEqualTo(AlertStatus.OPEN);

        work(sla("PT2H", 2), placed("o-1", minutes(0)));

        Alert alert = lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.RULE_CHANGED);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(ms(minutes(120)));
        assertThat(lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(lastAlert().ruleVersion()).isEqualTo(2);
        assertThat(lastAlert().deadline()).isEqualTo(minutes(120));
    }

    @Test
    void shouldFlagAnInFlightOrderAtOnceWhenAShorterRuleVersionArrives() throws Exception {
        work(sla("PT30M", 1), placed("o-1", minutes(0)));
        harness.processWatermark(ms(minutes(20)));
        assertThat(alerts()).isEmpty();

        work(sla("PT10M", 2), placed("o-1", minutes(0)));

        assertThat(lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(lastAlert().deadline()).isEqualTo(minutes(10));
    }

    @Test
    void shouldResolveOpenAlertsWhenTheRuleIsDisabledAndForgetTheOrder() throws Exception {
        Rule rule = sla("PT30M", 1);
        work(rule, placed("o-1", minutes(0)));
        harness.processWatermark(ms(minutes(40)));

        harness.processElement(new RuleWork(RuleWork.Kind.RETIRE, rule.id(), "o-1", null, null), ms(minutes(40)));

        assertThat(lastAlert().resolution()).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(lastAlert().resolvedAt()).isEqualTo(NOW);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldFlagStallsPerStatusAndResolveThemWhenTheOrderProgresses() throws Exception {
        Rule stall = rule("""
                {"id":"stall-1h","name":"Stalled 1 h","kind":"STALL","maxDuration":"PT1H","severity":"CRITICAL"}""", 1);
        work(stall, placed("o-1", minutes(0)), paid("o-1", minutes(5)));
        harness.processWatermark(ms(minutes(65)));
        Alert paidStall = lastAlert();
        assertThat(paidStall.kind()).isEqualTo(AlertKind.STALLED);
        assertThat(paidStall.fromStep()).isEqualTo("PAID");

        work(stall, placed("o-1", minutes(0)), paid("o-1", minutes(5)), shipped("o-1", minutes(90)));
        assertThat(lastAlert().resolution()).isEqualTo(Resolution.PROGRESSED);
        harness.processWatermark(ms(minutes(150)));

        Alert shippedStall = lastAlert();
        assertThat(shippedStall.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(shippedStall.fromStep()).isEqualTo("SHIPPED");
        assertThat(shippedStall.id()).isNotEqualTo(paidStall.id());
    }

    /** State entries across every keyed state of the operator; zero once it forgot everything. */
    private int keyedStateEntries() {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) harness.getTwoInputOperator())
                .getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    private void work(Rule rule, OrderEvent... events) throws Exception {
        OrderState state = new OrderState(events[0].orderId());
        long ts = Long.MIN_VALUE;
        for (OrderEvent e : events) {
            state.apply(e.withReceivedAt(e.occurredAt()), false, LIFECYCLE);
            ts = Math.max(ts, e.occurredAt().toEpochMilli());
        }
        harness.processElement(new RuleWork(RuleWork.Kind.EVALUATE, rule.id(), state.orderId(), Json.write(rule),
                CODEC.encode(state)), ts);
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

    private Alert lastAlert() {
        List<Alert> all = alerts();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private static Rule sla(String maxDuration, long version) {
        return rule("""
                {"id":"pay","name":"Payment in time","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"%s","severity":"WARNING"}""".formatted(maxDuration), version);
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
