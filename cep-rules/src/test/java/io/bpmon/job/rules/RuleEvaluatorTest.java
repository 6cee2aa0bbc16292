package io.bpmon.job.rules;

import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.Finding;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CEP patterns of STEP_SLA and STALL rules, judged against docs/contract.md, with explicit watermarks. */
class RuleEvaluatorTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final Rule PAYMENT_30M = rule("""
            {"id":"pay-30m","name":"Payment within 30 min","kind":"STEP_SLA","from":"PLACED","to":"PAID",
             "maxDuration":"PT30M","severity":"WARNING"}""");
    private static final Rule STALL_60M = rule("""
            {"id":"stall-60m","name":"Stalled 60 min","kind":"STALL","maxDuration":"PT60M","severity":"CRITICAL"}""");

    private final RuleEvaluator evaluator = new RuleEvaluator(LIFECYCLE);

    @AfterEach
    void bufferIsEmptyAfterEveryEvaluation() throws Exception {
        assertThat(evaluator.bufferedEntries()).isZero();
        evaluator.close();
    }

    @Test
    void shouldFlagBreachOnceTheWatermarkPassesTheDeadline() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)));

        RuleEvaluator.Evaluation before = evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(29)));
        assertThat(before.findings()).isEmpty();
        assertThat(before.nextDeadline()).isEqualTo(ms(minutes(30)));

        RuleEvaluator.Evaluation after = evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(30)));
        assertThat(after.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(AlertKind.SLA_BREACH);
            assertThat(f.startedAt()).isEqualTo(minutes(0));
            assertThat(f.deadline()).isEqualTo(minutes(30));
            assertThat(f.isResolved()).isFalse();
            assertThat(f.fromStep()).isEqualTo("PLACED");
            assertThat(f.toStep()).isEqualTo("PAID");
        });
        assertThat(after.nextDeadline()).isNull();
    }

    @Test
    void shouldReportTwoStallsInTheSameStatusAsOneFindingTheLatest() throws Exception {
        // a second parcel leaves the order SHIPPED: two stalls in one status are one alert (its id names the status),
        // and the evaluation must name one episode, the latest, or the alert flips between them on every judgement
        OrderState order = order(placed("o-1", minutes(0)), paid("o-1", minutes(10)), shipped("o-1", minutes(20)),
                io.bpmon.core.fixtures.Events.withEventId(shipped("o-1", minutes(120)), "o-1:second-parcel"),
                delivered("o-1", minutes(220)));

        RuleEvaluator.Evaluation evaluation =
                evaluator.evaluate(STALL_60M, "o-1", order.stepEvents(), ms(minutes(600)));

        assertThat(evaluation.findings()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo("SHIPPED");
            assertThat(f.startedAt()).isEqualTo(minutes(120));
            assertThat(f.resolvedAt()).isEqualTo(minutes(220));
        });
    }

    @Test
    void shouldNotFlagWhenPaymentArrivesInTime() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)), paid("o-1", minutes(29)));
        assertThat(evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(600))).findings()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenPaymentArrivesBeforePlacement() throws Exception {
        OrderState order = order(paid("o-1", minutes(5)), placed("o-1", minutes(1)));
        assertThat(evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(600))).findings()).isEmpty();
    }

    @Test
    void shouldCountALaterMainPathStepAsReachingTheAwaitedStep() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)), shipped("o-1", minutes(20)));
        assertThat(evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(600))).findings()).isEmpty();
    }

    @Test
    void shouldResolveBreachWhenPaymentArrivesLate() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)), paid("o-1", minutes(45)));

        Finding f = evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(40))).findings().get(0);

        assertThat(f.resolution()).isEqualTo(Resolution.COMPLETED_LATE);
        assertThat(f.resolvedAt()).isEqualTo(minutes(45));
        assertThat(f.deadline()).isEqualTo(minutes(30));
    }

    @Test
    void shouldDropTheDeadlineWhenCancelledBeforeIt() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)), cancelled("o-1", minutes(10)));
        RuleEvaluator.Evaluation e = evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(600)));
        assertThat(e.findings()).isEmpty();
        assertThat(e.nextDeadline()).isNull();
    }

    @Test
    void shouldKeepTheBreachWhenCancelledAfterTheDeadline() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)), cancelled("o-1", minutes(50)));
        Finding f = evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(600))).findings().get(0);
        assertThat(f.resolution()).isEqualTo(Resolution.CANCELLED);
        assertThat(f.resolvedAt()).isEqualTo(minutes(50));
    }

    @Test
    void shouldFlagAStallInTheLastStatusAndResolveItWhenTheOrderMovesOn() throws Exception {
        OrderState quiet = order(placed("o-1", minutes(0)), paid("o-1", minutes(5)));
        RuleEvaluator.Evaluation waiting = evaluator.evaluate(STALL_60M, "o-1", quiet.stepEvents(), ms(minutes(30)));
        assertThat(waiting.findings()).isEmpty();
        assertThat(waiting.nextDeadline()).isEqualTo(ms(minutes(65)));

        Finding stall = evaluator.evaluate(STALL_60M, "o-1", quiet.stepEvents(), ms(minutes(70))).findings().get(0);
        assertThat(stall.kind()).isEqualTo(AlertKind.STALLED);
        assertThat(stall.status()).isEqualTo("PAID");
        assertThat(stall.deadline()).isEqualTo(minutes(65));
        assertThat(stall.isResolved()).isFalse();

        OrderState movedOn = order(placed("o-1", minutes(0)), paid("o-1", minutes(5)), shipped("o-1", minutes(80)));
        Finding resolved = evaluator.evaluate(STALL_60M, "o-1", movedOn.stepEvents(), ms(minutes(90)))
                .findings().get(0);
        assertThat(resolved.alertId()).isEqualTo(stall.alertId());
        assertThat(resolved.resolution()).isEqualTo(Resolution.PROGRESSED);
        assertThat(resolved.resolvedAt()).isEqualTo(minutes(80));
    }

    @Test
    void shouldNotWatchFinishedOrdersForStalls() throws Exception {
        OrderState done = order(placed("o-1", minutes(0)), paid("o-1", minutes(5)), shipped("o-1", minutes(10)),
                delivered("o-1", minutes(20)));
        RuleEvaluator.Evaluation e = evaluator.evaluate(STALL_60M, "o-1", done.stepEvents(), ms(minutes(10_000)));
        assertThat(e.findings()).isEmpty();
        assertThat(e.nextDeadline()).isNull();
    }

    @Test
    void shouldJudgeAnEditedRuleFromTheRecordedStepTimes() throws Exception {
        OrderState order = order(placed("o-1", minutes(0)));
        Rule longer = rule("""
                {"id":"pay-30m","name":"Payment within 30 min","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT2H"}""").withVersion(2, Instant.EPOCH, "test");

        assertThat(evaluator.evaluate(PAYMENT_30M, "o-1", order.stepEvents(), ms(minutes(45))).findings()).hasSize(1);
        RuleEvaluator.Evaluation edited = evaluator.evaluate(longer, "o-1", order.stepEvents(), ms(minutes(45)));
        assertThat(edited.findings()).isEmpty();
        assertThat(edited.nextDeadline()).isEqualTo(ms(minutes(120)));
    }

    private static Rule rule(String json) {
        try {
            return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value()
                    .withVersion(1, Instant.EPOCH, "test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static OrderState order(OrderEvent... events) {
        OrderState state = new OrderState(events[0].orderId());
        for (OrderEvent e : events) {
            state.apply(e, false, LIFECYCLE);
        }
        return state;
    }

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }
}
