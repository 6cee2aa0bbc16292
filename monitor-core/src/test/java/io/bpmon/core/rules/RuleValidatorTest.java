package io.bpmon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/contract.md, field by field, for each kind of rule. */
public class RuleValidatorTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    public static final String PAYMENT_SLA = """
            {"id": "payment-30m", "name": "Payment within 30 min", "kind": "STEP_SLA",
             "from": "PLACED", "to": "PAID", "maxDuration": "PT30M", "severity": "CRITICAL", "enabled": true}""";
    public static final String STALL = """
            {"id": "stalled", "name": "Stalled", "kind": "STALL", "maxDuration": "PT48H", "severity": "WARNING"}""";
    public static final String VELOCITY = """
            {"id": "payments", "name": "Payments per method", "kind": "VELOCITY", "eventType": "PAYMENT_RECEIVED",
             "window": "PT15M", "min": 1, "groupBy": ["paymentMethod"], "severity": "CRITICAL"}""";

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code base} with {@code field} set to the JSON value {@code value}, or removed when value is null. */
    static ObjectNode with(String base, String field, String value) {
        ObjectNode node = json(base);
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, json("{\"v\": " + value + "}").get("v"));
        }
        return node;
    }

    private static Rule valid(JsonNode node) {
        ValidationResult<Rule> result = VALIDATOR.validate(node);
        assertThat(result.errors()).as("errors").isEmpty();
        return result.value();
    }

    private static List<String> invalidFields(JsonNode node) {
        ValidationResult<Rule> result = VALIDATOR.validate(node);
        assertThat(result.isValid()).as("valid").isFalse();
        return result.errors().stream().map(FieldError::field).toList();
    }

    @Nested
    class CommonFields {

        @Test
        void shouldAcceptAFullRuleAndReturnVersionZero() {
            Rule rule = valid(json(PAYMENT_SLA));

            assertThat(rule.id()).isEqualTo("payment-30m");
            assertThat(rule.name()).isEqualTo("Payment within 30 min");
            assertThat(rule.kind()).isEqualTo(RuleKind.STEP_SLA);
            assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(rule.enabled()).isTrue();
            assertThat(rule.scope()).isEmpty();
            assertThat(rule.version()).isZero();
            assertThat(rule.updatedAt()).isNull();
            assertThat(rule.updatedBy()).isNull();
        }

        @Test
        void shouldDefaultToEnabledWarningWithEmptyScope() {
            ObjectNode node = with(PAYMENT_SLA, "severity", null);
            node.remove("enabled");

            Rule rule = valid(node);

            assertThat(rule.severity()).isEqualTo(Severity.WARNING);
            assertThat(rule.enabled()).isTrue();
            assertThat(rule.scope()).isEmpty();
        }

        @Test
        void shouldIgnoreReadOnlyAndUnknownFieldsSoAClientMaySendBackWhatItRead() {
            ObjectNode node = json(PAYMENT_SLA);
            node.put("version", 7).put("updatedAt", "2026-11-28T10:00:00Z").put("updatedBy", "alice")
                    .put("comment", "whatever");

            assertThat(valid(node).version()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "42", "\"rule\"", "null"})
        void shouldRefuseAnythingButAnObject(String body) {
            assertThat(invalidFields(json("{\"v\": " + body + "}").get("v"))).containsExactly("$");
        }

        @Test
        void shouldRefuseNoInputAtAll() {
            assertThat(VALIDATOR.validate(null).errors()).extracting(FieldError::field).containsExactly("$");
        }

        @Test
        void shouldNameAMissingName() {
            assertThat(invalidFields(with(PAYMENT_SLA, "name", null))).containsExactly("name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\"", "\"   \"", "42"})
        void shouldNameABlankOrNonTextName(String name) {
            assertThat(invalidFields(with(PAYMENT_SLA, "name", name))).contains("name");
        }

        @Test
        void shouldAcceptANameOf200CharactersButNot201() {
            assertThat(valid(with(PAYMENT_SLA, "name", "\"" + "n".repeat(200) + "\"")).name()).hasSize(200);
            assertThat(invalidFields(with(PAYMENT_SLA, "name", "\"" + "n".repeat(201) + "\"")))
                    .containsExactly("name");
        }

        @Test
        void shouldStripTheName() {
            assertThat(valid(with(PAYMENT_SLA, "name", "\"  Payment  \"")).name()).isEqualTo("Payment");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"Payment\"", "\"payment_30\"", "\"payment 30\"", "\"\"", "\"zahlung-ü\"", "42"})
        void shouldNameABadId(String id) {
            assertThat(invalidFields(with(PAYMENT_SLA, "id", id))).containsExactly("id");
        }

        @Test
        void shouldAcceptAnIdOf64CharactersButNot65() {
            assertThat(valid(with(PAYMENT_SLA, "id", "\"" + "a".repeat(64) + "\"")).id()).hasSize(64);
            assertThat(invalidFields(with(PAYMENT_SLA, "id", "\"" + "a".repeat(65) + "\""))).containsExactly("id");
        }

        @Test
        void shouldDeriveTheIdFromTheNameWhenAbsent() {
            ObjectNode node = with(PAYMENT_SLA, "id", null);
            node.put("name", "Payment within 30 min (DE)");

            assertThat(valid(node).id()).isEqualTo("payment-within-30-min-de");
        }

        @Test
        void shouldCutADerivedIdTo64CharactersWithoutATrailingDash() {
            String name = "a".repeat(63) + " b and more";

            assertThat(RuleValidator.idFrom(name)).isEqualTo("a".repeat(63));
            assertThat(RuleValidator.idFrom("Über  Fällig!")).isEqualTo("ber-f-llig");
        }

        @Test
        void shouldNameTheIdWhenItCannotBeDerived() {
            ObjectNode node = with(PAYMENT_SLA, "id", null);
            node.put("name", "!!! ???");

            assertThat(invalidFields(node)).containsExactly("id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"SLA\"", "\"step_sla\"", "42"})
        void shouldNameAnUnknownKind(String kind) {
            assertThat(invalidFields(with(PAYMENT_SLA, "kind", kind))).contains("kind");
        }

        @Test
        void shouldNameAMissingKind() {
            assertThat(invalidFields(with(PAYMENT_SLA, "kind", null))).containsExactly("kind");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"URGENT\"", "\"critical\"", "1"})
        void shouldNameAnUnknownSeverity(String severity) {
            assertThat(invalidFields(with(PAYMENT_SLA, "severity", severity))).containsExactly("severity");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "{}"})
        void shouldNameANonBooleanEnabled(String enabled) {
            assertThat(invalidFields(with(PAYMENT_SLA, "enabled", enabled))).containsExactly("enabled");
        }

        @Test
        void shouldAcceptADisabledRule() {
            assertThat(valid(with(PAYMENT_SLA, "enabled", "false")).enabled()).isFalse();
        }

        @Test
        void shouldNameEveryBadFieldAtOnce() {
            ObjectNode node = json("""
                    {"id": "Bad Id", "name": "", "kind": "STEP_SLA", "from": "PLACED", "to": "NOWHERE",
                     "maxDuration": "30 minutes", "severity": "LOUD", "enabled": "yes"}""");

            assertThat(invalidFields(node))
                    .containsExactlyInAnyOrder("id", "name", "to", "maxDuration", "severity", "enabled");
        }
    }

    @Nested
    class StepSla {

        @ParameterizedTest
        @CsvSource({"PLACED, PAID", "PLACED, SHIPPED", "PLACED, DELIVERED", "PAID, SHIPPED", "SHIPPED, DELIVERED",
                "DELIVERED, RETURNED", "PLACED, CANCELLED", "PAID, CANCELLED"})
        void shouldAcceptAStepReachableAfterFrom(String from, String to) {
            ObjectNode node = json(PAYMENT_SLA).put("from", from).put("to", to);

            Rule rule = valid(node);

            assertThat(rule.from()).isEqualTo(from);
            assertThat(rule.to()).isEqualTo(to);
            assertThat(rule.maxDuration()).isEqualTo(Duration.ofMinutes(30));
        }

        @ParameterizedTest
        @CsvSource({"PAID, PLACED", "SHIPPED, CANCELLED", "SHIPPED, PAID", "DELIVERED, SHIPPED", "PAID, PAID",
                "CANCELLED, PAID", "RETURNED, DELIVERED"})
        void shouldNameToWhenItCannotBeReachedAfterFrom(String from, String to) {
            List<FieldError> errors = VALIDATOR.validate(json(PAYMENT_SLA).put("from", from).put("to", to)).errors();

            assertThat(errors).extracting(FieldError::field).containsExactly("to");
            assertThat(errors.get(0).message()).contains("cannot be reached after " + from);
        }

        @Test
        void shouldNameUnknownSteps() {
            assertThat(invalidFields(json(PAYMENT_SLA).put("from", "ORDERED"))).containsExactly("from");
            assertThat(invalidFields(json(PAYMENT_SLA).put("to", "paid"))).containsExactly("to");
        }

        @ParameterizedTest
        @ValueSource(strings = {"from", "to", "maxDuration"})
        void shouldNameAMissingField(String field) {
            assertThat(invalidFields(with(PAYMENT_SLA, field, null))).containsExactly(field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT0S", "-PT30M", "PT-1S", "P90DT1S", "P91D", "30 minutes", "PT30", "30", ""})
        void shouldNameAMaxDurationThatIsNotPositiveAtMost90DaysAndIso(String duration) {
            assertThat(invalidFields(json(PAYMENT_SLA).put("maxDuration", duration))).containsExactly("maxDuration");
        }

        @Test
        void shouldNameANonTextMaxDuration() {
            assertThat(invalidFields(with(PAYMENT_SLA, "maxDuration", "1800"))).containsExactly("maxDuration");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT0.001S", "PT1S", "P90D", "PT2160H", "P2DT4H"})
        void shouldAcceptMaxDurationsFromJustAboveZeroTo90Days(String duration) {
            assertThat(valid(json(PAYMENT_SLA).put("maxDuration", duration)).maxDuration())
                    .isEqualTo(Duration.parse(duration));
        }

        @ParameterizedTest
        @CsvSource({"statuses, '[\"PLACED\"]'", "eventType, '\"ORDER_PLACED\"'", "window, '\"PT1M\"'", "min, 1",
                "max, 5", "inhibits, '[\"stalled\"]'"})
        void shouldRejectFieldsOfAnotherKind(String field, String value) {
            List<FieldError> errors = VALIDATOR.validate(with(PAYMENT_SLA, field, value)).errors();

            assertThat(errors).extracting(FieldError::field).containsExactly(field);
            assertThat(errors.get(0).message()).isEqualTo("does not apply to a STEP_SLA rule");
        }

        @Test
        void shouldAcceptFieldsOfAnotherKindWhenNull() {
            assertThat(valid(with(PAYMENT_SLA, "window", "null")).window()).isNull();
        }
    }

    @Nested
    class GroupBy {

        @ParameterizedTest
        @ValueSource(strings = {PAYMENT_SLA, STALL, VELOCITY})
        void shouldGroupAnyKindOfRuleByAttributes(String base) {
            assertThat(valid(with(base, "groupBy", "[\"country\", \"carrier\"]")).groupBy())
                    .containsExactly("country", "carrier");
        }

        @ParameterizedTest
        @ValueSource(strings = {PAYMENT_SLA, STALL})
        void shouldNameBadGroupByEntriesOfAnyKind(String base) {
            assertThat(invalidFields(with(base, "groupBy", "{\"country\": 1}"))).containsExactly("groupBy");
            assertThat(invalidFields(with(base, "groupBy", "[\"a.b\"]"))).containsExactly("groupBy[0]");
            String many = "[" + String.join(",", java.util.stream.IntStream.range(0, 11).mapToObj(i -> "\"a" + i + "\"")
                    .toList()) + "]";
            assertThat(invalidFields(with(base, "groupBy", many))).containsExactly("groupBy");
        }
    }

    @Nested
    class Stall {

        @Test
        void shouldWatchAllNonTerminalStatusesWhenStatusesAreAbsent() {
            Rule rule = valid(json(STALL));

            assertThat(rule.statuses()).isEmpty();
            assertThat(rule.maxDuration()).isEqualTo(Duration.ofHours(48));
            Lifecycle lifecycle = Lifecycle.defaultLifecycle();
            assertThat(rule.watches("PLACED", lifecycle)).isTrue();
            assertThat(rule.watches("SHIPPED", lifecycle)).isTrue();
            assertThat(rule.watches("DELIVERED", lifecycle)).isFalse();
        }

        @Test
        void shouldWatchOnlyTheListedStatusesOnceEach() {
            Rule rule = valid(with(STALL, "statuses", "[\"PAID\", \"SHIPPED\", \"PAID\"]"));

            assertThat(rule.statuses()).containsExactly("PAID", "SHIPPED");
            assertThat(rule.watches("PLACED", Lifecycle.defaultLifecycle())).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"DELIVERED", "CANCELLED", "RETURNED"})
        void shouldNameATerminalStatus(String status) {
            List<FieldError> errors = VALIDATOR.validate(with(STALL, "statuses", "[\"PAID\", \"" + status + "\"]"))
                    .errors();

            assertThat(errors).extracting(FieldError::field).containsExactly("statuses[1]");
            assertThat(errors.get(0).message()).contains("terminal");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"PAID\"", "{}"})
        void shouldNameStatusesThatAreNotANonEmptyList(String statuses) {
            assertThat(invalidFields(with(STALL, "statuses", statuses))).containsExactly("statuses");
        }

        @Test
        void shouldNameAnUnknownStatus() {
            assertThat(invalidFields(with(STALL, "statuses", "[\"WAITING\", 3]")))
                    .containsExactly("statuses[0]", "statuses[1]");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT0S", "-PT1H", "P91D", "2 days"})
        void shouldNameABadMaxDuration(String duration) {
            assertThat(invalidFields(json(STALL).put("maxDuration", duration))).containsExactly("maxDuration");
        }

        @Test
        void shouldNameAMissingMaxDuration() {
            assertThat(invalidFields(with(STALL, "maxDuration", null))).containsExactly("maxDuration");
        }

        @ParameterizedTest
        @CsvSource({"from, '\"PLACED\"'", "to, '\"PAID\"'", "eventType, '\"ORDER_PLACED\"'", "window, '\"PT1M\"'",
                "min, 1", "max, 5", "inhibits, '[\"payment-30m\"]'"})
        void shouldRejectFieldsOfAnotherKind(String field, String value) {
            List<FieldError> errors = VALIDATOR.validate(with(STALL, field, value)).errors();

            assertThat(errors).extracting(FieldError::field).containsExactly(field);
            assertThat(errors.get(0).message()).isEqualTo("does not apply to a STALL rule");
        }
    }

    @Nested
    class Velocity {

        @Test
        void shouldAcceptAVelocityRule() {
            Rule rule = valid(json(VELOCITY));

            assertThat(rule.eventType()).isEqualTo("PAYMENT_RECEIVED");
            assertThat(rule.window()).isEqualTo(Duration.ofMinutes(15));
            assertThat(rule.min()).isEqualTo(1);
            assertThat(rule.max()).isNull();
            assertThat(rule.groupBy()).containsExactly("paymentMethod");
            assertThat(rule.maxDuration()).isNull();
        }

        @Test
        void shouldCountOverallWhenGroupByIsAbsent() {
            assertThat(valid(with(VELOCITY, "groupBy", null)).groupBy()).isEmpty();
        }

        @Test
        void shouldAcceptOnlyAMaximumOrBoth() {
            ObjectNode onlyMax = with(VELOCITY, "min", null).put("max", 100);
            assertThat(valid(onlyMax).max()).isEqualTo(100);
            assertThat(valid(onlyMax).min()).isNull();

            ObjectNode both = json(VELOCITY).put("min", 5).put("max", 5);
            assertThat(valid(both).min()).isEqualTo(5);
            assertThat(valid(both).max()).isEqualTo(5);
            assertThat(valid(json(VELOCITY).put("min", 0)).min()).isZero();
        }

        @Test
        void shouldNameMinWhenNeitherMinNorMaxIsGiven() {
            List<FieldError> errors = VALIDATOR.validate(with(VELOCITY, "min", null)).errors();

            assertThat(errors).extracting(FieldError::field).containsExactly("min");
            assertThat(errors.get(0).message()).contains("min, max or both");
        }

        @Test
        void shouldNameMaxWhenItIsBelowMin() {
            assertThat(invalidFields(json(VELOCITY).put("min", 10).put("max", 9))).containsExactly("max");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.5", "\"5\"", "3000000000", "true"})
        void shouldNameAMinOrMaxThatIsNotAWholeNumberOfAtLeastZero(String value) {
            assertThat(invalidFields(with(VELOCITY, "min", value))).contains("min");
            assertThat(invalidFields(with(VELOCITY, "max", value))).contains("max");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT59S", "PT0S", "-PT1M", "P1DT1S", "PT25H", "P2D", "one minute"})
        void shouldNameAWindowOutsideOneMinuteToOneDay(String window) {
            assertThat(invalidFields(json(VELOCITY).put("window", window))).containsExactly("window");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PT1M", "PT60S", "PT15M", "P1D", "PT24H"})
        void shouldAcceptAWindowFromOneMinuteToOneDay(String window) {
            assertThat(valid(json(VELOCITY).put("window", window)).window()).isEqualTo(Duration.parse(window));
        }

        @Test
        void shouldNameAMissingWindowOrEventType() {
            assertThat(invalidFields(with(VELOCITY, "window", null))).containsExactly("window");
            assertThat(invalidFields(with(VELOCITY, "eventType", null))).containsExactly("eventType");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PAID", "PAYMENT_FAILED", "payment_received"})
        void shouldNameAnUnknownEventType(String eventType) {
            assertThat(invalidFields(json(VELOCITY).put("eventType", eventType))).containsExactly("eventType");
        }

        @Test
        void shouldKeepTheRulesItInhibitsOnce() {
            Rule rule = valid(with(VELOCITY, "inhibits", "[\"payment-30m\", \"stalled\", \"payment-30m\"]"));

            assertThat(rule.inhibits()).containsExactly("payment-30m", "stalled");
            assertThat(valid(json(VELOCITY)).inhibits()).isEmpty();
        }

        @Test
        void shouldNameBadInhibitsEntries() {
            assertThat(invalidFields(with(VELOCITY, "inhibits", "\"payment-30m\""))).containsExactly("inhibits");
            assertThat(invalidFields(with(VELOCITY, "inhibits", "[\"payment-30m\", \"Bad Id\", 7, \"payments\"]")))
                    .containsExactly("inhibits[1]", "inhibits[2]", "inhibits[3]");
            assertThat(VALIDATOR.validate(with(VELOCITY, "inhibits", "[\"payments\"]")).errors().get(0).message())
                    .isEqualTo("a rule cannot inhibit itself");
            String many = "[" + String.join(",", java.util.Collections.nCopies(51, "\"x\"")) + "]";
            assertThat(invalidFields(with(VELOCITY, "inhibits", many))).containsExactly("inhibits");
        }

        @Test
        void shouldNameBadGroupByEntries() {
            assertThat(invalidFields(with(VELOCITY, "groupBy", "\"paymentMethod\""))).containsExactly("groupBy");
            assertThat(invalidFields(with(VELOCITY, "groupBy", "[\"country\", \"\", 7]")))
                    .containsExactly("groupBy[1]", "groupBy[2]");
            assertThat(valid(with(VELOCITY, "groupBy", "[\"country\", \"country\"]")).groupBy())
                    .containsExactly("country");
        }

        @ParameterizedTest
        @CsvSource({"from, '\"PLACED\"'", "to, '\"PAID\"'", "maxDuration, '\"PT30M\"'", "statuses, '[\"PAID\"]'"})
        void shouldRejectFieldsOfAnotherKind(String field, String value) {
            List<FieldError> errors = VALIDATOR.validate(with(VELOCITY, field, value)).errors();

            assertThat(errors).extracting(FieldError::field).containsExactly(field);
            assertThat(errors.get(0).message()).isEqualTo("does not apply to a VELOCITY rule");
        }
    }

    @Nested
    class Scope {

        @Test
        void shouldAcceptAttributeToValues() {
            Rule rule = valid(with(PAYMENT_SLA, "scope", "{\"country\": [\"DE\", \"AT\"], \"channel\": [\"app\"]}"));

            assertThat(rule.scope()).isEqualTo(Map.of("country", List.of("DE", "AT"), "channel", List.of("app")));
        }

        @Test
        void shouldTreatNumbersAndBooleansAsTheirText() {
            Rule rule = valid(with(PAYMENT_SLA, "scope", "{\"express\": [true], \"zone\": [1, 2.5]}"));

            assertThat(rule.scope()).isEqualTo(Map.of("express", List.of("true"), "zone", List.of("1", "2.5")));
        }

        @Test
        void shouldTreatAnEmptyOrAbsentScopeAsAllOrders() {
            assertThat(valid(with(PAYMENT_SLA, "scope", "{}")).scope()).isEmpty();
            assertThat(valid(with(PAYMENT_SLA, "scope", "null")).scope()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"DE\"", "42"})
        void shouldNameAScopeThatIsNotAnObject(String scope) {
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", scope))).containsExactly("scope");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"DE\"", "[]", "[[\"DE\"]]", "[{\"c\": \"DE\"}]", "[null]"})
        void shouldNameAnAttributeWhoseValuesAreNotANonEmptyListOfScalars(String values) {
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", "{\"country\": " + values + "}")))
                    .containsExactly("scope.country");
        }

        @Test
        void shouldNameABlankAttributeName() {
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", "{\" \": [\"x\"]}"))).containsExactly("scope. ");
        }

        @ParameterizedTest
        @ValueSource(strings = {"country.x", "1st", "a b"})
        void shouldNameAnAttributeNoEventCanCarry(String name) {
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", "{\"" + name + "\": [\"x\"]}")))
                    .containsExactly("scope." + name);
        }

        @Test
        void shouldCapTheValuesOfOneAttribute() {
            assertThat(valid(with(PAYMENT_SLA, "scope", "{\"zip\": " + values(500, 5) + "}")).scope().get("zip"))
                    .hasSize(500);
            assertThat(VALIDATOR.validate(with(PAYMENT_SLA, "scope", "{\"zip\": " + values(501, 5) + "}")).errors())
                    .containsExactly(new FieldError("scope.zip", "at most 500 values, got 501"));
        }

        @Test
        void shouldCapTheLengthOfAValueLikeAnAttributeValue() {
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", "{\"note\": " + values(1, 1025) + "}")))
                    .containsExactly("scope.note");
        }

        @Test
        void shouldCapTheNumberOfAttributes() {
            StringBuilder scope = new StringBuilder("{");
            for (int i = 0; i < 21; i++) {
                scope.append(i == 0 ? "" : ",").append("\"a").append(i).append("\": [\"x\"]");
            }
            assertThat(invalidFields(with(PAYMENT_SLA, "scope", scope + "}"))).containsExactly("scope");
        }

        @Test
        void shouldRefuseARuleTooLargeToReachTheJobNamingItsLargestPart() {
            // 2.5 MB of scope was once stored, and never reached the job
            FieldError error = VALIDATOR.validate(with(PAYMENT_SLA, "scope", "{\"zip\": " + values(100, 1000)
                    + ", \"city\": " + values(100, 1000) + "}")).errors().get(0);

            assertThat(error.field()).isEqualTo("scope");
            assertThat(error.message()).contains("more than the limit of 65536");
        }

        /** A JSON list of {@code n} distinct values of {@code length} characters each. */
        private static String values(int n, int length) {
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                String v = String.format("%0" + length + "d", i);
                list.append(i == 0 ? "" : ",").append('"').append(v).append('"');
            }
            return list.append(']').toString();
        }
    }

    @Nested
    class AppliesTo {

        private final Rule germanApps = valid(with(PAYMENT_SLA, "scope",
                "{\"country\": [\"DE\", \"AT\"], \"channel\": [\"app\"]}"));

        @Test
        void shouldApplyWhenEveryKeyHasOneOfItsValues() {
            assertThat(germanApps.appliesTo(Map.of("country", "AT", "channel", "app", "carrier", "dhl"))).isTrue();
        }

        @Test
        void shouldNotApplyWhenAValueDiffersOrAKeyIsMissing() {
            assertThat(germanApps.appliesTo(Map.of("country", "FR", "channel", "app"))).isFalse();
            assertThat(germanApps.appliesTo(Map.of("country", "DE"))).isFalse();
            assertThat(germanApps.appliesTo(Map.of())).isFalse();
        }

        @Test
        void shouldApplyAnEmptyScopeToEveryOrder() {
            Rule all = valid(json(PAYMENT_SLA));

            assertThat(all.appliesTo(Map.of())).isTrue();
            assertThat(all.appliesTo(Map.of("country", "FR"))).isTrue();
        }

        @Test
        void shouldCompareValuesCaseSensitively() {
            assertThat(germanApps.appliesTo(Map.of("country", "de", "channel", "app"))).isFalse();
        }
    }
}
