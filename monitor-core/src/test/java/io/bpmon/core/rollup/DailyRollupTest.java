package io.bpmon.core.rollup;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.rollup.RollupContributionTest.LIFECYCLE;
import static io.bpmon.core.rollup.RollupContributionTest.of;
import static io.bpmon.core.rollup.RollupContributionTest.order;
import static io.bpmon.core.rollup.RollupContributionTest.placedWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.order.OrderState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DailyRollupTest {

    private static final Instant NOW = Instant.parse("2026-11-28T23:00:00Z");

    private final DailyRollup rollup = new DailyRollup();
    private final DailyRollup.HeapHistograms histograms = new DailyRollup.HeapHistograms();

    private JsonNode publish() throws Exception {
        return Json.mapper().readTree(rollup.publish(histograms, NOW));
    }

    /** Orders o-0.. placed at BEGINNING, paid after the given minutes, each 10 EUR. */
    private List<OrderState> paidAfter(int... minutes) throws Exception {
        List<OrderState> orders = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            OrderState o = order(placedWith("o-" + i, BEGINNING, "10", "EUR"), paid("o-" + i, minutes(minutes[i])));
            rollup.apply(null, of(o, Set.of()), histograms);
            orders.add(o);
        }
        return orders;
    }

    @Test
    void shouldSumOrdersRevenueStepsAndCompliance() throws Exception {
        paidAfter(5, 10, 20, 40);
        rollup.apply(null, of(order(placedWith("o-sek", BEGINNING, "100", "SEK")), Set.of()), histograms);

        JsonNode r = publish();

        assertThat(r.path("schema").asInt()).isEqualTo(DailyRollup.SCHEMA);
        assertThat(r.path("day").asText()).isEqualTo("2026-11-28");
        assertThat(r.path("segment").path("country").asText()).isEqualTo("DE");
        assertThat(r.path("rollupKey").asText()).isEqualTo("[\"2026-11-28\",\"DE\"]");
        assertThat(r.path("revision").asLong()).isEqualTo(1);
        assertThat(r.path("orders").asLong()).isEqualTo(5);
        assertThat(r.path("revenue").path("EUR").path("total").decimalValue()).isEqualByComparingTo("40");
        assertThat(r.path("revenue").path("EUR").path("average").decimalValue()).isEqualByComparingTo("10");
        assertThat(r.path("revenue").path("SEK").path("total").decimalValue())
                .as("never summed across currencies").isEqualByComparingTo("100");
        JsonNode pay = r.path("steps").path("PLACED->PAID");
        assertThat(pay.path("count").asLong()).isEqualTo(4);
        assertThat(pay.path("medianMillis").asLong()).isCloseTo(600_000, org.assertj.core.data.Offset.offset(6_000L));
        assertThat(pay.path("p95Millis").asLong()).isCloseTo(2_400_000, org.assertj.core.data.Offset.offset(24_000L));
        // breaches come from the job's alerts (none here), so every paid order met the rule; o-sek is not paid yet
        JsonNode rule = r.path("rules").path("pay");
        assertThat(rule.path("inScope").asLong()).isEqualTo(5);
        assertThat(rule.path("met").asLong()).isEqualTo(4);
        assertThat(rule.path("pending").asLong()).isEqualTo(1);
        assertThat(rule.path("compliancePercent").decimalValue()).isEqualByComparingTo("100");
        assertThat(r.path("updatedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void shouldChangeThePastDaysMedianWhenALateEventMovesAnOrdersPaidTime() throws Exception {
        List<OrderState> orders = paidAfter(5, 10, 20);
        assertThat(publish().path("steps").path("PLACED->PAID").path("medianMillis").asLong())
                .isCloseTo(600_000, org.assertj.core.data.Offset.offset(6_000L));

        // o-2's real payment arrives late: paid after 2 minutes, not 20 (its PAID step moves back)
        OrderState o2 = orders.get(2);
        RollupContribution before = of(o2, Set.of());
        o2.apply(paid("o-2", minutes(2)), true, LIFECYCLE);
        rollup.apply(before, of(o2, Set.of()), histograms);

        JsonNode r = publish();
        JsonNode pay = r.path("steps").path("PLACED->PAID");
        assertThat(pay.path("count").asLong()).as("replaced, not added").isEqualTo(3);
        assertThat(pay.path("medianMillis").asLong()).isCloseTo(300_000, org.assertj.core.data.Offset.offset(3_000L));
        assertThat(pay.path("p95Millis").asLong()).isCloseTo(600_000, org.assertj.core.data.Offset.offset(6_000L));
        assertThat(r.path("orders").asLong()).isEqualTo(3);
        assertThat(r.path("revision").asLong()).isEqualTo(2);
    }

    @Test
    void shouldLeaveATombstoneWhenItsLastOrderMovesToAnotherDay() throws Exception {
        OrderState o = order(paid("o-1", hours(14).plusSeconds(60)));
        RollupContribution nextDay = of(o, Set.of());
        DailyRollup other = new DailyRollup();
        DailyRollup.HeapHistograms otherHistograms = new DailyRollup.HeapHistograms();
        other.apply(null, nextDay, otherHistograms);
        assertThat(other.publish(otherHistograms, NOW)).isNotNull();

        o.apply(placed("o-1", hours(13), "country", "DE"), true, LIFECYCLE);
        RollupContribution placedDay = of(o, Set.of());
        other.apply(nextDay, null, otherHistograms);
        rollup.apply(null, placedDay, histograms);

        assertThat(other.publish(otherHistograms, NOW)).as("no order left: a tombstone").isNull();
        assertThat(other.revision()).isEqualTo(2);
        assertThat(otherHistograms.all()).isEmpty();
        assertThat(publish().path("orders").asLong()).isEqualTo(1);
    }

    @Test
    void shouldCountABreachAndItsComplianceAndKeepItAcrossItsEncoding() throws Exception {
        List<OrderState> orders = paidAfter(5, 10, 40, 50);
        // the job raised alerts for the two late payments
        for (OrderState late : orders.subList(2, 4)) {
            rollup.apply(of(late, Set.of()), of(late, Set.of("pay")), histograms);
        }
        DailyRollup back = DailyRollup.decode(rollup.encode());

        JsonNode rule = Json.mapper().readTree(back.publish(histograms, NOW)).path("rules").path("pay");

        assertThat(rule.path("met").asLong()).isEqualTo(2);
        assertThat(rule.path("breached").asLong()).isEqualTo(2);
        assertThat(rule.path("compliancePercent").decimalValue()).isEqualByComparingTo("50");
        assertThat(back.changed()).isFalse();
    }

    @Test
    void shouldNeverGoBelowZeroWhenAnOrderCountedBeforeTheRollupExistedChanges() throws Exception {
        paidAfter(5);
        // o-9 was placed and paid before the job had a roll-up: its old contribution was never added
        OrderState old = order(placedWith("o-9", BEGINNING, "10", "SEK"), paid("o-9", minutes(50)));
        RollupContribution before = of(old, Set.of());
        old.apply(io.bpmon.core.fixtures.Events.shipped("o-9", hours(5)), false, LIFECYCLE);

        assertThat(rollup.apply(before, of(old, Set.of()), histograms)).as("not all there to take out").isFalse();

        JsonNode r = publish();
        // o-9's old order count took o-0's: a day with orders from before the roll-up stays approximate (never
        // negative); the amount in a currency the day did not have yet is what told it
        assertThat(r.path("orders").asLong()).isEqualTo(1);
        assertThat(r.path("revenue").path("SEK").path("orders").asLong()).isEqualTo(1);
        assertThat(r.path("revenue").path("EUR").path("orders").asLong()).isEqualTo(1);
        assertThat(r.path("steps").path("PAID->SHIPPED").path("count").asLong()).isEqualTo(1);
        assertThat(r.path("rules").path("pay").path("met").asLong()).isEqualTo(1);
        assertThat(rollup.apply(of(old, Set.of()), of(old, Set.of("pay")), histograms)).as("counted now").isTrue();
    }
}
