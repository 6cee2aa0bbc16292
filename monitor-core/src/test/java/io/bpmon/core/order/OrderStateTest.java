package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.returned;
import static io.bpmon.core.fixtures.Events.seconds;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withAttributes;
import static io.bpmon.core.fixtures.Events.withEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderStateTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    /** A fresh order {@code o-1} with the events applied in the given (arrival) order, none of them late. */
    private static OrderState order(OrderEvent... events) {
        OrderState state = new OrderState("o-1");
        for (OrderEvent e : events) {
            state.apply(e, false, LIFECYCLE);
        }
        return state;
    }

    private static TimelineEntry entryOf(OrderState state, OrderEvent event) {
        return state.timeline().stream()
                .filter(e -> e.eventId().equals(event.eventId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(event.eventId() + " is not on the timeline"));
    }

    private static void assertSameOrder(OrderState actual, OrderState expected) {
        assertThat(OrderDocument.of(actual, LIFECYCLE)).isEqualTo(OrderDocument.of(expected, LIFECYCLE));
    }

    @Nested
    class InOrder {

        @Test
        void shouldStartWithoutStatus() {
            OrderState state = new OrderState("o-1");

            assertThat(state.orderId()).isEqualTo("o-1");
            assertThat(state.status()).isNull();
            assertThat(state.steps()).isEmpty();
            assertThat(state.attributes()).isEmpty();
            assertThat(state.timeline()).isEmpty();
            assertThat(state.revision()).isZero();
            assertThat(state.partitionTime()).isNull();
            assertThat(state.firstEventAt()).isNull();
            assertThat(state.lastEventAt()).isNull();
            assertThat(state.lastReceivedAt()).isNull();
            assertThat(state.isTerminal(LIFECYCLE)).isFalse();
        }

        @Test
        void shouldFollowTheLifecycleFromPlacementToDelivery() {
            OrderState state = order(
                    placed("o-1", BEGINNING),
                    paid("o-1", minutes(5)),
                    shipped("o-1", hours(4)),
                    delivered("o-1", hours(30)));

            assertThat(state.status()).isEqualTo("DELIVERED");
            assertThat(state.isTerminal(LIFECYCLE)).isTrue();
            assertThat(state.steps()).containsExactly(
                    entry("PLACED", BEGINNING), entry("PAID", minutes(5)),
                    entry("SHIPPED", hours(4)), entry("DELIVERED", hours(30)));
            assertThat(state.timeline()).extracting(TimelineEntry::type)
                    .containsExactly("ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED");
            assertThat(state.timeline()).extracting(TimelineEntry::conformance).containsOnlyNulls();
            assertThat(state.violations()).isZero();
            assertThat(state.gaps()).isZero();
            assertThat(state.firstEventAt()).isEqualTo(BEGINNING);
            assertThat(state.lastEventAt()).isEqualTo(hours(30));
        }

        @Test
        void shouldReportStatusOfEachStepAsItIsReached() {
            OrderState state = new OrderState("o-1");

            state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);
            assertThat(state.status()).isEqualTo("PLACED");
            assertThat(state.isTerminal(LIFECYCLE)).isFalse();

            state.apply(paid("o-1", minutes(1)), false, LIFECYCLE);
            assertThat(state.status()).isEqualTo("PAID");

            state.apply(cancelled("o-1", minutes(2)), false, LIFECYCLE);
            assertThat(state.status()).isEqualTo("CANCELLED");
            assertThat(state.isTerminal(LIFECYCLE)).isTrue();
            assertThat(state.violations()).isZero();
        }

        @Test
        void shouldAllowCancellationStraightAfterPlacement() {
            OrderState state = order(placed("o-1", BEGINNING), cancelled("o-1", minutes(3)));

            assertThat(state.status()).isEqualTo("CANCELLED");
            assertThat(state.gaps()).isZero();
            assertThat(state.violations()).isZero();
        }

        @Test
        void shouldAcceptReturnAfterDelivery() {
            OrderState state = order(
                    placed("o-1", BEGINNING),
                    paid("o-1", minutes(5)),
                    shipped("o-1", hours(4)),
                    delivered("o-1", hours(30)),
                    returned("o-1", hours(100)));

            assertThat(state.status()).isEqualTo("RETURNED");
            assertThat(state.isTerminal(LIFECYCLE)).isTrue();
            assertThat(state.steps()).containsEntry("DELIVERED", hours(30)).containsEntry("RETURNED", hours(100));
            assertThat(state.violations()).isZero();
            assertThat(state.gaps()).isZero();
        }

        @Test
        void shouldRejectEventOfAnotherOrder() {
            OrderState state = new OrderState("o-1");

            assertThatThrownBy(() -> state.apply(placed("o-2", BEGINNING), false, LIFECYCLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("o-2")
                    .hasMessageContaining("o-1");
            assertThat(state.revision()).isZero();
        }

        @Test
        void shouldNotLetCallersModifyTheDerivedViews() {
            OrderState state = order(placed("o-1", BEGINNING, "country", "DE"));

            assertThatThrownBy(() -> state.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> state.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> state.timeline().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class OutOfOrder {

        @Test
        void shouldTrackPaymentThatArrivesBeforePlacementLikeInOrder() {
            OrderEvent placed = placed("o-1", BEGINNING, "country", "DE");
            OrderEvent paid = paid("o-1", minutes(5), "paymentMethod", "card");

            OrderState outOfOrder = order(paid, placed);

            assertThat(outOfOrder.status()).isEqualTo("PAID");
            assertThat(outOfOrder.steps()).containsExactly(entry("PLACED", BEGINNING), entry("PAID", minutes(5)));
            assertThat(outOfOrder.gaps()).isZero();
            assertThat(outOfOrder.timeline()).extracting(TimelineEntry::conformance).containsOnlyNulls();
            assertSameOrder(outOfOrder, order(placed, paid));
        }

        @Test
        void shouldFlagGapUntilTheMissingPredecessorArrives() {
            OrderState state = order(paid("o-1", minutes(5)));

            assertThat(state.status()).isEqualTo("PAID");
            assertThat(state.gaps()).isEqualTo(1);
            assertThat(state.timeline().get(0).conformance()).isEqualTo("gap: PAID reached without PLACED");

            state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);

            assertThat(state.gaps()).isZero();
            assertThat(state.timeline()).extracting(TimelineEntry::conformance).containsOnlyNulls();
        }

        @Test
        void shouldGiveTheSameOrderForEveryArrivalOrder() {
            List<OrderEvent> events = List.of(
                    placed("o-1", BEGINNING, "country", "DE", "channel", "app"),
                    paid("o-1", minutes(5), "paymentMethod", "card"),
                    shipped("o-1", hours(4), "carrier", "dhl"),
                    delivered("o-1", hours(30), "channel", "store"));
            OrderState inOrder = order(events.toArray(OrderEvent[]::new));

            for (List<OrderEvent> arrival : permutations(events)) {
                assertSameOrder(order(arrival.toArray(OrderEvent[]::new)), inOrder);
            }
        }

        @Test
        void shouldKeepPartitionTimeOfTheFirstEventReceived() {
            OrderState state = order(paid("o-1", minutes(5)), placed("o-1", BEGINNING));

            assertThat(state.partitionTime()).isEqualTo(minutes(5));
            assertThat(state.firstEventAt()).isEqualTo(BEGINNING);
        }

        @Test
        void shouldDecideStepTimesByOccurredAtNotArrival() {
            OrderState state = order(
                    shipped("o-1", hours(4)),
                    paid("o-1", minutes(5)),
                    placed("o-1", BEGINNING));

            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.steps()).containsExactly(
                    entry("PLACED", BEGINNING), entry("PAID", minutes(5)), entry("SHIPPED", hours(4)));
            assertThat(state.timeline()).extracting(TimelineEntry::occurredAt)
                    .containsExactly(BEGINNING, minutes(5), hours(4));
        }
    }

    @Nested
    class Duplicates {

        @Test
        void shouldCountDuplicateWithoutApplyingIt() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderState state = order(placed);

            Outcome outcome = state.apply(placed, false, LIFECYCLE);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(state.timeline()).hasSize(1);
            assertThat(state.timeline().get(0).duplicates()).isEqualTo(1);
            assertThat(state.duplicateEvents()).isEqualTo(1);
            assertThat(state.status()).isEqualTo("PLACED");
        }

        @Test
        void shouldIgnoreTheContentOfAnEventWhoseIdWasSeen() {
            OrderEvent placed = withEventId(placed("o-1", BEGINNING, "country", "DE"), "e-1");
            OrderEvent impostor = withEventId(cancelled("o-1", minutes(1), "country", "FR"), "e-1");
            OrderState state = order(placed);

            Outcome outcome = state.apply(impostor, false, LIFECYCLE);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(state.status()).isEqualTo("PLACED");
            assertThat(state.attributes()).containsExactly(entry("country", "DE"));
            assertThat(state.steps()).containsOnlyKeys("PLACED");
        }

        @Test
        void shouldCountEachRepetition() {
            OrderEvent paid = paid("o-1", minutes(5));
            OrderState state = order(placed("o-1", BEGINNING), paid, paid, paid);

            assertThat(entryOf(state, paid).duplicates()).isEqualTo(2);
            assertThat(state.duplicateEvents()).isEqualTo(2);
            assertThat(state.timeline()).hasSize(2);
        }

        @Test
        void shouldNotCountLateDuplicateAsLateEvent() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderState state = order(placed);

            state.apply(placed, true, LIFECYCLE);

            assertThat(state.lateEvents()).isZero();
            assertThat(state.timeline().get(0).late()).isFalse();
        }

        @Test
        void shouldRecogniseDuplicateThatArrivesAfterLaterEvents() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderState state = order(placed, paid("o-1", minutes(1)), shipped("o-1", minutes(2)), placed);

            assertThat(state.timeline()).hasSize(3);
            assertThat(entryOf(state, placed).duplicates()).isEqualTo(1);
            assertThat(state.status()).isEqualTo("SHIPPED");
        }
    }

    @Nested
    class RepeatedSteps {

        @Test
        void shouldKeepFirstTimeWhenStepRepeats() {
            OrderEvent firstParcel = shipped("o-1", hours(4), "carrier", "dhl");
            OrderEvent secondParcel = shipped("o-1", hours(6), "carrier", "ups");

            OrderState state = order(placed("o-1", BEGINNING), paid("o-1", minutes(5)), firstParcel, secondParcel);

            assertThat(state.steps()).containsEntry("SHIPPED", hours(4));
            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.timeline()).hasSize(4);
            assertThat(entryOf(state, secondParcel).conformance()).isNull();
            assertThat(entryOf(state, secondParcel).duplicates()).isZero();
            assertThat(state.violations()).isZero();
            assertThat(state.gaps()).isZero();
            // the later parcel's facts still count
            assertThat(state.attributes()).containsEntry("carrier", "ups");
        }

        @Test
        void shouldKeepEarliestTimeWhenRepeatedStepArrivesWithEarlierTime() {
            OrderState state = order(
                    placed("o-1", BEGINNING),
                    paid("o-1", minutes(5)),
                    shipped("o-1", hours(6)),
                    shipped("o-1", hours(4)));

            assertThat(state.steps()).containsEntry("SHIPPED", hours(4));
        }

        @Test
        void shouldIgnoreRepeatedEarlierStepAfterTheOrderMovedOn() {
            OrderState state = order(
                    placed("o-1", BEGINNING),
                    paid("o-1", minutes(5)),
                    shipped("o-1", hours(4)),
                    paid("o-1", hours(5)));

            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.steps()).containsEntry("PAID", minutes(5));
            assertThat(state.violations()).isZero();
        }
    }

    @Nested
    class Conformance {

        @Test
        void shouldFlagShipmentAfterCancellationAsViolationAndKeepStatus() {
            OrderEvent shipped = shipped("o-1", hours(1));

            OrderState state = order(placed("o-1", BEGINNING), cancelled("o-1", minutes(10)), shipped);

            assertThat(state.status()).isEqualTo("CANCELLED");
            assertThat(state.violations()).isEqualTo(1);
            assertThat(state.steps()).containsOnlyKeys("PLACED", "CANCELLED");
            assertThat(state.timeline()).hasSize(3);
            assertThat(entryOf(state, shipped).conformance())
                    .startsWith(OrderState.VIOLATION)
                    .isEqualTo("violation: ORDER_SHIPPED is not allowed after CANCELLED");
        }

        @Test
        void shouldKeepProcessingAfterAViolation() {
            OrderState state = order(
                    placed("o-1", BEGINNING),
                    cancelled("o-1", minutes(10)),
                    shipped("o-1", hours(1)),
                    delivered("o-1", hours(2)));

            assertThat(state.status()).isEqualTo("CANCELLED");
            assertThat(state.violations()).isEqualTo(2);
            assertThat(state.timeline()).extracting(TimelineEntry::conformance)
                    .containsExactly(null, null,
                            "violation: ORDER_SHIPPED is not allowed after CANCELLED",
                            "violation: ORDER_DELIVERED is not allowed after CANCELLED");
        }

        @Test
        void shouldFlagCancellationAfterShipmentAsViolation() {
            OrderState state = order(
                    placed("o-1", BEGINNING), paid("o-1", minutes(1)), shipped("o-1", minutes(2)),
                    cancelled("o-1", minutes(3)));

            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.violations()).isEqualTo(1);
            assertThat(state.steps()).doesNotContainKey("CANCELLED");
        }

        @Test
        void shouldRejudgeConformanceByOccurredAtWhenEarlierEventArrivesLater() {
            // cancellation arrives first but happened after the shipment: by occurredAt the cancellation breaks
            OrderEvent shipped = shipped("o-1", minutes(2));
            OrderEvent cancelled = cancelled("o-1", minutes(3));
            OrderState state = order(placed("o-1", BEGINNING), paid("o-1", minutes(1)), cancelled);

            assertThat(state.status()).isEqualTo("CANCELLED");

            state.apply(shipped, false, LIFECYCLE);

            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(entryOf(state, shipped).conformance()).isNull();
            assertThat(entryOf(state, cancelled).conformance()).startsWith(OrderState.VIOLATION);
            assertThat(state.violations()).isEqualTo(1);
        }

        @Test
        void shouldCountStepReachedWithoutPredecessorAsGap() {
            OrderEvent shipped = shipped("o-1", hours(4));

            OrderState state = order(placed("o-1", BEGINNING), shipped);

            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.steps()).containsOnlyKeys("PLACED", "SHIPPED").doesNotContainKey("PAID");
            assertThat(state.steps()).containsEntry("SHIPPED", hours(4));
            assertThat(state.gaps()).isEqualTo(1);
            assertThat(state.violations()).isZero();
            assertThat(entryOf(state, shipped).conformance())
                    .startsWith(OrderState.GAP)
                    .isEqualTo("gap: SHIPPED reached without PAID");
        }

        @Test
        void shouldLetLaterStepsFollowAGapNormally() {
            OrderState state = order(placed("o-1", BEGINNING), shipped("o-1", hours(4)), delivered("o-1", hours(9)));

            assertThat(state.status()).isEqualTo("DELIVERED");
            assertThat(state.gaps()).isEqualTo(1);
            assertThat(state.steps()).doesNotContainKey("PAID");
        }

        @Test
        void shouldFlagReturnWithoutDeliveryAsGap() {
            OrderState state = order(placed("o-1", BEGINNING), paid("o-1", minutes(1)), shipped("o-1", minutes(2)),
                    returned("o-1", minutes(3)));

            assertThat(state.status()).isEqualTo("RETURNED");
            assertThat(state.gaps()).isEqualTo(1);
            assertThat(state.timeline().get(3).conformance()).isEqualTo("gap: RETURNED reached without DELIVERED");
        }
    }

    @Nested
    class Lateness {

        @Test
        void shouldApplyLateEventAndCountIt() {
            OrderState state = order(placed("o-1", BEGINNING));
            OrderEvent paid = paid("o-1", minutes(5));

            Outcome outcome = state.apply(paid, true, LIFECYCLE);

            assertThat(outcome).isEqualTo(Outcome.APPLIED);
            assertThat(state.status()).isEqualTo("PAID");
            assertThat(state.lateEvents()).isEqualTo(1);
            assertThat(entryOf(state, paid).late()).isTrue();
            assertThat(state.timeline().get(0).late()).isFalse();
        }

        @Test
        void shouldTrackLatestReceivedAt() {
            OrderEvent placed = placed("o-1", BEGINNING).withReceivedAt(seconds(1));
            OrderEvent shipped = shipped("o-1", hours(1));
            OrderState state = order(placed, paid("o-1", minutes(5)).withReceivedAt(minutes(9)), shipped);

            assertThat(state.lastReceivedAt()).isEqualTo(minutes(9));
            assertThat(entryOf(state, placed).receivedAt()).isEqualTo(seconds(1));
            assertThat(entryOf(state, shipped).receivedAt()).isNull();
        }
    }

    @Nested
    class Attributes {

        @Test
        void shouldMergeAttributesOfAllEvents() {
            OrderState state = order(
                    placed("o-1", BEGINNING, "country", "DE", "channel", "app"),
                    paid("o-1", minutes(5), "paymentMethod", "card", "amount", "59.9"));

            assertThat(state.attributes()).containsOnly(
                    entry("country", "DE"), entry("channel", "app"),
                    entry("paymentMethod", "card"), entry("amount", "59.9"));
        }

        @Test
        void shouldLetLaterEventOverrideByOccurredAtNotByArrival() {
            OrderEvent placed = placed("o-1", BEGINNING, "warehouse", "north", "country", "DE");
            OrderEvent shipped = shipped("o-1", hours(4), "warehouse", "south");

            OrderState state = order(shipped, placed);

            assertThat(state.attributes()).containsOnly(entry("warehouse", "south"), entry("country", "DE"));
        }

        @Test
        void shouldKeepEachEventsOwnAttributesOnTheTimeline() {
            OrderEvent placed = placed("o-1", BEGINNING, "warehouse", "north");
            OrderState state = order(placed, shipped("o-1", hours(4), "warehouse", "south"));

            assertThat(entryOf(state, placed).attributes()).containsExactly(entry("warehouse", "north"));
        }
    }

    @Nested
    class EqualOccurredAt {

        @Test
        void shouldOrderSimultaneousEventsByLifecycleStep() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderEvent paid = paid("o-1", BEGINNING);

            OrderState state = order(paid, placed);

            assertThat(state.timeline()).extracting(TimelineEntry::type)
                    .containsExactly("ORDER_PLACED", "PAYMENT_RECEIVED");
            assertThat(state.status()).isEqualTo("PAID");
            assertThat(state.gaps()).isZero();
            assertSameOrder(state, order(placed, paid));
        }

        @Test
        void shouldOrderSimultaneousEventsOfOneStepByEventId() {
            OrderEvent b = withEventId(shipped("o-1", hours(1), "carrier", "ups"), "e-b");
            OrderEvent a = withEventId(shipped("o-1", hours(1), "carrier", "dhl"), "e-a");
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderEvent paid = paid("o-1", minutes(1));

            OrderState ba = order(placed, paid, b, a);
            OrderState ab = order(placed, paid, a, b);

            assertThat(ba.timeline()).extracting(TimelineEntry::eventId)
                    .containsExactly(placed.eventId(), paid.eventId(), "e-a", "e-b");
            assertThat(ba.attributes()).containsEntry("carrier", "ups");
            assertSameOrder(ba, ab);
        }
    }

    @Nested
    class Bounds {

        @Test
        void shouldCountEventsBeyondMaxTimelineWithoutKeepingThem() {
            OrderState state = order(placed("o-1", BEGINNING));
            for (int i = 1; i < OrderState.MAX_TIMELINE; i++) {
                assertThat(state.apply(shipped("o-1", seconds(i)), false, LIFECYCLE)).isEqualTo(Outcome.APPLIED);
            }
            assertThat(state.timeline()).hasSize(OrderState.MAX_TIMELINE);

            Outcome outcome = state.apply(delivered("o-1", hours(100)), false, LIFECYCLE);

            assertThat(outcome).isEqualTo(Outcome.OVERFLOW);
            assertThat(state.overflowEvents()).isEqualTo(1);
            assertThat(state.timeline()).hasSize(OrderState.MAX_TIMELINE);
            assertThat(state.status()).isEqualTo("SHIPPED");
            assertThat(state.revision()).isEqualTo(OrderState.MAX_TIMELINE + 1);
        }

        @Test
        void shouldStillRecogniseDuplicatesOnAFullTimeline() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderState state = order(placed);
            for (int i = 1; i < OrderState.MAX_TIMELINE; i++) {
                state.apply(shipped("o-1", seconds(i)), false, LIFECYCLE);
            }

            assertThat(state.apply(placed, false, LIFECYCLE)).isEqualTo(Outcome.DUPLICATE);
            assertThat(state.overflowEvents()).isZero();
            assertThat(state.duplicateEvents()).isEqualTo(1);
        }
    }

    @Nested
    class Revision {

        @Test
        void shouldIncrementRevisionForEveryEventApplied() {
            OrderEvent placed = placed("o-1", BEGINNING);
            OrderState state = new OrderState("o-1");

            state.apply(placed, false, LIFECYCLE);
            assertThat(state.revision()).isEqualTo(1);

            state.apply(paid("o-1", minutes(1)), true, LIFECYCLE);
            assertThat(state.revision()).isEqualTo(2);

            state.apply(placed, false, LIFECYCLE);
            assertThat(state.revision()).as("a duplicate changes the document (its count)").isEqualTo(3);

            state.apply(shipped("o-1", minutes(2)), false, LIFECYCLE);
            state.apply(cancelled("o-1", minutes(3)), false, LIFECYCLE);
            assertThat(state.revision()).as("a violation is still recorded").isEqualTo(5);
        }

        @Test
        void shouldNotChangeTheEventItWasGiven() {
            OrderEvent placed = withAttributes(placed("o-1", BEGINNING), "country", "DE");
            OrderEvent copy = withEventId(placed, placed.eventId());

            order(placed, placed);

            assertThat(placed).isEqualTo(copy);
        }
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                result.add(p);
            }
        }
        return result;
    }
}
