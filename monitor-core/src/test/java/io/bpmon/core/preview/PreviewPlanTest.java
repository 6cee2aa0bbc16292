package io.bpmon.core.preview;

import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderTimings;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule previews on a fixed history, against counts worked out by hand from docs/contract.md. The condition is
 * evaluated in Java here; PreviewIT runs the same documents through Elasticsearch.
 */
public class PreviewPlanTest {

    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    /** Payment within 30 min, Germany only. */
    public static final String PAYMENT_30M_DE = """
            {"id":"pay-de","name":"Payment DE","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "scope":{"country":["DE"]}}""";
    /** Stalled 60 min after payment. */
    public static final String STALL_PAID_60M = """
            {"id":"stall-paid","name":"Stalled paid","kind":"STALL","maxDuration":"PT60M","statuses":["PAID"]}""";
    public static final String STALL_ANY_60M = """
            {"id":"stall-any","name":"Stalled","kind":"STALL","maxDuration":"PT60M"}""";

    /** STEP_SLA history; with [minutes(0), minutes(120)) the rule flags o-2, o-3, o-5, o-10, o-11. */
    public static List<OrderState> slaHistory() {
        return List.of(
                order(placed("o-1", minutes(0), "country", "DE"), paid("o-1", minutes(20))), // in time
                order(placed("o-2", minutes(10), "country", "DE"), paid("o-2", minutes(50))), // late
                order(placed("o-3", minutes(20), "country", "DE")), // never paid
                order(placed("o-4", minutes(30), "country", "DE"), cancelled("o-4", minutes(45))), // before deadline
                order(placed("o-5", minutes(40), "country", "DE"), cancelled("o-5", minutes(80))), // after it
                order(placed("o-6", minutes(50), "country", "DE"), shipped("o-6", minutes(70))), // later step counts
                order(placed("o-7", minutes(0), "country", "AT")), // out of scope
                order(placed("o-8", minutes(-60), "country", "DE")), // deadline before the range
                order(placed("o-9", minutes(100), "country", "DE")), // deadline after the range
                order(placed("o-10", minutes(60), "country", "DE"), paid("o-10", minutes(90))), // exactly at deadline
                order(placed("o-11", minutes(89), "country", "DE")), // deadline 119: last minute in the range
                order(placed("o-12", minutes(90), "country", "DE"))); // deadline 120: range end is exclusive
    }

    /** STALL history; see the tests for what each rule flags. */
    public static List<OrderState> stallHistory() {
        return List.of(
                order(placed("s-1", minutes(0)), paid("s-1", minutes(10)), shipped("s-1", minutes(100))),
                order(placed("s-2", minutes(0)), paid("s-2", minutes(10)), shipped("s-2", minutes(50))),
                order(placed("s-3", minutes(0)), paid("s-3", minutes(100))),
                order(placed("s-4", minutes(0))),
                order(placed("s-5", minutes(0)), paid("s-5", minutes(200))),
                order(placed("s-6", minutes(0)), paid("s-6", minutes(10)),
                        withEventId(paid("s-6", minutes(50)), "s-6-second-payment"), shipped("s-6", minutes(115))),
                order(placed("s-7", minutes(0)), paid("s-7", minutes(10)), cancelled("s-7", minutes(80))));
    }

    @Test
    void shouldFlagLateMissingAndLateCancelledPaymentsInScopeWithADeadlineInTheRange() {
        Condition c = PreviewPlan.flagged(rule(PAYMENT_30M_DE), LIFECYCLE, minutes(0), minutes(120));
        assertThat(flagged(c, slaHistory())).containsExactly("o-2", "o-3", "o-5", "o-10", "o-11");
    }

    @Test
    void shouldFlagMoreWithAShorterDurationAndFewerWithALongerOne() {
        Rule tenMinutes = rule(PAYMENT_30M_DE.replace("PT30M", "PT10M"));
        // o-1 took 20 min; o-6 shipped after 20 min; o-4 cancelled after 15 min (after the 10 min deadline);
        // o-9 (placed 100) and o-12 (placed 90) now have deadlines inside the range
        assertThat(flagged(PreviewPlan.flagged(tenMinutes, LIFECYCLE, minutes(0), minutes(120)), slaHistory()))
                .containsExactly("o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-9", "o-10", "o-11", "o-12");
        Rule twoHours = rule(PAYMENT_30M_DE.replace("PT30M", "PT2H"));
        // deadlines in [0, 120) need a placement in [-120, 0): only o-8, never paid
        assertThat(flagged(PreviewPlan.flagged(twoHours, LIFECYCLE, minutes(0), minutes(120)), slaHistory()))
                .containsExactly("o-8");
    }

