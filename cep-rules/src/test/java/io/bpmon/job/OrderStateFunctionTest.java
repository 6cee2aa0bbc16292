package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.returned;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withEventId;
import static io.bpmon.job.OrderStateHarness.document;
import static io.bpmon.job.OrderStateHarness.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStateFunction} in the keyed operator harness: explicit event times and explicit watermarks, so
 * lateness and state cleanup are decided exactly where the test says.
 */
class OrderStateFunctionTest {

    static final Duration FINISHED_RETENTION = Duration.ofHours(6);
    static final Duration ABANDONED_RETENTION = Duration.ofDays(2);
    /** Per order: the serialized order plus the time of its cleanup timer. */
    static final int STATE_ENTRIES_PER_ORDER = 2;
    /** Per order whose state was dropped: where its stored document is (its partition time), and one timer. */
    static final int MARKER_ENTRIES = 1;

    private OrderStateHarness harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = OrderStateHarness.open(FINISHED_RETENTION, ABANDONED_RETENTION);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldEmitTheDocumentOfEveryStepOfAnInOrderLifecycle() throws Exception {
        List<JsonNode> docs = List.of(
                document(harness.send(placed("o-1", BEGINNING, "country", "DE", "channel", "app"))),
                document(harness.send(paid("o-1", minutes(10), "paymentMethod", "card"))),
                document(harness.send(shipped("o-1", hours(5), "carrier", "dhl"))),
                document(harness.send(delivered("o-1", hours(30)))));

        assertThat(docs).extracting(d -> d.get("status").asText())
                .containsExactly("PLACED", "PAID", "SHIPPED", "DELIVERED");
        assertThat(docs).extracting(d -> d.get("terminal").asBoolean()).containsExactly(false, false, false, true);
        JsonNode last = docs.get(3);
        assertThat(last.get("orderId").asText()).isEqualTo("o-1");
        assertThat(fields(last.get("steps"))).containsExactly(
                Map.entry("PLACED", BEGINNING.toString()),
                Map.entry("PAID", minutes(10).toString()),
                Map.entry("SHIPPED", hours(5).toString()),
                Map.entry("DELIVERED", hours(30).toString()));
        assertThat(fields(last.get("attributes"))).containsOnly(Map.entry("country", "DE"),
                Map.entry("channel", "app"), Map.entry("paymentMethod", "card"), Map.entry("carrier", "dhl"));
        assertThat(last.get("events")).hasSize(4);
        assertThat(last.get("events")).allSatisfy(e -> {
            assertThat(e.get("late").asBoolean()).isFalse();
            assertThat(e.get("duplicates").asInt()).isZero();
            assertThat(e.has("conformance")).isFalse();
        });
        assertThat(last.get("firstEventAt").asText()).isEqualTo(BEGINNING.toString());
        assertThat(last.get("lastEventAt").asText()).isEqualTo(hours(30).toString());
        assertThat(last.get("violations").asInt()).isZero();
        assertThat(last.get("gaps").asInt()).isZero();
        assertThat(harness.updates()).allSatisfy(u -> {
            assertThat(u.orderId()).isEqualTo("o-1");
            assertThat(u.index()).isEqualTo("test-orders-2026.11");
        });
        assertThat(harness.counter("eventsApplied")).isEqualTo(4);
    }

