package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.returned;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withEventId;
import static io.bpmon.core.fixtures.Events.withSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderDocumentTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    @Test
    void shouldHaveTheShapeOfTheOrderApi() {
        OrderEvent placed = withEventId(withSource(placed("o-1", BEGINNING, "country", "DE"), "checkout")
                .withReceivedAt(minutes(1)), "e-1");
        OrderEvent paid = withEventId(paid("o-1", minutes(5), "paymentMethod", "card"), "e-2");
        OrderState state = new OrderState("o-1");
        state.apply(placed, false, LIFECYCLE);
        state.apply(paid, true, LIFECYCLE);
        state.apply(placed, false, LIFECYCLE);

        ObjectNode doc = OrderDocument.of(state, LIFECYCLE);

        assertThat(doc.get("orderId").asText()).isEqualTo("o-1");
        assertThat(doc.get("status").asText()).isEqualTo("PAID");
        assertThat(doc.get("terminal").asBoolean()).isFalse();
        assertThat(doc.get("attributes").get("country").asText()).isEqualTo("DE");
        assertThat(doc.get("attributes").get("paymentMethod").asText()).isEqualTo("card");
        assertThat(doc.get("steps").get("PLACED").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(doc.get("steps").get("PAID").asText()).isEqualTo("2026-11-28T10:05:00Z");
        assertThat(doc.get("alerts").isArray()).isTrue();
        assertThat(doc.get("revision").asLong()).isEqualTo(3);
        assertThat(doc.get("eventCount").asInt()).isEqualTo(2);
        assertThat(doc.get("lateEvents").asInt()).isEqualTo(1);
        assertThat(doc.get("duplicateEvents").asInt()).isEqualTo(1);
        assertThat(doc.get("firstEventAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(doc.get("lastEventAt").asText()).isEqualTo("2026-11-28T10:05:00Z");
        assertThat(doc.get("updatedAt").asText()).isEqualTo("2026-11-28T10:01:00Z");

        JsonNode first = doc.get("events").get(0);
        assertThat(first.get("eventId").asText()).isEqualTo("e-1");
        assertThat(first.get("type").asText()).isEqualTo("ORDER_PLACED");
        assertThat(first.get("occurredAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(first.get("receivedAt").asText()).isEqualTo("2026-11-28T10:01:00Z");
        assertThat(first.get("source").asText()).isEqualTo("checkout");
        assertThat(first.get("late").asBoolean()).isFalse();
        assertThat(first.get("duplicates").asInt()).isEqualTo(1);
        assertThat(first.has("conformance")).isFalse();

        JsonNode second = doc.get("events").get(1);
        assertThat(second.get("late").asBoolean()).isTrue();
        assertThat(second.has("receivedAt")).isFalse();
        assertThat(second.has("source")).isFalse();
        assertThat(second.get("attributes").get("paymentMethod").asText()).isEqualTo("card");
    }

    @Test
    void shouldCarryConformanceNotesAndCounts() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);
        state.apply(shipped("o-1", minutes(10)), false, LIFECYCLE);
        state.apply(cancelled("o-1", minutes(20)), false, LIFECYCLE);

        ObjectNode doc = OrderDocument.of(state, LIFECYCLE);

        assertThat(doc.get("gaps").asInt()).isEqualTo(1);
        assertThat(doc.get("violations").asInt()).isEqualTo(1);
        assertThat(doc.get("events").get(1).get("conformance").asText()).isEqualTo("gap: SHIPPED reached without PAID");
        assertThat(doc.get("events").get(2).get("conformance").asText())
                .isEqualTo("violation: ORDER_CANCELLED is not allowed after SHIPPED");
        assertThat(doc.get("steps").has("PAID")).isFalse();
    }

    @Test
    void shouldMarkTerminalOrders() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);
        state.apply(cancelled("o-1", minutes(1)), false, LIFECYCLE);

        assertThat(OrderDocument.of(state, LIFECYCLE).get("terminal").asBoolean()).isTrue();
    }

    @Test
    void shouldListTheAttributeNamesApartForTheBoundedMapping() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING, "country", "DE"), false, LIFECYCLE);
        state.apply(paid("o-1", minutes(1), "paymentMethod", "card"), false, LIFECYCLE);

        assertThat(OrderDocument.of(state, LIFECYCLE).get("attributeNames"))
                .extracting(JsonNode::asText).containsExactly("country", "paymentMethod");
    }

    @Test
    void shouldReadBackTheOrderItWasWrittenFrom() {
        OrderEvent placed = withSource(placed("o-1", BEGINNING, "country", "DE"), "checkout").withReceivedAt(minutes(1));
        OrderState state = new OrderState("o-1", Instant.parse("2026-12-01T00:00:00Z"));
        state.apply(placed, false, LIFECYCLE);
        state.apply(shipped("o-1", minutes(10)), true, LIFECYCLE);
        state.apply(placed, false, LIFECYCLE);
        state.apply(delivered("o-1", minutes(60), "carrier", "DHL"), false, LIFECYCLE);

        OrderState back = OrderDocument.toState(OrderDocument.of(state, LIFECYCLE), state.partitionTime(), LIFECYCLE);

        assertThat(back.orderId()).isEqualTo("o-1");
        assertThat(back.timeline()).isEqualTo(state.timeline());
        assertThat(back.revision()).isEqualTo(4);
        assertThat(back.lateEvents()).isEqualTo(1);
        assertThat(back.duplicateEvents()).isEqualTo(1);
        assertThat(back.partitionTime()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(back.status()).isEqualTo("DELIVERED");
        assertThat(back.steps()).isEqualTo(state.steps());
        assertThat(back.attributes()).isEqualTo(state.attributes());
        assertThat(OrderDocument.of(back, LIFECYCLE)).isEqualTo(OrderDocument.of(state, LIFECYCLE));
    }

    @Test
    void shouldContinueAReadBackOrderAsIfItsStateHadBeenKept() {
        OrderEvent placed = placed("o-1", BEGINNING);
        OrderState kept = new OrderState("o-1");
        kept.apply(placed, false, LIFECYCLE);
        kept.apply(delivered("o-1", minutes(60)), false, LIFECYCLE);
        OrderState revived = OrderDocument.toState(Json.mapper().valueToTree(OrderDocument.of(kept, LIFECYCLE)),
                kept.partitionTime(), LIFECYCLE);

        OrderEvent returned = returned("o-1", minutes(60 * 24 * 20));
        for (OrderState s : new OrderState[] {kept, revived}) {
            assertThat(s.apply(returned, false, LIFECYCLE)).isEqualTo(OrderState.Outcome.APPLIED);
            assertThat(s.apply(placed, false, LIFECYCLE)).isEqualTo(OrderState.Outcome.DUPLICATE);
        }

        assertThat(revived.status()).isEqualTo("RETURNED");
        assertThat(revived.timeline()).hasSize(3);
        assertThat(revived.revision()).isEqualTo(4);
        assertThat(OrderDocument.of(revived, LIFECYCLE)).isEqualTo(OrderDocument.of(kept, LIFECYCLE));
    }

    @Test
    void shouldRefuseToReadADocumentThatIsNoOrder() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrderDocument.toState(
                        Json.mapper().createObjectNode().put("orderId", "o-1"), BEGINNING, LIFECYCLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an order document");
    }

    @Test
    void shouldLeaveOutEventsOfTypesTheLifecycleNoLongerKnows() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);
        state.apply(paid("o-1", minutes(5)), false, LIFECYCLE);
        ObjectNode doc = OrderDocument.of(state, LIFECYCLE);
        ((ObjectNode) doc.get("events").get(1)).put("type", "PAYMENT_REFUNDED");

        OrderState back = OrderDocument.toState(doc, BEGINNING, LIFECYCLE);

        assertThat(back.timeline()).hasSize(1);
        assertThat(back.revision()).isEqualTo(2);
    }
}
