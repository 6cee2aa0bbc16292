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
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser fuzzed (docs/contract.md, validation): whatever bytes arrive, it answers without throwing, either with an
 * event whose document the store can hold, or with reasons that each name a field. Inputs are drawn from seeds, and a
 * failure names its seed: {@link EventMutations} turns it back into the same bytes. Each run draws new seeds (printed
 * on failure), so the suite explores further over time; {@code -Dbpmon.fuzz.seed=N} replays one run.
 */
class EventParserFuzzTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-05T12:00:00Z");
    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final EventParser PARSER = new EventParser(LIFECYCLE, Duration.ofDays(1),
            Clock.fixed(RECEIVED, ZoneOffset.UTC));
    private static final EventMutations MUTATIONS = new EventMutations(RECEIVED);
    private static final Set<String> FIELDS = Set.of("$", "eventId", "type", "orderId", "occurredAt", "source",
            "attributes");
    private static final long RUN_SEED = Long.getLong("bpmon.fuzz.seed", System.nanoTime());
    private static final char[] FORBIDDEN_IN_IDS = {'/', '\\', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028',
            '\ud800', '\udbff', '\udc00'};

    @Test
    void shouldStoreOrRejectEveryMutatedEvent() {
        int valid = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = RUN_SEED + i;
            valid += check(MUTATIONS.event(seed), "mutated event of seed " + seed) ? 1 : 0;
        }
        // both sides of the limits are drawn: a fuzzer that only makes garbage proves little
        assertThat(valid).as("valid among 3000 mutated events (run seed %d)", RUN_SEED).isBetween(300, 2700);
    }

    @Test
    void shouldStoreOrRejectAnyBytes() {
        Random random = new Random(RUN_SEED);
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            check(noise, "random bytes #" + i + " of run seed " + RUN_SEED);
        }
    }

    @Test
    void shouldRejectEveryIdWithACharacterTheStoreOrTheUiCannotHandle() {
        Random random = new Random(RUN_SEED);
        for (int i = 0; i < 500; i++) {
            char forbidden = FORBIDDEN_IN_IDS[random.nextInt(FORBIDDEN_IN_IDS.length)];
            String id = "o-" + random.nextInt(1000) + forbidden + random.nextInt(1000);
            byte[] event = Json.writeBytes(Json.mapper().createObjectNode().put("eventId", "e-1")
                    .put("type", "ORDER_PLACED").put("orderId", id).put("occurredAt", RECEIVED.toString()));

            ValidationResult<OrderEvent> result = PARSER.parse(event);

            assertThat(result.isValid()).as("orderId %s", escaped(id)).isFalse();
            assertThat(result.errors()).extracting(FieldError::field).containsExactly("orderId");
        }
    }

    /** Checks one input; returns whether it was valid. */
    private static boolean check(byte[] input, String what) {
        ValidationResult<OrderEvent> result;
        try {
            result = PARSER.parse(input);
        } catch (RuntimeException e) {
            throw new AssertionError("the parser threw on the " + what, e);
        }
        if (!result.isValid()) {
            assertThat(result.errors()).as(what).isNotEmpty();
            assertThat(result.errors()).as(what).allSatisfy(e -> {
                assertThat(FIELDS).as("the field of '%s'", e).contains(e.field().split("\\.", 2)[0]);
                assertThat(e.message()).isNotBlank();
            });
            return false;
        }
        OrderEvent event = result.value();
        assertThat(EventParser.idProblem(event.orderId())).as("orderId %s of the %s", escaped(event.orderId()), what)
                .isNull();
        assertThat(EventParser.idProblem(event.eventId())).as("eventId of the %s", what).isNull();
        assertThat(event.occurredAt()).as(what)
                .isBetween(EventParser.EARLIEST_OCCURRED_AT, RECEIVED.plus(Duration.ofDays(1)));
        assertThat(event.attributes()).as(what).hasSizeLessThanOrEqualTo(EventParser.MAX_ATTRIBUTES);
        for (Map.Entry<String, String> a : event.attributes().entrySet()) {
            assertThat(a.getKey()).as(what).matches(EventParser.ATTRIBUTE_NAME);
            assertThat(a.getValue().length()).as(what).isLessThanOrEqualTo(EventParser.MAX_ATTRIBUTE_VALUE_LENGTH);
        }
        // what the job makes of it: a document that reads back as the order it came from
        OrderState state = new OrderState(event.orderId());
        state.apply(event, false, LIFECYCLE);
        JsonNode doc = OrderDocument.of(state, LIFECYCLE);
        assertThat(doc.path("orderId").asText()).as(what).isEqualTo(event.orderId());
        assertThat(OrderDocument.toState(doc, state.partitionTime(), LIFECYCLE).timeline()).as(what)
                .isEqualTo(state.timeline());
        return true;
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 32 || c > 126 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
