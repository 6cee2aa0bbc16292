package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatedEventJsonTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123456Z");

    private static Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("country", "DE");
        a.put("paymentMethod", "card");
        a.put("amount", new BigDecimal("59.90"));
        return a;
    }

    @Test
    void shouldWriteAContractEventWithMillisecondUtcTime() {
        byte[] json = SimulatedEventJson.event("e-1", OrderStep.PAID, "o-1", AT, attributes());
        ValidationResult<OrderEvent> parsed = Simulation.PARSER.parse(json);

        assertThat(parsed.isValid()).as(parsed.errors().toString()).isTrue();
        assertThat(parsed.value()).satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("e-1");
            assertThat(e.type()).isEqualTo("PAYMENT_RECEIVED");
            assertThat(e.orderId()).isEqualTo("o-1");
            assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
            assertThat(e.source()).isEqualTo("payments");
            assertThat(e.attributes()).containsEntry("country", "DE").containsEntry("paymentMethod", "card")
                    .containsKey("amount");
        });
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"occurredAt\":\"2026-11-28T10:15:30.123Z\"").contains("\"amount\":59.90");
    }

    @ParameterizedTest
    @EnumSource(SimulatedEventJson.Malformation.class)
    void shouldMakeEveryMalformationInvalid(SimulatedEventJson.Malformation kind) {
        for (int seed = 0; seed < 20; seed++) { // MISSING_FIELD and UNKNOWN_TYPE pick at random
            byte[] bytes = SimulatedEventJson.malformed(kind, "e-1", OrderStep.SHIPPED, "o-1", AT, attributes(),
                    new Random(seed));

            assertThat(Simulation.PARSER.parse(bytes).isValid()).as(kind + " " + new String(bytes)).isFalse();
        }
    }

    @Test
    void shouldUseTheEventTypesOfTheDefaultLifecycle() {
        assertThat(Arrays.stream(OrderStep.values()).map(OrderStep::eventType))
                .containsExactlyInAnyOrderElementsOf(Simulation.LIFECYCLE.eventTypes());
        for (OrderStep step : OrderStep.values()) {
            assertThat(Simulation.LIFECYCLE.stepForEventType(step.eventType()).orElseThrow().name())
                    .isEqualTo(step.name());
        }
    }
}
