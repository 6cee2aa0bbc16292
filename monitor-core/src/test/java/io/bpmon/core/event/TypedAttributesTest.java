package io.bpmon.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.lifecycle.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attribute values keep their JSON kind (docs/contract.md, typed attributes), and money is checked. */
class TypedAttributesTest {

    private final EventParser parser = new EventParser(Lifecycle.defaultLifecycle());

    private ValidationResult<OrderEvent> parseAttributes(String attributes) {
        return parser.parse(("{\"eventId\":\"e\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o\","
                + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"attributes\":" + attributes + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepTheKindOfEveryNonStringAttributeBesideItsText() {
        OrderEvent event = parseAttributes("""
                {"amount":59.9,"items":3,"gift":true,"currency":"EUR","code":"10"}""").value();

        assertThat(event.attributes()).containsOnly(Map.entry("amount", "59.9"), Map.entry("items", "3"),
                Map.entry("gift", "true"), Map.entry("currency", "EUR"), Map.entry("code", "10"));
        assertThat(event.attributeKinds()).as("a string that looks like a number stays a string").containsOnly(
                Map.entry("amount", AttributeKinds.NUMBER), Map.entry("items", AttributeKinds.NUMBER),
                Map.entry("gift", AttributeKinds.BOOLEAN));
    }

    @Test
    void shouldTakeAQuotedAmountAsTheNumberItHolds() {
        OrderEvent event = parseAttributes("{\"amount\":\" 12.50 \",\"currency\":\"EUR\"}").value();

        assertThat(event.attributes()).containsEntry("amount", "12.50");
        assertThat(event.attributeKinds()).containsOnly(Map.entry("amount", AttributeKinds.NUMBER));
        assertThat(parseAttributes("{\"amount\":\".5\"}").value().attributes())
                .as("in JSON's spelling").containsEntry("amount", "0.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400"})
    void shouldRejectNumbersThatAreNotFinite(String literal) {
        ValidationResult<OrderEvent> result = parseAttributes("{\"weight\":" + literal + "}");

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("attributes.weight");
            assertThat(e.message()).contains("finite number");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12,50 EUR\"", "true", "\"NaN\"", "\"1e400\""})
    void shouldRejectAnAmountThatIsNotANumber(String value) {
        ValidationResult<OrderEvent> result = parseAttributes("{\"amount\":" + value + ",\"currency\":\"EUR\"}");

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("attributes.amount");
            assertThat(e.message()).startsWith("must be a number");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"978", "true"})
    void shouldRejectACurrencyThatIsNotAString(String value) {
        ValidationResult<OrderEvent> result = parseAttributes("{\"amount\":10,\"currency\":" + value + "}");

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("attributes.currency");
            assertThat(e.message()).startsWith("must be a string");
        });
    }

    @Test
    void shouldReadNumbersOnlyFromDecimalText() {
        assertThat(AttributeKinds.number("59.9")).isEqualTo(59.9);
        assertThat(AttributeKinds.number("-3")).isEqualTo(-3.0);
        assertThat(AttributeKinds.number("1.0E20")).isEqualTo(1e20);
        assertThat(AttributeKinds.number("DE")).isNull();
        assertThat(AttributeKinds.number("1d")).as("Java's suffixes are no JSON").isNull();
        assertThat(AttributeKinds.number("Infinity")).isNull();
        assertThat(AttributeKinds.number("1e400")).isNull();
        assertThat(AttributeKinds.number(null)).isNull();
    }
}
