package io.bpmon.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleModelTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final Duration LATENESS = Duration.ofSeconds(10);
    static final RuleModel MODEL = new RuleModel(LATENESS);
    /** Long after every deadline of the orders below. */
    static final Instant LATER = T0.plus(Duration.ofHours(1));

    static SentEvent at(String orderId, String type, long millis) {
        return new SentEvent(orderId + "-" + type, orderId, type, T0.plusMillis(millis));
    }

    static RuleModel.Order order(String orderId, String channel, SentEvent... events) {
        return new RuleModel.Order(orderId, channel, "DE", List.of(events));
    }

    static List<String> keys(RuleModel.Expectation e) {
        return e.alerts().stream().map(RuleModel.Expected::key).toList();
    }

    // ------------------------------------------------------------------ STEP_SLA paid within 20 s

    @Test
    void shouldExpectNoSlaAlertWhenPaidInTime() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "PAYMENT_RECEIVED", 20_000))), LATER);
        assertThat(keys(e)).isEmpty();
        assertThat(e.undecided()).isEmpty();
    }

    @Test
    void shouldExpectAnSlaAlertForAnOrderNeverPaidOnceItsDeadlineClearlyPassed() {
        List<RuleModel.Order> orders = List.of(order("a", "app", at("a", "ORDER_PLACED", 0)));
        Instant due = T0.plus(ChaosRules.PAID_WITHIN).plus(LATENESS).plus(RuleModel.MARGIN);

        assertThat(keys(MODEL.judge(orders, due))).containsExactly("chaos-paid|a");
        var early = MODEL.judge(orders, due.minusMillis(1));
        assertThat(keys(early)).isEmpty();
        assertThat(early.undecided()).hasSize(1);
        assertThat(early.lastDeadline()).isEqualTo(due);
    }

    @Test
    void shouldExpectAnSlaAlertForALatePayment() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "PAYMENT_RECEIVED", 20_001))), T0.plusSeconds(25));
        assertThat(keys(e)).containsExactly("chaos-paid|a");
    }

    @Test
    void shouldCountAShipmentAsPaid() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "ORDER_SHIPPED", 5_000))), LATER);
        assertThat(keys(e)).doesNotContain("chaos-paid|a");
    }

    @Test
    void shouldDropTheWaitWhenCancelledBeforeTheDeadlineButNotAfter() {
        var before = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "ORDER_CANCELLED", 19_000))), LATER);
        var after = MODEL.judge(List.of(order("b", "web", at("b", "ORDER_PLACED", 0),
                at("b", "ORDER_CANCELLED", 21_000))), LATER);
        assertThat(keys(before)).isEmpty();
        assertThat(keys(after)).containsExactly("chaos-paid|b");
    }

    @Test
    void shouldJudgeOnlyOrdersInScope() {
        var e = MODEL.judge(List.of(order("p", ChaosRules.PROBE_CHANNEL, at("p", "ORDER_PLACED", 0)),
                order("q", ChaosRules.BURST_CHANNEL, at("q", "ORDER_PLACED", 0))), LATER);
        assertThat(keys(e)).isEmpty();
    }

    @Test
    void shouldExcuseAPaymentThatCameInALaterRequestPastTheDeadline() {
        SentEvent placed = at("a", "ORDER_PLACED", 0);
        SentEvent paid = at("a", "PAYMENT_RECEIVED", 1_000);
        List<RuleModel.Order> orders = List.of(order("a", "web", placed, paid));
        Instant lateArrival = T0.plus(ChaosRules.PAID_WITHIN).plus(LATENESS);

        var late = MODEL.judge(orders, java.util.Map.of(placed.eventId(), T0, paid.eventId(), lateArrival), LATER);
        var together = MODEL.judge(orders, java.util.Map.of(placed.eventId(), lateArrival, paid.eventId(),
                lateArrival), LATER);
        var onTime = MODEL.judge(orders, java.util.Map.of(placed.eventId(), T0, paid.eventId(), T0.plusSeconds(5)),
                LATER);

        assertThat(late.alerts()).isEmpty();
        assertThat(late.excuses()).singleElement().satisfies(x -> assertThat(x.orderId()).isEqualTo("a"));
        assertThat(together.excuses()).isEmpty();
        assertThat(onTime.excuses()).isEmpty();
    }

    // ------------------------------------------------------------------ STALL in SHIPPED for 75 s

    @Test
    void shouldExpectNoStallWhenDeliveredInTime() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0), at("a", "PAYMENT_RECEIVED", 500),
                at("a", "ORDER_SHIPPED", 5_000), at("a", "ORDER_DELIVERED", 15_000))), LATER);
        assertThat(keys(e)).isEmpty();
    }

    @Test
    void shouldExpectAStallForAnOrderShippedAndNeverDelivered() {
        List<RuleModel.Order> orders = List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "PAYMENT_RECEIVED", 500), at("a", "ORDER_SHIPPED", 5_000)));
        Instant due = T0.plusMillis(5_000).plus(ChaosRules.STALL_AFTER).plus(LATENESS).plus(RuleModel.MARGIN);

        assertThat(keys(MODEL.judge(orders, due))).containsExactly("chaos-stall|a");
        assertThat(MODEL.judge(orders, due.minusSeconds(1)).undecided()).hasSize(1);
        assertThat(MODEL.judge(orders, T0).lastDeadline()).isEqualTo(due);
    }

    @Test
    void shouldExpectAStallWhenTheDeliveryCameTooLate() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0), at("a", "PAYMENT_RECEIVED", 500),
                at("a", "ORDER_SHIPPED", 5_000), at("a", "ORDER_DELIVERED", 81_000))), LATER);
        assertThat(keys(e)).containsExactly("chaos-stall|a");
    }

    @Test
    void shouldExcuseADeliveryInTimeThatArrivedPastTheStallDeadline() {
        SentEvent delivered = at("a", "ORDER_DELIVERED", 15_000);
        List<RuleModel.Order> orders = List.of(order("a", "web", at("a", "ORDER_PLACED", 0),
                at("a", "PAYMENT_RECEIVED", 500), at("a", "ORDER_SHIPPED", 5_000), delivered));
        var late = MODEL.judge(orders, java.util.Map.of(delivered.eventId(), T0.plusSeconds(80)), LATER);
        var onTime = MODEL.judge(orders, java.util.Map.of(delivered.eventId(), T0.plusSeconds(40)), LATER);
        assertThat(late.alerts()).isEmpty();
        assertThat(late.excuses()).singleElement().satisfies(x -> assertThat(x.covers(ChaosRules.STALL, "a", null))
                .isTrue());
        assertThat(onTime.excuses()).isEmpty();
    }

    @Test
    void shouldNotExpectAStallInAnUnwatchedStatus() {
        var e = MODEL.judge(List.of(order("a", "web", at("a", "ORDER_PLACED", 0), at("a", "PAYMENT_RECEIVED", 500))),
                LATER);
        assertThat(keys(e)).isEmpty();
    }

    // ------------------------------------------------------------------ VELOCITY at most 12 per minute

    static List<RuleModel.Order> burst(String name, Instant from, int orders, long spacingMillis) {
        List<RuleModel.Order> out = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String id = name + "-" + i;
            out.add(new RuleModel.Order(id, ChaosRules.BURST_CHANNEL, "DE", List.of(new SentEvent(id + "-p", id,
                    "ORDER_PLACED", from.plusMillis(i * spacingMillis)))));
        }
        return out;
    }

    @Test
    void shouldExpectOneEpisodeStartingAtTheBoundaryAfterABurst() {
        var e = MODEL.judge(burst("b", T0.plusMillis(2_100), 20, 100), LATER);

        assertThat(e.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("VELOCITY");
            assertThat(a.startedAt()).isEqualTo(T0.plusSeconds(10));
            // back in bounds at 70 s (the window no longer holds the burst), for a full window from then
            assertThat(a.resolvedAt()).isEqualTo(T0.plusSeconds(130));
        });
        assertThat(e.undecided()).isEmpty();
    }

    @Test
    void shouldExpectNoEpisodeAtTheMaximum() {
        assertThat(MODEL.judge(burst("b", T0.plusSeconds(1), ChaosRules.BURST_MAX, 100), LATER).alerts()).isEmpty();
    }

    @Test
    void shouldStartTheEpisodeWhereTheCountFirstExceedsTheMaximum() {
        // 10 hits in the bucket [0, 10 s), 10 in [10 s, 20 s): 10 at boundary 10 s, 20 at boundary 20 s
        var e = MODEL.judge(burst("b", T0.plusMillis(5_000), 20, 1_000), LATER);
        assertThat(e.alerts()).singleElement().satisfies(a -> assertThat(a.startedAt()).isEqualTo(T0.plusSeconds(20)));
    }

    @Test
    void shouldExpectTwoEpisodesForBurstsThreeMinutesApart() {
        List<RuleModel.Order> orders = new ArrayList<>(burst("b1", T0.plusSeconds(2), 20, 100));
        orders.addAll(burst("b2", T0.plusSeconds(182), 20, 100));
        var e = MODEL.judge(orders, LATER);
        assertThat(e.alerts()).extracting(RuleModel.Expected::startedAt)
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(190));
        assertThat(e.undecided()).isEmpty();
    }

    @Test
    void shouldCallABurstAtTheEndOfAnEpisodeUndecided() {
        List<RuleModel.Order> orders = new ArrayList<>(burst("b1", T0.plusSeconds(2), 20, 100));
        orders.addAll(burst("b2", T0.plusSeconds(132), 20, 100)); // breach at 140 s, just as the first one ended
        assertThat(MODEL.judge(orders, LATER).undecided()).isNotEmpty();
    }

    @Test
    void shouldExcuseEpisodesAroundABurstThatArrivedAfterItsBoundary() {
        List<RuleModel.Order> orders = burst("b", T0.plusSeconds(2), 20, 100);
        java.util.Map<String, Instant> accepted = new java.util.HashMap<>();
        orders.forEach(o -> accepted.put(o.events().get(0).eventId(), T0.plusSeconds(25)));
        var e = MODEL.judge(orders, accepted, LATER);
        assertThat(e.alerts()).hasSize(1);
        assertThat(e.excuses()).isNotEmpty().allSatisfy(x -> assertThat(x.covers(e.alerts().get(0))).isTrue());
    }

    @Test
    void shouldNotJudgeBoundariesTheMonitorHasNotReachedYet() {
        var e = MODEL.judge(burst("b", T0.plusSeconds(2), 20, 100), T0.plusSeconds(60));
        assertThat(e.alerts()).singleElement().satisfies(a -> assertThat(a.resolvedAt()).isNull());
        assertThat(e.undecided()).isNotEmpty();
        assertThat(e.lastDeadline()).isAfter(T0.plusSeconds(130));
    }
}