    @Test
    void shouldFlagStallsInWatchedStatusesClosedOrStillOpen() {
        Condition c = PreviewPlan.flagged(rule(STALL_PAID_60M), LIFECYCLE, minutes(0), minutes(240));
        // s-1: paid 10, quiet 90; s-3: paid 100, quiet since; s-6: second payment at 50, quiet 65;
        // s-7: paid 10, cancelled 80. Not s-2 (quiet 40), s-4 (PLACED is not watched), s-5 (deadline 260)
        assertThat(flagged(c, stallHistory())).containsExactly("s-1", "s-3", "s-6", "s-7");
    }

    @Test
    void shouldWatchEveryNonTerminalStatusWhenNoneAreNamed() {
        Condition c = PreviewPlan.flagged(rule(STALL_ANY_60M), LIFECYCLE, minutes(0), minutes(65));
        // deadlines before 65: quiet since before 5, i.e. in PLACED from 0 for 60 min or more
        assertThat(flagged(c, stallHistory())).containsExactly("s-3", "s-4", "s-5");
    }

    @Test
    void shouldStoreHowLongEachWaitTookUntilItsStepALaterStepOrACancellation() {
        OrderState delivered = order(placed("w-1", minutes(0)), paid("w-1", minutes(5)), shipped("w-1", minutes(65)),
                delivered("w-1", minutes(185)));
        Map<String, Map<String, Long>> waits = OrderTimings.waits(delivered.steps(), LIFECYCLE);
        assertThat(waits.get("PLACED")).containsOnly(Map.entry("PAID", 300_000L), Map.entry("SHIPPED", 3_900_000L),
                Map.entry("DELIVERED", 11_100_000L));
        assertThat(waits.get("SHIPPED")).containsOnly(Map.entry("DELIVERED", 7_200_000L));
        assertThat(waits).doesNotContainKey("DELIVERED"); // RETURNED never came

        OrderState cancelledOrder = order(placed("w-2", minutes(0)), cancelled("w-2", minutes(7)));
        assertThat(OrderTimings.waits(cancelledOrder.steps(), LIFECYCLE).get("PLACED"))
                .containsEntry("PAID", 420_000L).containsEntry("CANCELLED", 420_000L);

        ObjectNode doc = OrderDocument.of(delivered, LIFECYCLE);
        assertThat(doc.path("waits").path("PAID").path("SHIPPED").asLong()).isEqualTo(3_600_000L);
        assertThat(doc.path("quiet").path("PAID").path("longest").asLong()).isEqualTo(3_600_000L);
        assertThat(doc.path("quiet").path("PAID").path("since").asText()).isEqualTo(minutes(5).toString());
        assertThat(doc.path("quiet").has("DELIVERED")).isFalse();
        assertThat(doc.path("eventTimes").path("ORDER_SHIPPED").get(0).asText()).isEqualTo(minutes(65).toString());
    }

    @Test
    void shouldJudgeTheOrdersWhoseDeadlineFellInTheRangeOfWhichTheFlaggedAreSome() {
        Rule rule = rule(PAYMENT_30M_DE);
        // DE orders placed in [-30, 90): all but o-7 (AT), o-8 (-60), o-9 (100) and o-12 (90)
        assertThat(flagged(PreviewPlan.judged(rule, LIFECYCLE, minutes(0), minutes(120)), slaHistory()))
                .containsExactly("o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-10", "o-11");
        // entered PAID in [-60, 180) (not s-5, paid at 200), or flagged
        assertThat(flagged(PreviewPlan.judged(rule(STALL_PAID_60M), LIFECYCLE, minutes(0), minutes(240)),
                stallHistory())).containsExactly("s-1", "s-2", "s-3", "s-6", "s-7");
    }

    @Test
    void shouldObserveCompletedWaitsAndQuietSpellsThatBeganInTheRange() {
        List<PreviewPlan.Observed> waits = PreviewPlan.observed(rule(PAYMENT_30M_DE), LIFECYCLE, minutes(0),
                minutes(120));
        assertThat(waits).extracting(PreviewPlan.Observed::field).containsExactly("waits.PLACED.PAID");
        // placed in range, paid or later, not cancelled: o-1 20m, o-2 40m, o-6 20m (shipped), o-10 30m
        assertThat(flagged(waits.get(0).orders(), slaHistory())).containsExactly("o-1", "o-2", "o-6", "o-10");

        List<PreviewPlan.Observed> quiet = PreviewPlan.observed(rule(STALL_ANY_60M), LIFECYCLE, minutes(0),
                minutes(240));
        assertThat(quiet).extracting(PreviewPlan.Observed::field).contains("quiet.PLACED.longest",
                "quiet.PAID.longest");
    }

    static List<String> flagged(Condition c, List<OrderState> orders) {
        List<String> ids = new ArrayList<>();
        for (OrderState o : orders) {
            if (c.matches(OrderDocument.of(o, LIFECYCLE))) {
                ids.add(o.orderId());
            }
        }
        return ids;
    }

    public static Rule rule(String json) {
        try {
            return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static OrderState order(OrderEvent... events) {
        OrderState state = new OrderState(events[0].orderId());
        for (OrderEvent e : events) {
            state.apply(e, false, LIFECYCLE);
        }
        return state;
    }
}
