package io.bpmon.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.fixtures.EventMutations;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The parser fuzzed (docs/contract.md, validation): whatever bytes arrive, it answers without throwing, either with an
 * event whose document the store can hold, or with reasons that each name a field. A failing input is printed by
 * jqwik with its seed; {@link EventMutations} turns the seed back into the same bytes.
 */
class EventParserFuzzTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-05T12:00:00Z");
    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final EventParser PARSER = new EventParser(LIFECYCLE, Duration.ofDays(1),
            Clock.fixed(RECEIVED, ZoneOffset.UTC));
    private static final EventMutations MUTATIONS = new EventMutations(RECEIVED);
    private static final Set<String> FIELDS = Set.of("$", "eventId", "type", "orderId", "occurredAt", "source",
            "attributes");

    @Provide
    Arbitrary<byte[]> mutatedEvents() {
        return Arbitraries.longs().map(MUTATIONS::event);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Property(tries = 2000)
    void shouldStoreOrRejectEveryMutatedEvent(@ForAll("mutatedEvents") byte[] input) {
        check(input);
    }

    @Property(tries = 500)
    void shouldStoreOrRejectAnyBytes(@ForAll("anyBytes") byte[] input) {
        check(input);
    }

    @Property(tries = 500)
    void shouldRejectEveryEventWithOneOfTheStoresForbiddenIdCharacters(@ForAll("forbiddenIds") String id) {
        byte[] event = Json.writeBytes(Json.mapper().createObjectNode().put("eventId", "e-1")
                .put("type", "ORDER_PLACED").put("orderId", id).put("occurredAt", RECEIVED.toString()));

        ValidationResult<OrderEvent> result = PARSER.parse(event);

        assertThat(result.isValid()).as("orderId %s", escaped(id)).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactly("orderId");
    }

    @Provide
    Arbitrary<String> forbiddenIds() {
        Arbitrary<String> prefix = Arbitraries.strings().alpha().numeric().ofMaxLength(20);
        Arbitrary<Character> forbidden = Arbitraries.of('/', '\\', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028',
                '\ud800', '\udbff', '\udc00');
        return net.jqwik.api.Combinators.combine(prefix, forbidden, prefix).as((a, c, b) -> a + c + b);
    }

    private static void check(byte[] input) {
        ValidationResult<OrderEvent> result = PARSER.parse(input);
        Statistics.collect(result.isValid() ? "valid" : "invalid");
        if (!result.isValid()) {
            assertThat(result.errors()).isNotEmpty();
            assertThat(result.errors()).allSatisfy(e -> {
                assertThat(FIELDS).as("the field of '%s'", e).contains(e.field().split("\\.", 2)[0]);
                assertThat(e.message()).isNotBlank();
            });
            return;
        }
        OrderEvent event = result.value();
        assertThat(EventParser.idProblem(event.orderId())).as("orderId %s", escaped(event.orderId())).isNull();
        assertThat(EventParser.idProblem(event.eventId())).as("eventId %s", escaped(event.eventId())).isNull();
        assertThat(event.occurredAt()).isBetween(EventParser.EARLIEST_OCCURRED_AT, RECEIVED.plus(Duration.ofDays(1)));
        assertThat(event.attributes()).hasSizeLessThanOrEqualTo(EventParser.MAX_ATTRIBUTES);
        for (Map.Entry<String, String> a : event.attributes().entrySet()) {
            assertThat(a.getKey()).matches(EventParser.ATTRIBUTE_NAME);
            assertThat(a.getValue().length()).isLessThanOrEqualTo(EventParser.MAX_ATTRIBUTE_VALUE_LENGTH);
        }
        // what the job makes of it: a document that reads back as the order it came from
        OrderState state = new OrderState(event.orderId());
        state.apply(event, false, LIFECYCLE);
        JsonNode doc = OrderDocument.of(state, LIFECYCLE);
        assertThat(doc.path("orderId").asText()).isEqualTo(event.orderId());
        doc.path("attributes").fieldNames().forEachRemaining(n -> assertThat(n).matches(EventParser.ATTRIBUTE_NAME));
        assertThat(OrderDocument.toState(doc, state.partitionTime(), LIFECYCLE).timeline())
                .isEqualTo(state.timeline());
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 32 || c > 126 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
