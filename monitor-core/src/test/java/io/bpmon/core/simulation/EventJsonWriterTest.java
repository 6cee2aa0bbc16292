package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonWriterTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123Z");

    private static Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("country", "DE");
        a.put("paymentMethod", "card");
        a.put("amount", new BigDecimal("59.90"));
        return a;
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteAContractEventWithUtcTime() {
        byte[] json = EventJsonWriter.write("e-1", "PAYMENT_RECEIVED", "o-1", AT, "payments", attributes());
        ValidationResult<OrderEvent> parsed = Simulation.PARSER.parse(json);

        assertThat(parsed.isValid()).as(parsed.errors().toString()).isTrue();
        assertThat(parsed.value()).satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("e-1");
            assertThat(e.type()).isEqualTo("PAYMENT_RECEIVED");
            assertThat(e.orderId()).isEqualTo("o-1");
            assertThat(e.occurredAt()).isEqualTo(AT);
            assertThat(e.source()).isEqualTo("payments");
            assertThat(e.attributes()).containsEntry("country", "DE").containsEntry("paymentMethod", "card")
                    .containsKey("amount");
        });
        assertThat(text(json)).startsWith("{\"eventId\":\"e-1\",\"type\":\"PAYMENT_RECEIVED\",\"orderId\":\"o-1\"")
                .contains("\"occurredAt\":\"2026-11-28T10:15:30.123Z\"").contains("\"amount\":59.90");
    }

    @Test
    void shouldWriteTheInstantAtItsOwnResolutionAndLeaveOutAMissingSource() {
        Instant micros = Instant.parse("2026-11-28T10:15:30.123456Z");

        assertThat(text(EventJsonWriter.write("e-1", "ORDER_PLACED", "o-1", micros, null, Map.of())))
                .isEqualTo("{\"eventId\":\"e-1\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o-1\","
                        + "\"occurredAt\":\"2026-11-28T10:15:30.123456Z\",\"attributes\":{}}");
    }

    @Test
    void shouldWriteEachAttributeWithItsJsonType() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("n", 3);
        a.put("big", 12_345_678_901L);
        a.put("ratio", 0.25);
        a.put("gift", true);
        a.put("amount", new BigDecimal("1234.50"));
        a.put("note", "3");

        assertThat(text(EventJsonWriter.write("e-1", "ORDER_PLACED", "o-1", AT, "checkout", a))).endsWith(
                "\"attributes\":{\"n\":3,\"big\":12345678901,\"ratio\":0.25,\"gift\":true,\"amount\":1234.50,"
                        + "\"note\":\"3\"}}");
    }

    @Test
    void shouldGiveTheSameOrderEventAsTheParserReadsFromItsJson() {
        Map<String, Object> a = attributes();
        a.put("n", 3);
        a.put("gift", false);
        a.put("ratio", 0.25);
        SimulatedEvent event = new SimulatedEvent("e-1", "ORDER_PLACED", "o-1", AT, "checkout", a);

        assertThat(event.orderEvent()).isEqualTo(Simulation.PARSER.parse(event.json()).value());
        assertThat(event.orderEvent().attributes()).containsEntry("amount", "59.9").containsEntry("n", "3");
    }

    @ParameterizedTest
    @EnumSource(Malformation.class)
    void shouldMakeEveryMalformationInvalid(Malformation kind) {
        SimulatedEvent event = new SimulatedEvent("e-1", "ORDER_SHIPPED", "o-1", AT, "fulfilment", attributes());
        for (int seed = 0; seed < 20; seed++) { // MISSING_FIELD and UNKNOWN_TYPE pick at random
            byte[] bytes = kind.breakEvent(event, new Random(seed));

            assertThat(Simulation.PARSER.parse(bytes).isValid()).as(kind + " " + text(bytes)).isFalse();
        }
    }
}
