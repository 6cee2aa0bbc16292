package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderStateRecordTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    @Test
    void shouldCarryTheOrdersCurrentStateWithoutItsTimeline() throws Exception {
        OrderState state = new OrderState("o-1");
        state.apply(withEventId(placed("o-1", BEGINNING, "country", "DE"), "e-1").withReceivedAt(minutes(1)),
                false, LIFECYCLE);
        state.apply(withEventId(paid("o-1", minutes(5), "paymentMethod", "card"), "e-2"), true, LIFECYCLE);
        state.apply(withEventId(shipped("o-1", minutes(65)), "e-3"), false, LIFECYCLE);
        state.apply(withEventId(paid("o-1", minutes(5), "paymentMethod", "card"), "e-2"), false, LIFECYCLE);

        JsonNode record = Json.readTree(OrderStateRecord.toBytes(state, LIFECYCLE));

        assertThat(record.get("schema").asInt()).isEqualTo(OrderStateRecord.SCHEMA);
        assertThat(record.get("orderId").asText()).isEqualTo("o-1");
        assertThat(record.get("revision").asLong()).as("every arrival, the duplicate too").isEqualTo(4);
        assertThat(record.get("status").asText()).isEqualTo("SHIPPED");
        assertThat(record.get("terminal").asBoolean()).isFalse();
        assertThat(record.get("attributes").get("country").asText()).isEqualTo("DE");
        assertThat(record.get("attributes").get("paymentMethod").asText()).isEqualTo("card");
        assertThat(record.get("steps").get("PAID").asText()).isEqualTo("2026-11-28T10:05:00Z");
        assertThat(record.get("stepDurationsMillis").get("PLACED->PAID").asLong()).isEqualTo(5 * 60_000);
        assertThat(record.get("stepDurationsMillis").get("PAID->SHIPPED").asLong()).isEqualTo(60 * 60_000);
        assertThat(record.get("stepDurationsMillis").size()).isEqualTo(2);
        assertThat(record.get("eventCount").asInt()).isEqualTo(3);
        assertThat(record.get("lateEvents").asInt()).isEqualTo(1);
        assertThat(record.get("duplicateEvents").asInt()).isEqualTo(1);
        assertThat(record.get("firstEventAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(record.get("lastEventAt").asText()).isEqualTo("2026-11-28T11:05:00Z");
        assertThat(record.get("conformance").get("notes").isEmpty()).isTrue();
        assertThat(record.get("openAlerts").asInt()).as("an order without alerts").isZero();
        assertThat(record.get("alertChanges").asLong()).isZero();
        JsonNode alerted = Json.readTree(OrderStateRecord.toBytes(state, LIFECYCLE, 2, 5));
        assertThat(alerted.get("openAlerts").asInt()).isEqualTo(2);
        assertThat(alerted.get("alertChanges").asLong()).isEqualTo(5);
        assertThat(record.has("events")).as("no timeline: the stored document has it").isFalse();
        assertThat(record.has("waits")).as("no preview fields").isFalse();
    }

    @Test
    void shouldNameEachEventThatBrokeTheLifecycle() throws Exception {
        OrderState state = new OrderState("o-2");
        state.apply(withEventId(placed("o-2", BEGINNING), "e-1"), false, LIFECYCLE);
        state.apply(withEventId(shipped("o-2", minutes(10)), "e-2"), false, LIFECYCLE);

        JsonNode conformance = Json.readTree(OrderStateRecord.toBytes(state, LIFECYCLE)).get("conformance");

        assertThat(conformance.get("gaps").asInt()).isEqualTo(1);
        List<String> notes = new ArrayList<>();
        conformance.get("notes").forEach(n -> notes.add(n.get("eventId").asText() + " " + n.get("type").asText()
                + " " + n.get("note").asText()));
        assertThat(notes).containsExactly("e-2 ORDER_SHIPPED gap: SHIPPED reached without PAID");
    }

    @Test
    void shouldMeasureStepsInTheOrderTheyWereReached() {
        var durations = OrderStateRecord.stepDurations(new java.util.LinkedHashMap<>(java.util.Map.of(
                "PLACED", BEGINNING, "SHIPPED", minutes(30), "PAID", minutes(10))));

        assertThat(durations).containsExactly(
                new OrderStateRecord.StepDuration("PLACED", "PAID", 10 * 60_000),
                new OrderStateRecord.StepDuration("PAID", "SHIPPED", 20 * 60_000));
    }
}
