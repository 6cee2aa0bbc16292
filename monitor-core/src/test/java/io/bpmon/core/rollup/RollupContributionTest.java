package io.bpmon.core.rollup;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rollup.RollupContribution.Verdict;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollupContributionTest {

    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    static final List<String> BY_COUNTRY = List.of("country");
    static final Rule PAY_30M = rule("""
            {"id":"pay","name":"Paid in 30 min","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "severity":"WARNING"}""");
    static final Rule STALL_1D = rule("""
            {"id":"stall","name":"Stalled a day","kind":"STALL","maxDuration":"P1D","severity":"WARNING"}""");

    static Rule rule(String json) {
        try {
            return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OrderState order(OrderEvent... events) {
        OrderState state = new OrderState(events[0].orderId());
        for (OrderEvent e : events) {
            state.apply(e, false, LIFECYCLE);
        }
        return state;
    }

    /** A placement in DE with a typed amount. */
    static OrderEvent placedWith(String orderId, java.time.Instant at, String amount, String currency) {
        return placed(orderId, at, "country", "DE", AttributeKinds.AMOUNT, amount, AttributeKinds.CURRENCY, currency)
                .withAttributeKinds(Map.of(AttributeKinds.AMOUNT, AttributeKinds.NUMBER));
    }

    static RollupContribution of(OrderState state, Set<String> breached) {
        return RollupContribution.of(state, BY_COUNTRY, List.of(PAY_30M, STALL_1D), breached, LIFECYCLE);
    }

    @Test
    void shouldCountAnOrderOnItsPlacementDayWithItsAmountStepDurationsAndVerdicts() {
        OrderState state = order(placedWith("o-1", BEGINNING, "59.9", "EUR"), paid("o-1", minutes(10)),
                shipped("o-1", hours(20)));

        RollupContribution c = of(state, Set.of());

        assertThat(c.day()).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(c.segment()).containsExactly(Map.entry("country", "DE"));
        assertThat(c.key()).isEqualTo("[\"2026-11-28\",\"DE\"]");
        assertThat(c.currency()).isEqualTo("EUR");
        assertThat(c.amount()).isEqualByComparingTo("59.9");
        assertThat(c.stepDurations()).containsExactly(Map.entry("PLACED->PAID", 600_000L),
                Map.entry("PAID->SHIPPED", hours(20).toEpochMilli() - minutes(10).toEpochMilli()));
        assertThat(c.rules()).containsExactly(Map.entry("pay", Verdict.MET), Map.entry("stall", Verdict.PENDING));
        assertThat(RollupContribution.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void shouldMoveAnOrderToTheDayOfItsPlacementWhenThePlacementArrivesLate() {
        // the payment arrives first, just after midnight; the placement, late, was the evening before
        OrderState state = order(paid("o-1", hours(14).plusSeconds(60)));
        RollupContribution before = of(state, Set.of());
        assertThat(before.day()).as("first event's day until the placement is known")
                .isEqualTo(LocalDate.parse("2026-11-29"));

        state.apply(placed("o-1", hours(13), "country", "DE"), true, LIFECYCLE);
        RollupContribution after = of(state, Set.of());

        assertThat(after.day()).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(after.key()).isNotEqualTo(before.key());
    }

    @Test
    void shouldUseNoneForAMissingSegmentAttributeAndForAMissingCurrency() {
        OrderState state = order(placed("o-1", BEGINNING, "amount", "12"));

        RollupContribution c = of(state, Set.of());

        assertThat(c.segment()).containsExactly(Map.entry("country", RollupContribution.NONE));
        assertThat(c.currency()).isEqualTo(RollupContribution.NONE);
        assertThat(c.amount()).isEqualByComparingTo(BigDecimal.valueOf(12));
        assertThat(of(order(placed("o-2", BEGINNING, "amount", "many")), Set.of()).amount())
                .as("not a number: no revenue").isNull();
    }

    @Test
    void shouldJudgeBreachedAbandonedAndOutOfScopeOrders() {
        Rule deOnly = rule("""
                {"id":"de","name":"DE paid","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
                 "severity":"WARNING","scope":{"country":["DE"]}}""");
        OrderState cancelledFr = order(placed("o-1", BEGINNING, "country", "FR"), cancelled("o-1", minutes(5)));

        RollupContribution c = RollupContribution.of(cancelledFr, BY_COUNTRY, List.of(PAY_30M, STALL_1D, deOnly),
                Set.of(), LIFECYCLE);
        assertThat(c.rules()).as("cancelled before paying; a stall rule is met by finishing; FR is not in 'de'")
                .containsExactly(Map.entry("pay", Verdict.ABANDONED), Map.entry("stall", Verdict.MET));
        OrderState cancelledWithAmount = order(placedWith("o-3", BEGINNING, "30", "EUR"), cancelled("o-3", hours(1)));
        assertThat(of(cancelledWithAmount, Set.of()).amount()).as("a cancelled order is no revenue").isNull();

        OrderState late = order(placed("o-2", BEGINNING, "country", "DE"), paid("o-2", hours(1)),
                delivered("o-2", hours(30)));
        assertThat(of(late, Set.of("pay")).rules()).containsEntry("pay", Verdict.BREACHED)
                .containsEntry("stall", Verdict.MET);
    }

    @Test
    void shouldCountAResolvedAlertAsABreachButNotOneTheRuleWithdrew() {
        Alert late = alert("pay", Resolution.COMPLETED_LATE);
        Alert withdrawn = alert("stall", Resolution.RULE_CHANGED);
        Alert disabled = alert("other", Resolution.RULE_DISABLED);

        assertThat(RollupContribution.breachedRules(List.of(late, withdrawn, disabled))).containsExactly("pay");
    }

    private static Alert alert(String ruleId, Resolution resolution) {
        return new Alert("a-" + ruleId, ruleId, 1, ruleId, AlertKind.SLA_BREACH, Severity.WARNING, "o-1", Map.of(),
                AlertStatus.RESOLVED, "PLACED", "PAID", BEGINNING, minutes(30), minutes(31), hours(1), resolution,
                false, null, null, 2);
    }
}
