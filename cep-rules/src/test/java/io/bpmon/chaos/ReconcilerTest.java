package io.bpmon.chaos;

import static io.bpmon.chaos.SlackMessageTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    static SentEvent event(String orderId, String type, int second) {
        return new SentEvent(orderId + "-" + type, orderId, type, T0.plusSeconds(second));
    }

    static Reconciler.EventSends sends(SentEvent e, String phase, int accepted, int ambiguous) {
        return new Reconciler.EventSends(e, phase, accepted, ambiguous);
    }

    static Reconciler.StoredOrder stored(String orderId, String status, long revision, int eventCount,
            Map<String, Integer> arrivals) {
        return new Reconciler.StoredOrder(orderId, status, revision, eventCount, arrivals);
    }

    // ------------------------------------------------------------------ orders

    static final SentEvent PLACED = event("o-1", "ORDER_PLACED", 0);
    static final SentEvent PAID = event("o-1", "PAYMENT_RECEIVED", 1);

    @Test
    void shouldFindNothingWhenEveryCopyArrivedOnce() {
        var r = Reconciler.orders(List.of(sends(PLACED, "warm-up", 1, 0), sends(PAID, "warm-up", 2, 0)),
                Map.of(PLACED.eventId(), 1, PAID.eventId(), 2),
                Map.of("o-1", stored("o-1", "PAID", 3, 2, Map.of(PLACED.eventId(), 1, PAID.eventId(), 2))));
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.ordersWrong()).isZero();
        assertThat(r.byPhase().get("warm-up").sent).isEqualTo(3);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void shouldCountAnEventTheStoreLacksAsLostInItsPhase() {
        var r = Reconciler.orders(List.of(sends(PLACED, "warm-up", 1, 0), sends(PAID, "job kill -9", 1, 0)),
                Map.of(PLACED.eventId(), 1, PAID.eventId(), 1),
                Map.of("o-1", stored("o-1", "PLACED", 1, 1, Map.of(PLACED.eventId(), 1))));
        assertThat(r.byPhase().get("job kill -9").lost).isEqualTo(1);
        assertThat(r.byPhase().get("warm-up").lost).isZero();
        assertThat(r.ordersWrong()).isEqualTo(1);
    }

    @Test
    void shouldCountEventsFlaggedLateThoughOnTimeInTheirPhase() {
        var r = Reconciler.orders(List.of(sends(PLACED, "warm-up", 1, 0), sends(PAID, "Elasticsearch down", 1, 0)),
                Map.of(PLACED.eventId(), 1, PAID.eventId(), 1),
                Map.of("o-1", new Reconciler.StoredOrder("o-1", "PAID", 2, 2, Map.of(PLACED.eventId(), 1,
                        PAID.eventId(), 1), List.of(PAID.eventId() + " (occurred x, in Kafka y)"))));
        assertThat(r.lateOnTime()).isEqualTo(1);
        assertThat(r.byPhase().get("Elasticsearch down").lateOnTime).isEqualTo(1);
        assertThat(r.byPhase().get("warm-up").lateOnTime).isZero();
    }

    @Test
    void shouldCountAnEventAppliedTwiceAsDuplicated() {
        var r = Reconciler.orders(List.of(sends(PLACED, "warm-up", 1, 0)), Map.of(PLACED.eventId(), 1),
                Map.of("o-1", stored("o-1", "PLACED", 2, 1, Map.of(PLACED.eventId(), 2))));
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.ordersWrong()).isEqualTo(1); // revision 2 where the topic held one copy
    }

    @Test
    void shouldCountAnAcceptedEventMissingFromTheTopicAsLost() {
        var r = Reconciler.orders(List.of(sends(PLACED, "web server kill -9", 1, 0)), Map.of(), Map.of());
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void shouldAcceptACopyFromAnAmbiguousAttemptButNotAnUnexplainedOne() {
        Map<String, Reconciler.StoredOrder> store = Map.of("o-1", stored("o-1", "PLACED", 2, 1,
                Map.of(PLACED.eventId(), 2)));
        var explained = Reconciler.orders(List.of(sends(PLACED, "Kafka restart", 1, 1)),
                Map.of(PLACED.eventId(), 2), store);
        var unexplained = Reconciler.orders(List.of(sends(PLACED, "Kafka restart", 1, 0)),
                Map.of(PLACED.eventId(), 2), store);
        assertThat(explained.duplicated()).isZero();
        assertThat(explained.ambiguousCopies()).isEqualTo(1);
        assertThat(explained.ordersWrong()).isZero();
        assertThat(unexplained.duplicated()).isEqualTo(1);
    }

    @Test
    void shouldFlagAWrongStatusAndAStoredOrderNeverSent() {
        var r = Reconciler.orders(List.of(sends(PLACED, "warm-up", 1, 0), sends(PAID, "warm-up", 1, 0)),
                Map.of(PLACED.eventId(), 1, PAID.eventId(), 1),
                Map.of("o-1", stored("o-1", "PLACED", 2, 2, Map.of(PLACED.eventId(), 1, PAID.eventId(), 1)),
                        "o-x", stored("o-x", "PLACED", 1, 1, Map.of())));
        assertThat(r.ordersWrong()).isEqualTo(1);
        assertThat(r.unexpectedOrders()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ alerts

    static RuleModel.Expected sla(String orderId, String country) {
        return new RuleModel.Expected(ChaosRules.PAID, "SLA_BREACH", orderId, country, T0, null);
    }

    static Reconciler.FoundAlert found(String id, String orderId) {
        return new Reconciler.FoundAlert(id, ChaosRules.PAID, "SLA_BREACH", orderId, T0, "OPEN", false);
    }

    @Test
    void shouldMatchAlertsByRuleAndOrder() {
        var r = Reconciler.alerts(List.of(sla("o-1", "DE"), sla("o-2", "DE"), sla("o-3", "FR")), List.of(), List.of(),
                List.of(found("a1", "o-1"), found("a2", "o-2"), found("a2b", "o-2"), found("a4", "o-4")));
        assertThat(r.found()).isEqualTo(2);
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.unexpected()).isEqualTo(1);
    }

    @Test
    void shouldMatchVelocityEpisodesByTheirStart() {
        var expected = new RuleModel.Expected(ChaosRules.BURST, "VELOCITY", null, null, T0.plusSeconds(10),
                T0.plusSeconds(130));
        var r = Reconciler.alerts(List.of(expected), List.of(), List.of(), List.of(new Reconciler.FoundAlert("v1",
                ChaosRules.BURST, "VELOCITY", null, T0.plusSeconds(10), "RESOLVED", false)));
        assertThat(r.found()).isEqualTo(1);
        assertThat(r.unexpected()).isZero();
    }

    @Test
    void shouldReportAnExpectedAlertFlaggedLate() {
        var r = Reconciler.alerts(List.of(sla("o-1", "DE")), List.of(), List.of(), List.of(new Reconciler.FoundAlert("a1",
                ChaosRules.PAID, "SLA_BREACH", "o-1", T0, "RESOLVED", true)));
        assertThat(r.flaggedLate()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAnExcusedAlertPresentOrAbsent() {
        var excuse = new RuleModel.Excuse(ChaosRules.PAID, "o-9", "DE", null, null, "payment accepted late");
        var present = Reconciler.alerts(List.of(), List.of(excuse), List.of(), List.of(found("a9", "o-9")));
        var absent = Reconciler.alerts(List.of(), List.of(excuse), List.of(), List.of());
        assertThat(present.unexpected()).isZero();
        assertThat(absent.missing()).isZero();
        assertThat(present.excused()).isEqualTo(1);
        assertThat(Reconciler.alerts(List.of(), List.of(), List.of(), List.of(found("a9", "o-9"))).unexpected())
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ notifications

    @Test
    void shouldAllowAnExcusedAlertToBeAnnouncedOrNot() {
        var excuse = new RuleModel.Excuse(ChaosRules.PAID, "o-9", "DE", null, null, "payment accepted late");
        var with = Reconciler.notifications(List.of(sla("o-1", "DE")), List.of(excuse),
                List.of(ok(firing("DE", 2))));
        var without = Reconciler.notifications(List.of(sla("o-1", "DE")), List.of(excuse),
                List.of(ok(firing("DE", 1))));
        var tooMany = Reconciler.notifications(List.of(sla("o-1", "DE")), List.of(excuse),
                List.of(ok(firing("DE", 3))));
        assertThat(with.problems()).isEmpty();
        assertThat(without.problems()).isEmpty();
        assertThat(tooMany.doubled()).isEqualTo(1);
    }

    static Reconciler.Receipt ok(String body) {
        return new Reconciler.Receipt(T0, 200, body);
    }

    static String firing(String country, int n) {
        return body("[WARNING] " + n + " orders breached 'Chaos' · " + country + " · last 1 min",
                "Chaos (chaos-paid)", n + " orders open", "country=" + country);
    }

    static String update(String country, int n, int fresh) {
        return body("[WARNING] " + n + " orders breached 'Chaos' · " + country + " · last 1 min (+" + fresh + " new)",
                "Chaos (chaos-paid)", n + " orders open (" + fresh + " new)", "country=" + country);
    }

    @Test
    void shouldCountEachAlertAnnouncedOnceInItsGroup() {
        var r = Reconciler.notifications(List.of(sla("o-1", "DE"), sla("o-2", "DE"), sla("o-3", "DE"),
                sla("o-4", "FR")), List.of(), List.of(ok(firing("DE", 2)), ok(update("DE", 3, 1)), ok(firing("FR", 1))));
        assertThat(r.expected()).isEqualTo(4);
        assertThat(r.delivered()).isEqualTo(4);
        assertThat(r.lost()).isZero();
        assertThat(r.doubled()).isZero();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void shouldFindALostAndADoubledAnnouncement() {
        String fr = firing("FR", 1);
        var r = Reconciler.notifications(List.of(sla("o-1", "DE"), sla("o-4", "FR")), List.of(),
                List.of(ok(fr), ok(fr)));
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.doubled()).isEqualTo(1);
        assertThat(r.identicalRedeliveries()).isEqualTo(1);
    }

    @Test
    void shouldAcceptARefusedMessageDeliveredLaterButNotOneNeverDelivered() {
        String de = firing("DE", 1);
        String fr = firing("FR", 1);
        var r = Reconciler.notifications(List.of(sla("o-1", "DE"), sla("o-4", "FR")), List.of(), List.of(
                new Reconciler.Receipt(T0, 429, de), new Reconciler.Receipt(T0.plusSeconds(3), 500, de), ok(de),
                new Reconciler.Receipt(T0, 500, fr)));
        assertThat(r.refusedAnswers()).isEqualTo(3);
        assertThat(r.refusedNeverDelivered()).isEqualTo(1);
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void shouldExpectAVelocityEpisodeAnnouncedAndResolved() {
        var episode = new RuleModel.Expected(ChaosRules.BURST, "VELOCITY", null, null, T0, T0.plusSeconds(130));
        String opened = body("[INFO] 1 segment out of bounds: 'Burst' · last 1 min", "Burst (chaos-burst)",
                "1 segment open", "all");
        String over = body("[RESOLVED] 'Burst': the alert is over", "Burst (chaos-burst)", "1 resolved", "all");
        assertThat(Reconciler.notifications(List.of(episode), List.of(), List.of(ok(opened), ok(over))).problems()).isEmpty();
        assertThat(Reconciler.notifications(List.of(episode), List.of(), List.of(ok(opened))).lost()).isEqualTo(1);
    }

    @Test
    void shouldCallAResolvedNoticeOfAnSlaGroupUnexpected() {
        String over = body("[RESOLVED] 'Chaos' · DE: the alert is over", "Chaos (chaos-paid)", "1 resolved",
                "country=DE");
        var r = Reconciler.notifications(List.of(sla("o-1", "DE")), List.of(),
                List.of(ok(firing("DE", 1)), ok(over)));
        assertThat(r.doubled()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ dead letters

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldMatchDeadLettersByTheirBytes() {
        var r = Reconciler.deadLetters(List.of(new Reconciler.InvalidSend(bytes("{bad-1"), "warm-up"),
                new Reconciler.InvalidSend(bytes("[\"bad-2\"]"), "job kill -9")), List.of(
                new Reconciler.DeadLetter(bytes("{bad-1"), "bpmon.order-events/0@5", "not JSON"),
                new Reconciler.DeadLetter(bytes("[\"bad-2\"]"), "bpmon.order-events/1@9", "not an object")));
        assertThat(r.found()).isEqualTo(2);
        assertThat(r.missing() + r.unexpected() + r.copies()).isZero();
    }

    @Test
    void shouldCountASecondDeadLetterOfOneOffsetAsACopy() {
        var r = Reconciler.deadLetters(List.of(new Reconciler.InvalidSend(bytes("{bad-1"), "job kill -9")), List.of(
                new Reconciler.DeadLetter(bytes("{bad-1"), "bpmon.order-events/0@5", "not JSON"),
                new Reconciler.DeadLetter(bytes("{bad-1"), "bpmon.order-events/0@5", "not JSON")));
        assertThat(r.found()).isEqualTo(1);
        assertThat(r.copies()).isEqualTo(1);
        assertThat(r.byPhase().get("job kill -9").duplicated).isEqualTo(1);
    }

    @Test
    void shouldFindAMissingAndAnUnexpectedDeadLetter() {
        var r = Reconciler.deadLetters(List.of(new Reconciler.InvalidSend(bytes("{bad-1"), "warm-up")), List.of(
                new Reconciler.DeadLetter(bytes("{\"eventId\":\"o-1-x\"}"), "bpmon.order-events/0@7",
                        "store refused: mapper_parsing_exception")));
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.unexpected()).isEqualTo(1);
        assertThat(r.byPhase().get("warm-up").lost).isEqualTo(1);
    }
}
