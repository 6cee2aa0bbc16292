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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * STEP_SLA and STALL rules judged in the order operator, in Flink's keyed-broadcast harness with explicit
 * watermarks: every SLA and stall behaviour of docs/contract.md, rules created, edited, disabled and deleted while
 * orders wait, scopes, and the state an order's rules leave behind.
 */
class OrderRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String PAY_30M = sla("pay", "PT30M", 1, "");
    private static final String STALL_1H = """
            {"id":"stall-1h","name":"Stalled 1 h","kind":"STALL","maxDuration":"PT1H","severity":"CRITICAL",
             "version":1}""";

    private OrderStateHarness harness;

    @BeforeEach
    void open() throws Exception {
        OrderStateHarness.WALL.set(NOW.toEpochMilli());
        harness = OrderStateHarness.open(Duration.ofDays(7), Duration.ofDays(30));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldOpenABreachOnceTheWatermarkPassesTheDeadline() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0), "country", "DE"));
        harness.watermark(minutes(29));
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.eventTimeTimers()).as("retention + next deadline").isEqualTo(2);

        harness.watermark(minutes(30));

        Alert alert = harness.lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.kind()).isEqualTo(AlertKind.SLA_BREACH);
        assertThat(alert.orderId()).isEqualTo("o-1");
        assertThat(alert.ruleId()).isEqualTo("pay");
        assertThat(alert.ruleVersion()).isEqualTo(1);
        assertThat(alert.startedAt()).isEqualTo(minutes(0));
        assertThat(alert.deadline()).isEqualTo(minutes(30));
        assertThat(alert.detectedAt()).isEqualTo(NOW);
        assertThat(alert.detectedLate()).isFalse();
        assertThat(alert.attributes()).containsEntry("country", "DE");
        assertThat(harness.eventTimeTimers()).as("only retention is left").isEqualTo(1);
    }

    @Test
    void shouldNotAlertWhenPaymentArrivesInTimeAndKeepNothingForTheRule() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.send(paid("o-1", minutes(20)));
        harness.send(shipped("o-1", minutes(60)));
        harness.send(delivered("o-1", minutes(120)));
        harness.watermark(minutes(600));

        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.eventTimeTimers()).as("retention only").isEqualTo(1);
        assertThat(harness.keyedStateEntries()).as("the order and its retention time: nothing for the rule")
                .isEqualTo(2);
    }

    @Test
    void shouldResolveBreachWhenPaymentArrivesLate() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(31));
        OrderStateHarness.WALL.addAndGet(60_000);

        harness.send(paid("o-1", minutes(45)));

        assertThat(harness.alerts()).hasSize(2);
        Alert resolved = harness.lastAlert();
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo(Resolution.COMPLETED_LATE);
        assertThat(resolved.resolvedAt()).isEqualTo(minutes(45));
        assertThat(resolved.detectedAt()).isEqualTo(NOW);
        assertThat(resolved.revision()).isEqualTo(2);
        assertThat(resolved.id()).isEqualTo(harness.alerts().get(0).id());
    }

    @Test
    void shouldCountTheOrdersOpenAlertsInItsStateRecordAlsoWhenADeadlineOrARuleChangeMovesThem() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.rule("stall-1h", STALL_1H);
        harness.send(placed("o-1", minutes(0)));
        harness.send(placed("o-2", minutes(1)));
        assertThat(harness.orderStates()).extracting(r -> r.get("openAlerts").asInt()).containsExactly(0, 0);

        harness.watermark(minutes(30)); // o-1's payment deadline passes: an alert, and no event
        harness.watermark(minutes(61)); // o-1 stalls; o-2 is late and stalls: one timer, one record with both

        List<String> o1 = states("o-1");
        assertThat(o1).as("revision / alertChanges / openAlerts of o-1's records")
                .containsExactly("1/0/0", "1/1/1", "1/2/2");
        harness.send(paid("o-1", minutes(62)));
        // late payment: the breach resolved (completed late), the stall resolved by progress
        assertThat(states("o-1")).last().isEqualTo("2/4/0");

        harness.rule("pay", sla("pay", "PT30M", 2, ",\"enabled\":false"));
        assertThat(states("o-2")).as("a disabled rule resolves o-2's breach; its stall stays open")
                .containsExactly("1/0/0", "1/2/2", "1/3/1");
        assertThat(states("o-1")).as("o-1 had nothing open under the disabled rule: no new record").hasSize(4);
    }

    /** One order's state records as "revision/alertChanges/openAlerts". */
    private List<String> states(String orderId) {
        return harness.orderStates().stream().filter(r -> r.get("orderId").asText().equals(orderId))
                .map(r -> r.get("revision").asLong() + "/" + r.get("alertChanges").asLong() + "/"
                        + r.get("openAlerts").asInt())
                .toList();
    }

    @Test
    void shouldResolveAnAlertByAnEventLaterThanTheAllowedLateness() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(300)); // the payment below is hours behind the watermark: late

        harness.send(paid("o-1", minutes(50)));

        assertThat(harness.counter("lateEvents")).isEqualTo(1);
        assertThat(harness.lastAlert().resolution()).isEqualTo(Resolution.COMPLETED_LATE);
    }

    @Test
    void shouldRecordABreachCompletedAfterTheDeadlineButBeforeItWasFlagged() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.watermark(minutes(25));
        harness.send(placed("o-1", minutes(0)));
        harness.send(paid("o-1", minutes(31)));

        Alert alert = harness.lastAlert();
        assertThat(harness.alerts()).hasSize(1);
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.COMPLETED_LATE);
        assertThat(alert.detectedLate()).isTrue();
    }

    @Test
    void shouldNotAlertWhenPaymentArrivesBeforePlacement() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(paid("o-1", minutes(10)));
        harness.send(placed("o-1", minutes(1)));
        harness.watermark(minutes(600));
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void shouldNotAlertTwiceForADuplicateEvent() throws Exception {
        harness.rule("pay", PAY_30M);
        OrderEvent placement = placed("o-1", minutes(0));
        harness.send(placement);
        harness.watermark(minutes(40));
        harness.send(placement);
        harness.watermark(minutes(80));
        assertThat(harness.alerts()).hasSize(1);
    }

    @Test
    void shouldDropTheDeadlineWhenCancelledBeforeIt() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.send(cancelled("o-1", minutes(10)));
        harness.watermark(minutes(600));

        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldResolveAnOpenBreachAsCancelledWhenTheOrderIsCancelledLater() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(40));
        harness.send(cancelled("o-1", minutes(50)));

        Alert alert = harness.lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.CANCELLED);
    }

    @Test
    void shouldJudgeAnOrderInFlightWhenARuleIsCreated() throws Exception {
        harness.send(placed("o-1", minutes(0)));
        harness.send(placed("o-2", minutes(25)));
        harness.watermark(minutes(40));
        assertThat(harness.alerts()).isEmpty();

        harness.rule("pay", PAY_30M);

        assertThat(harness.alerts()).singleElement().satisfies(a -> {
            assertThat(a.orderId()).isEqualTo("o-1");
            assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        });
        harness.watermark(minutes(55));
        assertThat(harness.lastAlert().orderId()).as("o-2's deadline was set by the rule change").isEqualTo("o-2");
    }

    @Test
    void shouldJudgeAnInFlightOrderByAnEditedLongerRule() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(40));
        assertThat(harness.lastAlert().status()).isEqualTo(AlertStatus.OPEN);

        harness.rule("pay", sla("pay", "PT2H", 2, ""));

        Alert alert = harness.lastAlert();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.resolution()).isEqualTo(Resolution.RULE_CHANGED);
        harness.watermark(minutes(119));
        assertThat(harness.lastAlert().status()).isEqualTo(AlertStatus.RESOLVED);
        harness.watermark(minutes(120));
        assertThat(harness.lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(harness.lastAlert().ruleVersion()).isEqualTo(2);
        assertThat(harness.lastAlert().deadline()).isEqualTo(minutes(120));
    }

    @Test
    void shouldFlagAnInFlightOrderAtOnceWhenAShorterRuleVersionArrives() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(20));
        assertThat(harness.alerts()).isEmpty();

        harness.rule("pay", sla("pay", "PT10M", 2, ""));

        assertThat(harness.lastAlert().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(harness.lastAlert().deadline()).isEqualTo(minutes(10));
    }

    @Test
    void shouldWakeAnInFlightOrderAtAnEarlierDeadlineOfAnEditedRule() throws Exception {
        harness.rule("pay", sla("pay", "PT2H", 1, ""));
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(20));

        harness.rule("pay", sla("pay", "PT30M", 2, ""));
        assertThat(harness.alerts()).isEmpty();
        harness.watermark(minutes(30));

        assertThat(harness.lastAlert().deadline()).isEqualTo(minutes(30));
        assertThat(harness.lastAlert().ruleVersion()).isEqualTo(2);
    }

    @Test
    void shouldResolveOpenAlertsWhenTheRuleIsDisabledAndNotJudgeByItAnymore() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(40));
        OrderStateHarness.WALL.addAndGet(5_000);

        harness.rule("pay", sla("pay", "PT30M", 2, ",\"enabled\":false"));

        assertThat(harness.lastAlert().resolution()).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(harness.lastAlert().resolvedAt()).isEqualTo(NOW.plusSeconds(5));
        int seen = harness.alerts().size();
        harness.send(placed("o-2", minutes(41)));
        harness.watermark(minutes(600));
        assertThat(harness.alerts()).as("a disabled rule raises nothing").hasSize(seen);
    }

    @Test
    void shouldResolveOpenAlertsWhenTheRuleIsDeleted() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(40));

        harness.rule("pay", null);

        assertThat(harness.lastAlert().resolution()).isEqualTo(Resolution.RULE_DISABLED);
        harness.send(placed("o-2", minutes(41)));
        harness.watermark(minutes(600));
        assertThat(harness.alerts()).noneMatch(a -> a.orderId().equals("o-2"));
    }

    @Test
    void shouldJudgeOnlyOrdersInScopeAndFollowAWidenedScope() throws Exception {
        harness.rule("pay", sla("pay", "PT30M", 1, ",\"scope\":{\"country\":[\"DE\"]}"));
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.send(placed("o-at", minutes(0), "country", "AT"));
        harness.watermark(minutes(40));
        assertThat(harness.alerts()).extracting(Alert::orderId).containsExactly("o-de");

        harness.rule("pay", sla("pay", "PT30M", 2, ""));

        assertThat(harness.alerts()).filteredOn(a -> a.status() == AlertStatus.OPEN).extracting(Alert::orderId)
                .contains("o-at");
    }

    @Test
    void shouldKeepThePreviousVersionWhenAnInvalidRuleRecordArrives() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.rule("pay", "{\"id\":\"pay\",\"kind\":\"NONSENSE\",\"version\":5}");
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(30));
        assertThat(harness.lastAlert().ruleVersion()).isEqualTo(1);
    }

    @Test
    void shouldAcknowledgeEveryRuleVersionItApplies() throws Exception {
        harness.send(placed("o-1", minutes(0)));
        harness.rule("pay", PAY_30M);
        OrderStateHarness.WALL.addAndGet(1_000);
        harness.rule("pay", sla("pay", "PT30M", 2, ",\"enabled\":false"));
        harness.rule("pay", sla("pay", "PT30M", 2, ",\"enabled\":false")); // a repeat: nothing new applied
        harness.rule("pay", null);

        assertThat(harness.rulesApplied()).containsExactly(
                new RuleApplied("pay", 1, true, false, NOW.toEpochMilli()),
                new RuleApplied("pay", 2, false, false, NOW.toEpochMilli() + 1_000),
                new RuleApplied("pay", 3, false, true, NOW.toEpochMilli() + 1_000));
    }

    @Test
    void shouldFlagStallsPerStatusAndResolveThemWhenTheOrderProgresses() throws Exception {
        harness.rule("stall-1h", STALL_1H);
        harness.send(placed("o-1", minutes(0)));
        harness.send(paid("o-1", minutes(5)));
        harness.watermark(minutes(65));
        Alert paidStall = harness.lastAlert();
        assertThat(paidStall.kind()).isEqualTo(AlertKind.STALLED);
        assertThat(paidStall.fromStep()).isEqualTo("PAID");

        harness.send(shipped("o-1", minutes(90)));
        assertThat(harness.lastAlert().resolution()).isEqualTo(Resolution.PROGRESSED);
        harness.watermark(minutes(150));

        Alert shippedStall = harness.lastAlert();
        assertThat(shippedStall.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(shippedStall.fromStep()).isEqualTo("SHIPPED");
        assertThat(shippedStall.id()).isNotEqualTo(paidStall.id());
    }

    @Test
    void shouldJudgeAnOrderUnderSeveralRulesWithOneDeadlineTimer() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.rule("stall-1h", STALL_1H);
        harness.rule("pay-10m", sla("pay-10m", "PT10M", 1, ""));
        harness.send(placed("o-1", minutes(0)));
        assertThat(harness.eventTimeTimers()).as("retention + the earliest deadline").isEqualTo(2);

        harness.watermark(minutes(10));
        assertThat(harness.alerts()).extracting(Alert::ruleId).containsExactly("pay-10m");
        harness.watermark(minutes(30));
        assertThat(harness.alerts()).extracting(Alert::ruleId).containsExactly("pay-10m", "pay");
        harness.watermark(minutes(60));
        assertThat(harness.alerts()).extracting(Alert::ruleId).containsExactly("pay-10m", "pay", "stall-1h");
    }

    @Test
    void shouldNotJudgeVelocityRulesAsPatternsButCountTheirEvents() throws Exception {
        harness.rule("by-method", """
                {"id":"by-method","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT5M","min":1,"groupBy":["paymentMethod"],"scope":{"country":["DE"]},"version":1}""");
        harness.send(placed("o-1", minutes(0), "country", "DE", "paymentMethod", "paypal"));
        harness.send(paid("o-1", minutes(1))); // the payment event itself carries no attributes
        harness.send(placed("o-2", minutes(0), "country", "AT", "paymentMethod", "paypal"));
        harness.send(paid("o-2", minutes(1)));
        harness.send(placed("o-3", minutes(0), "country", "DE"));
        harness.send(paid("o-3", minutes(1))); // no payment method: counts toward no segment
        harness.watermark(minutes(600));

        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.velocityHits()).singleElement().satisfies(hit -> {
            assertThat(hit.ruleId()).isEqualTo("by-method");
            assertThat(hit.segment()).containsEntry("paymentMethod", "paypal");
            assertThat(hit.eventTime()).isEqualTo(minutes(1).toEpochMilli());
        });
    }

    @Test
    void shouldForgetEverythingOfAnOrderWhenItsRetentionEnds() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(40));
        harness.send(paid("o-1", minutes(45)));
        harness.send(delivered("o-1", minutes(50)));
        assertThat(harness.keyedStateEntries()).as("order, retention time, one alert").isEqualTo(3);

        harness.watermark(minutes(50).plus(Duration.ofDays(8)));

        assertThat(harness.keyedStateEntries()).as("only where the stored order is").isEqualTo(1);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        harness.watermark(OrderStateHarness.PARTITIONS.deletedFrom(minutes(0)));
        assertThat(harness.keyedStateEntries()).isZero();
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void shouldNotRepeatAlertsAfterARestoreFromASnapshot() throws Exception {
        harness.rule("pay", PAY_30M);
        harness.send(placed("o-1", minutes(0)));
        harness.send(placed("o-2", minutes(10)));
        harness.watermark(minutes(30));
        assertThat(harness.alerts()).extracting(Alert::orderId).containsExactly("o-1");
        OperatorSubtaskState snapshot = harness.snapshot();

        try (OrderStateHarness restored = harness.restoredFrom(snapshot)) {
            restored.watermark(minutes(30));
            assertThat(restored.alerts()).isEmpty();
            restored.watermark(minutes(40));
            List<Alert> after = restored.alerts();
            assertThat(after).extracting(Alert::orderId).containsExactly("o-2");
            restored.send(paid("o-1", minutes(45)));
            assertThat(restored.lastAlert().revision()).as("continues o-1's alert").isEqualTo(2);
        }
    }

    private static String sla(String id, String maxDuration, long version, String extra) {
        return """
                {"id":"%s","name":"Payment in time","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"%s","severity":"WARNING","version":%d%s}""".formatted(id, maxDuration, version, extra);
    }
    @Test
    void shouldResolveTheStallOfAnOrderWhoseStateWasDroppedWhenItMovesOn() throws Exception {
        harness.close();
        harness = OrderStateHarness.open(Duration.ofDays(7), Duration.ofHours(3));
        harness.rule("stall-1h", STALL_1H);
        harness.send(placed("o-1", minutes(0)));
        harness.watermark(minutes(61));
        Alert stall = harness.lastAlert();
        assertThat(stall.status()).isEqualTo(AlertStatus.OPEN);
        harness.watermark(minutes(180));
        assertThat(harness.counter("orderStatesCleared")).isEqualTo(1);

        harness.send(paid("o-1", minutes(240)));

        Alert resolved = harness.lastAlert();
        assertThat(resolved.id()).isEqualTo(stall.id());
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo(Resolution.PROGRESSED);
        assertThat(resolved.revision()).isEqualTo(stall.revision() + 1);
        assertThat(harness.alerts()).as("the stall is not raised a second time").hasSize(2);
    }
}
