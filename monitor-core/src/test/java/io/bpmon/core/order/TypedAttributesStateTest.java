package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed attributes through the order's state, its job-state codec, the stored document (and reading it back) and the
 * order-state record (docs/order-states.md).
 */
class TypedAttributesStateTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    private static OrderEvent typed(OrderEvent event, Map<String, String> kinds) {
        return event.withAttributeKinds(kinds);
    }

    /** Placed with a number, a boolean and a string; paid later overrides the number with a string. */
    private static OrderState order() {
        OrderState state = new OrderState("o-1");
        state.apply(typed(placed("o-1", BEGINNING, "amount", "59.9", "currency", "EUR", "gift", "true", "items", "3"),
                Map.of("amount", AttributeKinds.NUMBER, "gift", AttributeKinds.BOOLEAN, "items",
                        AttributeKinds.NUMBER)), false, LIFECYCLE);
        state.apply(paid("o-1", minutes(5), "items", "three"), false, LIFECYCLE);
        return state;
    }

    @Test
    void shouldMergeKindsLikeValuesLaterEventsOverriding() {
        assertThat(order().attributeKinds()).containsOnly(Map.entry("amount", AttributeKinds.NUMBER),
                Map.entry("gift", AttributeKinds.BOOLEAN));
    }

    @Test
    void shouldStoreNumbersAsNumbersAndIndexThemApart() {
        ObjectNode doc = OrderDocument.of(order(), LIFECYCLE);

        assertThat(doc.get("attributes").get("amount").isNumber()).isTrue();
        assertThat(doc.get("attributes").get("amount").decimalValue()).isEqualByComparingTo("59.9");
        assertThat(doc.get("attributes").get("gift").isBoolean()).isTrue();
        assertThat(doc.get("attributes").get("items").asText()).isEqualTo("three");
        assertThat(doc.get("attributes").get("items").isTextual()).isTrue();
        assertThat(doc.get("attributes").get("currency").isTextual()).isTrue();
        assertThat(doc.get(OrderDocument.NUMERIC_ATTRIBUTES).properties()).hasSize(1);
        assertThat(doc.get(OrderDocument.NUMERIC_ATTRIBUTES).get("amount").doubleValue()).isEqualTo(59.9);
        JsonNode firstEvent = doc.get("events").get(0);
        assertThat(firstEvent.get("attributes").get("items").isNumber()).as("each event keeps its own kinds").isTrue();
    }

    @Test
    void shouldReadKindsBackFromTheStoredDocument() {
        OrderState state = order();

        OrderState back = OrderDocument.toState(OrderDocument.of(state, LIFECYCLE), BEGINNING, LIFECYCLE);

        assertThat(back.attributes()).isEqualTo(state.attributes());
        assertThat(back.attributeKinds()).isEqualTo(state.attributeKinds());
        assertThat(back.timeline()).isEqualTo(state.timeline());
    }

    @Test
    void shouldReadADocumentWrittenBeforeTypedAttributesAsText() throws Exception {
        JsonNode old = Json.mapper().readTree("""
                {"orderId":"o-9","revision":1,"events":[{"eventId":"e-1","type":"ORDER_PLACED",
                 "occurredAt":"2026-11-28T10:00:00Z","attributes":{"amount":"59.9","country":"DE"},
                 "late":false,"duplicates":0}]}""");

        OrderState state = OrderDocument.toState(old, BEGINNING, LIFECYCLE);

        assertThat(state.attributes()).containsEntry("amount", "59.9");
        assertThat(state.attributeKinds()).isEmpty();
    }

    @Test
    void shouldKeepKindsThroughTheStateCodec() {
        OrderStateCodec codec = new OrderStateCodec(LIFECYCLE);
        OrderState state = order();

        OrderState decoded = codec.decode(codec.encode(state));

        assertThat(decoded.timeline()).isEqualTo(state.timeline());
        assertThat(decoded.attributeKinds()).isEqualTo(state.attributeKinds());
        // (objects compare regardless of key order; attributeNames, an array, would not)
        assertThat(OrderDocument.of(decoded, LIFECYCLE).get("attributes"))
                .isEqualTo(OrderDocument.of(state, LIFECYCLE).get("attributes"));
    }

    @Test
    void shouldDecodeStateOfTheFormatBeforeKindsWithEveryAttributeAString() throws IOException {
        // format 1, byte for byte as the codec wrote it before typed attributes: one placed event, two attributes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("o-1");
            out.writeLong(2); // revision
            out.writeInt(0); // late
            out.writeInt(0); // overflow
            instant(out, BEGINNING); // partition time
            out.writeShort(1);
            out.writeUTF("e-1");
            out.writeUTF("ORDER_PLACED");
            instant(out, BEGINNING);
            instant(out, null);
            out.writeBoolean(false); // no source
            out.writeBoolean(false); // late
            out.writeInt(1); // duplicates
            out.writeShort(2);
            text(out, "amount");
            text(out, "59.9");
            text(out, "country");
            text(out, "DE");
        }

        OrderState state = new OrderStateCodec(LIFECYCLE).decode(bytes.toByteArray());

        assertThat(state.revision()).isEqualTo(2);
        assertThat(state.status()).isEqualTo("PLACED");
        assertThat(state.duplicateEvents()).isEqualTo(1);
        assertThat(state.attributes()).containsOnly(Map.entry("amount", "59.9"), Map.entry("country", "DE"));
        assertThat(state.attributeKinds()).isEmpty();
        assertThat(OrderDocument.of(state, LIFECYCLE).get("attributes").get("amount").asText()).isEqualTo("59.9");
        // and it carries on: a new event with a typed amount makes it a number
        state.apply(paid("o-1", minutes(1), "amount", "61").withAttributeKinds(Map.of("amount",
                AttributeKinds.NUMBER)), false, LIFECYCLE);
        assertThat(state.attributeKinds()).containsOnly(Map.entry("amount", AttributeKinds.NUMBER));
    }

    @Test
    void shouldPublishTypedAttributesInTheOrderStateRecord() throws Exception {
        JsonNode record = Json.readTree(OrderStateRecord.toBytes(order(), LIFECYCLE));

        assertThat(record.get("schema").asInt()).isEqualTo(2);
        assertThat(record.get("attributes").get("amount").isNumber()).isTrue();
        assertThat(record.get("attributes").get("amount").decimalValue()).isEqualByComparingTo("59.9");
        assertThat(record.get("attributes").get("gift").booleanValue()).isTrue();
        assertThat(record.get("attributes").get("currency").asText()).isEqualTo("EUR");
        assertThat(record.has(OrderDocument.NUMERIC_ATTRIBUTES)).isFalse();
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        if (t == null) {
            out.writeLong(Long.MIN_VALUE);
        } else {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
