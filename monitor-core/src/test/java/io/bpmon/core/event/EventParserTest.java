package io.bpmon.core.event;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.toJsonBytes;
import static io.bpmon.core.fixtures.Events.toJsonNode;
import static io.bpmon.core.fixtures.Events.withSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    private static final String VALID = """
            {"eventId":"e-1","type":"ORDER_PLACED","orderId":"o-1001","occurredAt":"2026-11-28T10:15:30.123Z",
             "source":"checkout","attributes":{"country":"DE","channel":"app","paymentMethod":"card","amount":59.9}}
            """;

    private final EventParser parser = new EventParser(Lifecycle.defaultLifecycle());

    private ValidationResult<OrderEvent> parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The valid example with one field replaced ({@code null} = removed). */
    private ValidationResult<OrderEvent> parseWith(String field, JsonNode value) {
        ObjectNode node = validNode();
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, value);
        }
        return parser.parse(Json.writeBytes(node));
    }

    private static ObjectNode validNode() {
        try {
            return (ObjectNode) Json.mapper().readTree(VALID);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }

    @Nested
    class ValidEvents {

        @Test
        void shouldParseEveryFieldOfTheContractExample() {
            ValidationResult<OrderEvent> result = parse(VALID);

            assertThat(result.isValid()).isTrue();
            assertThat(result.errors()).isEmpty();
            OrderEvent event = result.value();
            assertThat(event.eventId()).isEqualTo("e-1");
            assertThat(event.type()).isEqualTo("ORDER_PLACED");
            assertThat(event.orderId()).isEqualTo("o-1001");
            assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
            assertThat(event.source()).isEqualTo("checkout");
            assertThat(event.attributes()).containsOnly(
                    Map.entry("country", "DE"), Map.entry("channel", "app"),
                    Map.entry("paymentMethod", "card"), Map.entry("amount", "59.9"));
        }

        @Test
        void shouldLeaveReceivedAtUnsetBecauseIngestionStampsIt() {
            assertThat(parse(VALID).value().receivedAt()).isNull();
        }

        @Test
        void shouldAcceptEventWithOnlyRequiredFields() {
            ValidationResult<OrderEvent> result = parse(
                    "{\"eventId\":\"e\",\"type\":\"ORDER_SHIPPED\",\"orderId\":\"o\",\"occurredAt\":\"2026-11-28T10:15:30Z\"}");

            assertThat(result.isValid()).isTrue();
            assertThat(result.value().source()).isNull();
            assertThat(result.value().attributes()).isEmpty();
        }

        @Test
        void shouldTreatNullOptionalFieldsAsAbsent() {
            ObjectNode node = validNode();
            node.putNull("source");
            node.putNull("attributes");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.isValid()).isTrue();
            assertThat(result.value().source()).isNull();
            assertThat(result.value().attributes()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED",
                "ORDER_CANCELLED", "ORDER_RETURNED"})
        void shouldAcceptEveryEventTypeOfTheContract(String type) {
            ValidationResult<OrderEvent> result = parseWith("type", text(type));

            assertThat(result.isValid()).isTrue();
            assertThat(result.value().type()).isEqualTo(type);
        }

        @Test
        void shouldConvertOffsetToTheSameInstant() {
            ValidationResult<OrderEvent> result = parseWith("occurredAt", text("2026-11-28T11:15:30+01:00"));

            assertThat(result.value().occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        }

        @Test
        void shouldKeepNanosecondPrecisionOfOccurredAt() {
            ValidationResult<OrderEvent> result = parseWith("occurredAt", text("2026-11-28T10:15:30.123456789Z"));

            assertThat(result.value().occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123456789Z"));
        }

        @Test
        void shouldAcceptLowerCaseSeparatorsAllowedByRfc3339() {
            ValidationResult<OrderEvent> result = parseWith("occurredAt", text("2026-11-28t10:15:30z"));

            assertThat(result.isValid()).as(result.reason()).isTrue();
            assertThat(result.value().occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        }

        @Test
        void shouldIgnoreUnknownFields() {
            ObjectNode node = validNode();
            node.put("schemaVersion", 3);
            node.putObject("trace").put("id", "abc");
            node.putArray("tags").add("x");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.isValid()).isTrue();
            assertThat(result.value()).isEqualTo(parse(VALID).value());
        }

        @Test
        void shouldKeepNumbersAndBooleansInAttributesAsText() {
            ValidationResult<OrderEvent> result = parse("""
                    {"eventId":"e","type":"ORDER_PLACED","orderId":"o","occurredAt":"2026-11-28T10:15:30Z",
                     "attributes":{"amount":59.9,"items":3,"big":12345678901234567890,"gift":true,"express":false,
                                   "currency":"EUR"}}
                    """);

            assertThat(result.isValid()).isTrue();
            assertThat(result.value().attributes()).containsOnly(
                    Map.entry("amount", "59.9"), Map.entry("items", "3"), Map.entry("big", "12345678901234567890"),
                    Map.entry("gift", "true"), Map.entry("express", "false"), Map.entry("currency", "EUR"));
        }

        @Test
        void shouldAcceptIdsOfExactly128Characters() {
            String id = "x".repeat(128);
            ObjectNode node = validNode();
            node.put("eventId", id);
            node.put("orderId", id);

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.isValid()).isTrue();
            assertThat(result.value().eventId()).isEqualTo(id);
            assertThat(result.value().orderId()).isEqualTo(id);
        }

        @Test
        void shouldAcceptEventOfExactly64KiB() {
            byte[] bytes = eventOfSize(EventParser.MAX_EVENT_BYTES);

            assertThat(bytes).hasSize(64 * 1024);
            assertThat(parser.parse(bytes).isValid()).isTrue();
        }

        @Test
        void shouldParseWhatTheFixturesWrite() {
            OrderEvent event = withSource(placed("o-7", BEGINNING, "country", "DE", "amount", "10"), "checkout");

            ValidationResult<OrderEvent> result = parser.parse(toJsonBytes(event));

            // the fixtures write every attribute as a string; an amount is money, a number (TypedAttributesTest)
            assertThat(result.value()).isEqualTo(event.withAttributeKinds(Map.of("amount", AttributeKinds.NUMBER)));
        }

        @Test
        void shouldValidateAnAlreadyParsedNodeLikeRawBytes() {
            OrderEvent event = placed("o-8", BEGINNING, "country", "FR");

            assertThat(parser.validate(toJsonNode(event)).value()).isEqualTo(event);
        }
    }

    @Nested
    class InvalidEvents {

        @ParameterizedTest
        @ValueSource(strings = {"{not json", "{\"eventId\":", "ORDER_PLACED", "<event/>", "{'eventId':'e'}"})
        void shouldRejectTextThatIsNotJson(String raw) {
            ValidationResult<OrderEvent> result = parse(raw);

            assertThat(result.isValid()).isFalse();
            assertThat(result.value()).isNull();
            assertThat(result.errors()).singleElement()
                    .satisfies(e -> assertThat(e.field()).isEqualTo("$"))
                    .satisfies(e -> assertThat(e.message()).contains("not valid JSON"));
        }

        @Test
        void shouldRejectValidEventFollowedByTrailingGarbage() {
            // a message holding two concatenated events must not silently lose the second
            ValidationResult<OrderEvent> result = parse(VALID + VALID);

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).extracting(FieldError::field).containsExactly("$");
        }

        @Test
        void shouldRejectBytesThatAreNotUtf8() {
            byte[] bytes = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

            ValidationResult<OrderEvent> result = parser.parse(bytes);

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).extracting(FieldError::field).containsExactly("$");
        }

        @Test
        void shouldRejectEmptyMessage() {
            assertThat(parser.parse(new byte[0]).reason()).isEqualTo("$: empty message");
            assertThat(parser.parse(null).isValid()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"eventId\":\"e\"}]", "\"text\"", "42", "true", "null", "   "})
        void shouldRejectJsonThatIsNotAnObject(String raw) {
            ValidationResult<OrderEvent> result = parse(raw);

            assertThat(result.isValid()).isFalse();
            assertThat(result.reason()).isEqualTo("$: event must be a JSON object");
        }

        @Test
        void shouldRejectMissingNodeGivenToValidate() {
            assertThat(parser.validate(null).reason()).isEqualTo("$: event must be a JSON object");
            assertThat(parser.validate(JsonNodeFactory.instance.arrayNode()).isValid()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"eventId", "type", "orderId", "occurredAt"})
        void shouldRejectEventMissingARequiredField(String field) {
            ValidationResult<OrderEvent> result = parseWith(field, null);

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).containsExactly(new FieldError(field, "missing"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"eventId", "type", "orderId", "occurredAt"})
        void shouldRejectRequiredFieldThatIsNull(String field) {
            ValidationResult<OrderEvent> result = parseWith(field, JsonNodeFactory.instance.nullNode());

            assertThat(result.errors()).containsExactly(new FieldError(field, "missing"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"eventId", "type", "orderId", "occurredAt", "source"})
        void shouldRejectStringFieldOfAnotherType(String field) {
            for (JsonNode wrong : new JsonNode[] {
                    JsonNodeFactory.instance.numberNode(42),
                    JsonNodeFactory.instance.booleanNode(true),
                    JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.arrayNode().add("e-1")}) {
                ValidationResult<OrderEvent> result = parseWith(field, wrong);

                assertThat(result.errors()).as("%s = %s", field, wrong)
                        .containsExactly(new FieldError(field, "must be a string"));
            }
        }

        @Test
        void shouldRejectOccurredAtGivenAsEpochMillis() {
            ValidationResult<OrderEvent> result = parseWith("occurredAt",
                    JsonNodeFactory.instance.numberNode(1_795_860_930_000L));

            assertThat(result.errors()).containsExactly(new FieldError("occurredAt", "must be a string"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"eventId", "orderId"})
        void shouldRejectEmptyId(String field) {
            ValidationResult<OrderEvent> result = parseWith(field, text(""));

            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.message()).isEqualTo("must be 1 to 128 characters, was 0");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"eventId", "orderId"})
        void shouldRejectIdOf129Characters(String field) {
            ValidationResult<OrderEvent> result = parseWith(field, text("x".repeat(129)));

            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.message()).isEqualTo("must be 1 to 128 characters, was 129");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"ORDER_LOST", "order_placed", "", " ORDER_PLACED", "PLACED"})
        void shouldRejectUnknownType(String type) {
            ValidationResult<OrderEvent> result = parseWith("type", text(type));

            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("type");
                assertThat(e.message()).startsWith("unknown event type '" + type + "'")
                        .contains("ORDER_PLACED", "ORDER_RETURNED");
            });
        }

        @Test
        void shouldAbbreviateVeryLongUnknownTypeInTheReason() {
            ValidationResult<OrderEvent> result = parseWith("type", text("X".repeat(10_000)));

            assertThat(result.reason()).hasSizeLessThan(400).contains("...");
        }

        @ParameterizedTest
        @ValueSource(strings = {"yesterday", "2026-11-28", "2026-11-28 10:15:30Z", "2026-13-01T10:15:30Z",
                "2026-11-28T25:00:00Z", "28.11.2026 10:15", "2026-11-28T10:15:30+0100", ""})
        void shouldRejectUnparseableOccurredAt(String occurredAt) {
            ValidationResult<OrderEvent> result = parseWith("occurredAt", text(occurredAt));

            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("occurredAt");
                assertThat(e.message()).contains("'" + occurredAt + "'", "RFC 3339");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-28T10:15:30", "2026-11-28T10:15:30.123", "2026-11-28T10:15"})
        void shouldRejectOccurredAtWithoutOffset(String occurredAt) {
            ValidationResult<OrderEvent> result = parseWith("occurredAt", text(occurredAt));

            assertThat(result.errors()).singleElement()
                    .satisfies(e -> assertThat(e.field()).isEqualTo("occurredAt"))
                    .satisfies(e -> assertThat(e.message()).contains("with offset"));
        }

        @Test
        void shouldRejectEventLargerThan64KiB() {
            byte[] bytes = eventOfSize(EventParser.MAX_EVENT_BYTES + 1);

            ValidationResult<OrderEvent> result = parser.parse(bytes);

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("$");
                assertThat(e.message()).contains("65537 bytes", "65536");
            });
        }

        @Test
        void shouldRejectAttributeValueThatIsAnObject() {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).putObject("address").put("city", "Berlin");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.errors()).containsExactly(
                    new FieldError("attributes.address", "must be a string, number or boolean"));
        }

        @Test
        void shouldRejectAttributeValueThatIsAnArray() {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).putArray("tags").add("gift");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.errors()).containsExactly(
                    new FieldError("attributes.tags", "must be a string, number or boolean"));
        }

        @Test
        void shouldRejectAttributeValueThatIsNull() {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).putNull("coupon");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.errors()).containsExactly(
                    new FieldError("attributes.coupon", "must be a string, number or boolean"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[\"country\",\"DE\"]", "\"country=DE\"", "7", "true"})
        void shouldRejectAttributesThatAreNotAnObject(String attributes) {
            ValidationResult<OrderEvent> result = parse(
                    "{\"eventId\":\"e\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o\","
                            + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"attributes\":" + attributes + "}");

            assertThat(result.errors()).containsExactly(new FieldError("attributes", "must be an object"));
        }

        @Test
        void shouldReportEveryInvalidFieldAtOnce() {
            ValidationResult<OrderEvent> result = parse("""
                    {"eventId":"","type":"ORDER_LOST","occurredAt":"2026-11-28T10:15:30","source":7,
                     "attributes":{"ok":"yes","bad":{"x":1},"worse":[1]}}
                    """);

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                    "eventId", "orderId", "type", "occurredAt", "source", "attributes.bad", "attributes.worse");
            assertThat(result.reason())
                    .contains("eventId: must be 1 to 128 characters")
                    .contains("orderId: missing")
                    .contains("type: unknown event type 'ORDER_LOST'")
                    .contains("occurredAt: '2026-11-28T10:15:30'")
                    .contains("source: must be a string")
                    .contains("attributes.bad: must be a string, number or boolean")
                    .contains("; ");
        }

        @Test
        void shouldReportAllFourMissingRequiredFields() {
            ValidationResult<OrderEvent> result = parse("{}");

            assertThat(result.errors()).containsExactlyInAnyOrder(
                    new FieldError("eventId", "missing"), new FieldError("type", "missing"),
                    new FieldError("orderId", "missing"), new FieldError("occurredAt", "missing"));
        }
    }

    /** What the store and the UI need of ids, attribute names and event times (docs/contract.md, validation). */
    @Nested
    class StorableEvents {

        private final Instant received = Instant.parse("2026-12-05T12:00:00Z");
        private final EventParser clocked = new EventParser(Lifecycle.defaultLifecycle(), Duration.ofDays(1),
                Clock.fixed(received, ZoneOffset.UTC));

        private ValidationResult<OrderEvent> parseOccurredAt(String occurredAt) {
            ObjectNode node = validNode();
            node.put("occurredAt", occurredAt);
            return clocked.parse(Json.writeBytes(node));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a/b", "../etc", "/", "a\\b", "o-1\t", "o\n1", "o\u0000", "o\u007f", "o\u0085",
                "o\u2028", "\ud800x", "x\udc00", "x\ud800", " ", "   ", ".", ".."})
        void shouldRejectIdsThatCannotBeDocumentIdsOrPathSegments(String id) {
            for (String field : List.of("eventId", "orderId")) {
                ValidationResult<OrderEvent> result = parseWith(field, text(id));

                assertThat(result.isValid()).as("%s = %s", field, id).isFalse();
                assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo(field));
            }
        }

        @Test
        void shouldNameTheCharacterThatMakesAnIdInvalid() {
            assertThat(parseWith("orderId", text("o-1/../x")).reason())
                    .isEqualTo("orderId: must not contain '/' (at position 3)");
            assertThat(parseWith("orderId", text("o-\u0007")).reason())
                    .isEqualTo("orderId: must not contain control characters (U+0007 at position 2)");
            assertThat(parseWith("eventId", text("e\ud800")).reason())
                    .isEqualTo("eventId: must not contain an unpaired surrogate (U+D800 at position 1)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"o-1", "Bestellung-ä-ö", "订单-42", "o:1@shop#2", "o.1", "\ud83d\udce6-parcel"})
        void shouldAcceptIdsOfAnyPrintableCharactersButSlashes(String id) {
            ValidationResult<OrderEvent> result = parseWith("orderId", text(id));

            assertThat(result.isValid()).as(result.isValid() ? "" : result.reason()).isTrue();
            assertThat(result.value().orderId()).isEqualTo(id);
        }

        @Test
        void shouldCountIdLengthInCharactersNotUtf16Units() {
            String parcels = "\ud83d\udce6".repeat(128);

            assertThat(parseWith("orderId", text(parcels)).isValid()).isTrue();
            assertThat(parseWith("orderId", text(parcels + "x")).reason())
                    .isEqualTo("orderId: must be 1 to 128 characters, was 129");
        }

        @ParameterizedTest
        @ValueSource(strings = {"country.x", "", "1st", "_private", "a b", "amount€", "-x",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
        void shouldRejectAttributeNamesTheStoreCannotHold(String name) {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).put(name, "v");

            ValidationResult<OrderEvent> result = parser.parse(Json.writeBytes(node));

            assertThat(result.isValid()).isFalse();
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).startsWith("attributes");
                assertThat(e.message()).contains("attribute name", "[A-Za-z][A-Za-z0-9_-]{0,63}");
            });
        }

        @Test
        void shouldNameTheDottedAttributeInTheReason() {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).put("country.x", "v");

            assertThat(parser.parse(Json.writeBytes(node)).reason())
                    .startsWith("attributes.country.x: attribute name 'country.x' must match");
        }

        @Test
        void shouldAcceptFiftyAttributesButNotFiftyOne() {
            ObjectNode node = validNode();
            ObjectNode attributes = node.putObject("attributes");
            for (int i = 0; i < 50; i++) {
                attributes.put("a" + i, i);
            }
            assertThat(parser.parse(Json.writeBytes(node)).value().attributes()).hasSize(50);

            attributes.put("a50", 50);
            assertThat(parser.parse(Json.writeBytes(node)).errors())
                    .containsExactly(new FieldError("attributes", "at most 50 attributes, got 51"));
        }

        @Test
        void shouldAcceptStringValuesOf1024CharactersButNotLonger() {
            ObjectNode node = validNode();
            ((ObjectNode) node.get("attributes")).put("note", "x".repeat(1024));
            assertThat(parser.parse(Json.writeBytes(node)).isValid()).isTrue();

            ((ObjectNode) node.get("attributes")).put("note", "x".repeat(1025));
            assertThat(parser.parse(Json.writeBytes(node)).errors())
                    .containsExactly(new FieldError("attributes.note", "at most 1024 characters, was 1025"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2026-12-06T12:00:00.001Z"})
        void shouldRejectEventTimesOutsideTheBounds(String occurredAt) {
            ValidationResult<OrderEvent> result = parseOccurredAt(occurredAt);

            assertThat(result.isValid()).as(occurredAt).isFalse();
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("occurredAt");
                assertThat(e.message()).contains(occurredAt);
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"2000-01-01T00:00:00Z", "2026-12-06T12:00:00Z", "2026-12-06T13:00:00+01:00",
                "2012-02-29T10:00:00Z"})
        void shouldAcceptEventTimesWithinTheBounds(String occurredAt) {
            assertThat(parseOccurredAt(occurredAt).isValid()).as(occurredAt).isTrue();
        }

        @Test
        void shouldBoundTheFutureByTheTimeOfReceiptNotTheTimeOfParsing() {
            // a record the broker appended a year ago and the job reads only now (a replay) is judged by its receipt
            byte[] event = Json.writeBytes(validNode().put("occurredAt", "2025-12-05T13:00:00Z"));

            assertThat(clocked.parse(event, Instant.parse("2025-12-05T12:00:00Z")).isValid()).isTrue();
            assertThat(clocked.parse(event, Instant.parse("2025-12-04T12:00:00Z")).reason())
                    .contains("occurredAt: '2025-12-05T13:00:00Z' is more than PT24H after the event was received");
        }
    }

    /** A valid event padded through its source to exactly {@code size} bytes of UTF-8. */
    private static byte[] eventOfSize(int size) {
        String head = "{\"eventId\":\"e\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o\","
                + "\"occurredAt\":\"2026-11-28T10:15:30Z\",\"source\":\"";
        String tail = "\"}";
        String json = head + "x".repeat(size - head.length() - tail.length()) + tail;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }
}
