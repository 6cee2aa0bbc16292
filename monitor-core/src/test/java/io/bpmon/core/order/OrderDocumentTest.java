package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
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
import io.bpmon.core.lifecycle.Lifecycle;
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
}