    @Test
    void shouldYieldTheSameDocumentWhenPaymentArrivesBeforePlacement() throws Exception {
        OrderEvent placed = placed("o-1", BEGINNING, "country", "DE");
        OrderEvent paid = paid("o-1", minutes(10));
        OrderEvent shipped = shipped("o-1", hours(2));
        OrderEvent delivered = delivered("o-1", hours(20));

        JsonNode inOrder = harness.sendAll(placed, paid, shipped, delivered);
        try (OrderStateHarness other = OrderStateHarness.open(FINISHED_RETENTION, ABANDONED_RETENTION)) {
            JsonNode afterPayment = document(other.send(paid));
            assertThat(afterPayment.get("status").asText()).isEqualTo("PAID");
            assertThat(entry(afterPayment, paid.eventId()).get("conformance").asText())
                    .isEqualTo("gap: PAID reached without PLACED");

            JsonNode outOfOrder = other.sendAll(delivered, placed, shipped);

            assertThat(outOfOrder).isEqualTo(inOrder);
            assertThat(outOfOrder.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(outOfOrder.get("gaps").asInt()).isZero();
            assertThat(outOfOrder.get("events")).extracting(e -> e.get("eventId").asText())
                    .containsExactly(placed.eventId(), paid.eventId(), shipped.eventId(), delivered.eventId());
        }
    }

    @Test
    void shouldCountADuplicateWithoutChangingTheOrder() throws Exception {
        OrderEvent payment = withEventId(paid("o-1", minutes(10)), "pay-1");
        harness.sendAll(placed("o-1", BEGINNING), payment);

        OrderUpdate update = harness.send(withEventId(paid("o-1", minutes(11), "paymentMethod", "other"), "pay-1"));

        JsonNode doc = document(update);
        assertThat(doc.get("status").asText()).isEqualTo("PAID");
        assertThat(doc.get("steps").get("PAID").asText()).isEqualTo(minutes(10).toString());
        assertThat(doc.get("attributes").has("paymentMethod")).isFalse();
        assertThat(doc.get("events")).hasSize(2);
        assertThat(entry(doc, "pay-1").get("duplicates").asInt()).isEqualTo(1);
        assertThat(doc.get("duplicateEvents").asInt()).isEqualTo(1);
        assertThat(update.revision()).isEqualTo(3);
        assertThat(doc.get("revision").asLong()).isEqualTo(3);
        assertThat(harness.counter("duplicateEvents")).isEqualTo(1);
        assertThat(harness.counter("eventsApplied")).isEqualTo(2);
    }

    @Test
    void shouldApplyAndFlagAnEventThatIsBehindTheWatermark() throws Exception {
        harness.send(placed("o-1", BEGINNING));
        harness.watermark(minutes(30));

        OrderEvent latePayment = paid("o-1", minutes(20));
        JsonNode doc = document(harness.send(latePayment));

        assertThat(doc.get("status").asText()).isEqualTo("PAID");
        assertThat(entry(doc, latePayment.eventId()).get("late").asBoolean()).isTrue();
        assertThat(doc.get("lateEvents").asInt()).isEqualTo(1);
        assertThat(harness.counter("lateEvents")).isEqualTo(1);
    }

    @Test
    void shouldCallAnEventLateFromTheWatermarkOnButNotJustAfterIt() throws Exception {
        harness.send(placed("o-1", BEGINNING));
        harness.watermark(minutes(30));

        OrderEvent atWatermark = paid("o-1", minutes(30));
        OrderEvent justAfter = shipped("o-1", minutes(30).plusMillis(1));
        harness.send(atWatermark);
        JsonNode doc = document(harness.send(justAfter));

        assertThat(entry(doc, atWatermark.eventId()).get("late").asBoolean()).isTrue();
        assertThat(entry(doc, justAfter.eventId()).get("late").asBoolean()).isFalse();
        assertThat(doc.get("lateEvents").asInt()).isEqualTo(1);
        assertThat(harness.counter("lateEvents")).isEqualTo(1);
    }

    @Test
    void shouldNotCountALateDuplicateAsALateEvent() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), withEventId(paid("o-1", minutes(10)), "pay-1"));
        harness.watermark(hours(1));

        JsonNode doc = document(harness.send(withEventId(paid("o-1", minutes(10)), "pay-1")));

        assertThat(entry(doc, "pay-1").get("late").asBoolean()).isFalse();
        assertThat(entry(doc, "pay-1").get("duplicates").asInt()).isEqualTo(1);
        assertThat(doc.get("lateEvents").asInt()).isZero();
        assertThat(harness.counter("lateEvents")).isZero();
    }

    @Test
    void shouldClearTheStateOfADeliveredOrderOnceTheWatermarkPassesFinishedRetention() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), paid("o-1", minutes(5)), shipped("o-1", hours(1)),
                delivered("o-1", hours(20)));
        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        Instant cleanupAt = hours(20).plus(FINISHED_RETENTION);

        harness.watermark(cleanupAt.minusMillis(1));
        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        harness.watermark(cleanupAt);
        assertThat(harness.keyedStateEntries()).as("only the marker").isEqualTo(MARKER_ENTRIES);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        assertThat(harness.updates()).as("clearing the working copy emits nothing").hasSize(4);
        assertThat(harness.counter("orderStatesCleared")).isEqualTo(1);

        Instant storedUntil = OrderStateHarness.PARTITIONS.deletedFrom(BEGINNING);
        harness.watermark(storedUntil.minusMillis(1));
        assertThat(harness.keyedStateEntries()).isEqualTo(MARKER_ENTRIES);
        harness.watermark(storedUntil);
        assertThat(harness.keyedStateEntries()).as("the stored order is deleted: nothing left").isZero();
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void shouldClearTheStateOfAnAbandonedOrderOnlyAfterAbandonedRetention() throws Exception {
        harness.send(placed("o-1", BEGINNING));

        harness.watermark(BEGINNING.plus(FINISHED_RETENTION).plus(Duration.ofHours(1)));
        assertThat(harness.keyedStateEntries()).as("an unfinished order is kept longer than a finished one")
                .isEqualTo(STATE_ENTRIES_PER_ORDER);

        harness.watermark(BEGINNING.plus(ABANDONED_RETENTION).minusMillis(1));
        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        harness.watermark(BEGINNING.plus(ABANDONED_RETENTION));
        assertThat(harness.keyedStateEntries()).isEqualTo(MARKER_ENTRIES);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        assertThat(harness.counter("orderStatesCleared")).isEqualTo(1);
    }

    @Test
    void shouldMoveTheCleanupTimerWhenAnotherEventArrivesBeforeIt() throws Exception {
        harness.send(placed("o-1", BEGINNING));
        Instant firstCleanup = BEGINNING.plus(ABANDONED_RETENTION);
        harness.watermark(firstCleanup.minus(Duration.ofHours(1)));

        Instant paidAt = firstCleanup.minus(Duration.ofMinutes(30));
        JsonNode doc = document(harness.send(paid("o-1", paidAt)));
        assertThat(doc.get("lateEvents").asInt()).isZero();
        assertThat(harness.eventTimeTimers()).as("the old timer is replaced, not added to").isEqualTo(1);

        harness.watermark(firstCleanup);
        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        JsonNode next = document(harness.send(shipped("o-1", paidAt.plus(Duration.ofHours(3)))));
        assertThat(next.get("steps").get("PLACED").asText())
                .as("the order kept its state: the placement is still known").isEqualTo(BEGINNING.toString());

        harness.watermark(paidAt.plus(Duration.ofHours(3)).plus(ABANDONED_RETENTION));
        assertThat(harness.keyedStateEntries()).isEqualTo(MARKER_ENTRIES);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldSwitchToFinishedRetentionWhenTheOrderCompletes() throws Exception {
        harness.send(placed("o-1", BEGINNING));
        harness.send(cancelled("o-1", hours(1)));
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        harness.watermark(hours(1).plus(FINISHED_RETENTION));

        assertThat(harness.keyedStateEntries()).isEqualTo(MARKER_ENTRIES);
        assertThat(harness.counter("orderStatesCleared")).isEqualTo(1);
    }

    @Test
    void shouldKeepOneOrdersCleanupApartFromAnothers() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), delivered("o-1", hours(2)));
        harness.send(placed("o-2", BEGINNING));
        assertThat(harness.keyedStateEntries()).isEqualTo(2 * STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).isEqualTo(2);

        harness.watermark(hours(2).plus(FINISHED_RETENTION));

        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER + MARKER_ENTRIES);
        assertThat(harness.eventTimeTimers()).isEqualTo(2);
        JsonNode o2 = document(harness.send(paid("o-2", hours(3))));
        assertThat(o2.get("events")).hasSize(2);
        assertThat(o2.get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void shouldKeepRevisionsIncreasingAcrossAllUpdatesOfAnOrder() throws Exception {
        OrderEvent payment = paid("o-1", minutes(10));
        harness.send(shipped("o-1", hours(2)));
        harness.send(placed("o-1", BEGINNING));
        harness.send(payment);
        harness.send(payment);
        harness.watermark(hours(3));
        harness.send(paid("o-1", minutes(11))); // a second, late payment event
        harness.send(delivered("o-1", hours(4)));
        harness.send(payment);

        List<Long> revisions = harness.updates().stream().map(OrderUpdate::revision).toList();
        assertThat(revisions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(harness.updates()).allSatisfy(u ->
                assertThat(document(u).get("revision").asLong()).isEqualTo(u.revision()));
    }

    @Test
    void shouldFlagAConformanceViolationWithoutChangingTheStatus() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), cancelled("o-1", minutes(5)));
        OrderEvent shippedAfterCancel = shipped("o-1", hours(1));

        JsonNode doc = document(harness.send(shippedAfterCancel));

        assertThat(doc.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(doc.get("steps").has("SHIPPED")).isFalse();
        assertThat(doc.get("events")).hasSize(3);
        assertThat(entry(doc, shippedAfterCancel.eventId()).get("conformance").asText())
                .isEqualTo("violation: ORDER_SHIPPED is not allowed after CANCELLED");
        assertThat(doc.get("violations").asInt()).isEqualTo(1);
        assertThat(harness.counter("conformanceViolations")).isEqualTo(1);
    }

    @Test
    void shouldCountAStepReachedWithoutItsPredecessorAsAGap() throws Exception {
        OrderEvent shipped = shipped("o-1", hours(1));

        JsonNode doc = harness.sendAll(placed("o-1", BEGINNING), shipped);

        assertThat(doc.get("status").asText()).isEqualTo("SHIPPED");
        assertThat(fields(doc.get("steps"))).containsOnlyKeys("PLACED", "SHIPPED");
        assertThat(entry(doc, shipped.eventId()).get("conformance").asText())
                .isEqualTo("gap: SHIPPED reached without PAID");
        assertThat(doc.get("gaps").asInt()).isEqualTo(1);
        assertThat(doc.get("violations").asInt()).isZero();
        assertThat(harness.counter("conformanceViolations")).isZero();
    }

    @Test
    void shouldKeepOrderStateAndCleanupTimerAcrossARestore() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
        harness.watermark(hours(1));
        OperatorSubtaskState snapshot = harness.snapshot();

        try (OrderStateHarness restored = harness.restoredFrom(snapshot)) {
            assertThat(restored.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
            assertThat(restored.eventTimeTimers()).isEqualTo(1);

            JsonNode doc = document(restored.send(shipped("o-1", hours(2))));
            assertThat(doc.get("status").asText()).isEqualTo("SHIPPED");
            assertThat(doc.get("revision").asLong()).isEqualTo(3);
            assertThat(doc.get("attributes").get("country").asText()).isEqualTo("DE");

            restored.watermark(hours(2).plus(ABANDONED_RETENTION));
            assertThat(restored.keyedStateEntries()).isEqualTo(MARKER_ENTRIES);
            assertThat(restored.eventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void shouldContinueTheStoredOrderWhenAReturnArrivesAfterRetention() throws Exception {
        OrderEvent placement = placed("o-1", BEGINNING, "country", "DE");
        harness.sendAll(placement, paid("o-1", minutes(5)), shipped("o-1", hours(1)), delivered("o-1", hours(20)));
        harness.watermark(hours(20).plus(FINISHED_RETENTION));
        assertThat(harness.counter("orderStatesCleared")).isEqualTo(1);

        Instant twentyDaysLater = hours(20).plus(Duration.ofDays(20));
        harness.watermark(twentyDaysLater);
        JsonNode doc = document(harness.send(returned("o-1", twentyDaysLater)));

        assertThat(doc.get("status").asText()).isEqualTo("RETURNED");
        assertThat(doc.get("events")).hasSize(5);
        assertThat(doc.get("revision").asLong()).as("the revision goes on: the store keeps the newest").isEqualTo(5);
        assertThat(doc.get("attributes").get("country").asText()).isEqualTo("DE");
        assertThat(doc.get("steps").get("PLACED").asText()).isEqualTo(BEGINNING.toString());
        assertThat(harness.updates().get(4).index()).isEqualTo(harness.updates().get(0).index());
        assertThat(harness.counter("ordersRevived")).isEqualTo(1);
        assertThat(harness.archiveReads()).containsExactly("o-1");

        JsonNode again = document(harness.send(placement));
        assertThat(again.get("duplicateEvents").asInt()).as("a duplicate of an event from before").isEqualTo(1);
        assertThat(again.get("revision").asLong()).isEqualTo(6);
        assertThat(harness.archiveReads()).as("read once, then kept again").hasSize(1);
        assertThat(harness.keyedStateEntries()).isEqualTo(STATE_ENTRIES_PER_ORDER);
        assertThat(harness.eventTimeTimers()).as("the marker's timer went, retention's came").isEqualTo(1);
    }

    @Test
    void shouldContinueAnAbandonedOrderWhoseStateWasDropped() throws Exception {
        harness.send(placed("o-1", BEGINNING, "paymentMethod", "invoice"));
        harness.watermark(BEGINNING.plus(ABANDONED_RETENTION));

        JsonNode doc = document(harness.send(paid("o-1", BEGINNING.plus(ABANDONED_RETENTION).plus(Duration.ofHours(1)))));

        assertThat(doc.get("status").asText()).isEqualTo("PAID");
        assertThat(doc.get("steps").get("PLACED").asText()).isEqualTo(BEGINNING.toString());
        assertThat(doc.get("revision").asLong()).isEqualTo(2);
        assertThat(doc.get("gaps").asInt()).as("no gap: the placement is known").isZero();
    }

    @Test
    void shouldNotLookUpOrdersNeverSeenBefore() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), paid("o-2", minutes(1)), placed("o-2", minutes(0)));

        assertThat(harness.archiveReads()).isEmpty();
        assertThat(harness.counter("ordersRevived")).isZero();
    }

    @Test
    void shouldStartAgainInTheSameIndexWhenTheStoreLostTheOrder() throws Exception {
        harness.sendAll(placed("o-1", BEGINNING), delivered("o-1", hours(1)));
        harness.watermark(hours(1).plus(FINISHED_RETENTION));
        harness.loseStored("o-1");

        OrderUpdate update = harness.send(returned("o-1", hours(30)));

        assertThat(document(update).get("events")).hasSize(1);
        assertThat(update.index()).isEqualTo(harness.updates().get(0).index());
        assertThat(harness.counter("ordersRevived")).isZero();
    }

    @Test
    void shouldPutAnOrderOlderThanTheStoresRetentionIntoTheMonthItWasReceived() throws Exception {
        Instant received = Instant.parse("2026-12-05T10:00:00Z");
        OrderEvent ancient = placed("o-old", Instant.parse("2019-03-01T00:00:00Z")).withReceivedAt(received);
        OrderEvent recent = placed("o-new", Instant.parse("2026-03-01T00:00:00Z")).withReceivedAt(received);

        assertThat(harness.send(ancient).index()).isEqualTo("test-orders-2026.12");
        assertThat(harness.send(recent).index()).isEqualTo("test-orders-2026.03");
    }

    private static Map<String, String> fields(JsonNode object) {
        Map<String, String> result = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> result.put(f.getKey(), f.getValue().asText()));
        return result;
    }
}
