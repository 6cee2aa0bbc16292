package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The editor's form and its one mapping to and from a rule. */
class RuleFormTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static Rule rule(String json) {
        try {
            return VALIDATOR.validate(Json.mapper().readTree(json)).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A STEP_SLA form from PLACED to PAID within {@code maxDuration}. */
    private static RuleForm stepSla(String maxDuration, String scope) {
        return new RuleForm("", "Invoice AT payment", "STEP_SLA", "WARNING", true, "PLACED", "PAID", maxDuration,
                List.of(), "", "", "", "", "", scope);
    }

    private static RuleForm velocity(String window, String min, String max, String groupBy) {
        return new RuleForm("rate", "Payments", "VELOCITY", "INFO", true, "", "", "", List.of(), "PAYMENT_RECEIVED",
                window, min, max, groupBy, "");
    }

    @Nested
    class ToRule {

        @Test
        void shouldGroupEveryKindAndInhibitOnlyFromAVelocityRule() {
            RuleForm sla = new RuleForm("", "Pay", "STEP_SLA", "WARNING", true, "PLACED", "PAID", "30m", List.of(),
                    "", "", "", "", "country, carrier", "", "other-rule");
            Rule r = sla.check(VALIDATOR).rule();
            assertThat(r.groupBy()).containsExactly("country", "carrier");
            assertThat(r.inhibits()).isEmpty(); // a field of another kind: ignored, as the form's other fields
            RuleForm v = new RuleForm("rate", "Payments", "VELOCITY", "INFO", true, "", "", "", List.of(),
                    "PAYMENT_RECEIVED", "15m", "1", "", "paymentMethod", "", "pay-30m, stall-paid");
            assertThat(v.check(VALIDATOR).rule().inhibits()).containsExactly("pay-30m", "stall-paid");
            assertThat(RuleForm.of(v.check(VALIDATOR).rule()).inhibits()).isEqualTo("pay-30m, stall-paid");
        }

        @Test
        void shouldShowInhibitsErrorsBesideTheField() {
            RuleForm v = new RuleForm("rate", "Payments", "VELOCITY", "INFO", true, "", "", "", List.of(),
                    "PAYMENT_RECEIVED", "15m", "1", "", "", "", "ok-rule, Not An Id!, rate");
            Map<String, String> shown = RuleForm.byField(v.check(VALIDATOR).errors());
            assertThat(shown).containsOnlyKeys("inhibits");
        }

        @Test
        void shouldKeepEveryFieldWhenTheKindChanges() {
            RuleForm f = velocity("15m", "3", "", "country").withKind("STEP_SLA");
            assertThat(f.kind()).isEqualTo("STEP_SLA");
            assertThat(f.window()).isEqualTo("15m");
            assertThat(f.groupBy()).isEqualTo("country");
        }

        @Test
        void shouldReadHumanDurationsAndScopeLines() {
            RuleForm.Checked c = stepSla("2d 4h", "paymentMethod=invoice\ncountry = AT, DE ").check(VALIDATOR);

            assertThat(c.errors()).isEmpty();
            assertThat(c.rule().id()).isEqualTo("invoice-at-payment"); // derived from the name, as the API does
            assertThat(c.rule().maxDuration()).isEqualTo(Duration.ofHours(52));
            assertThat(c.rule().scope()).isEqualTo(Map.of("paymentMethod", List.of("invoice"),
                    "country", List.of("AT", "DE")));
            assertThat(c.json().path("maxDuration").asText()).isEqualTo("PT52H");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2 parsecs", "30", "-", "4h 2d"})
        void shouldNameADurationItCannotReadOnceAndNeverPutItIntoTheRule(String typed) {
            RuleForm.Checked c = stepSla(typed, "").check(VALIDATOR);

            assertThat(c.rule()).isNull();
            assertThat(c.errors()).extracting(FieldError::field).containsExactly("maxDuration");
            assertThat(c.errors().get(0).message()).contains("'" + typed + "'").doesNotContain("missing")
                    .doesNotContain("ISO-8601");
            assertThat(c.json().has("maxDuration")).isFalse();
        }

        @Test
        void shouldLeaveAnEmptyDurationToTheValidator() {
            assertThat(stepSla("", "").check(VALIDATOR).errors())
                    .containsExactly(new FieldError("maxDuration", "missing"));
        }

        @Test
        void shouldAddTheValidatorsFindingsOnFieldsTheFormCouldRead() {
            RuleForm form = new RuleForm("Bad Id", "", "STEP_SLA", "WARNING", true, "PLACED", "", "1h", List.of(),
                    "", "", "", "", "", "");
            assertThat(form.check(VALIDATOR).errors()).extracting(FieldError::field)
                    .containsExactlyInAnyOrder("name", "id", "to");
        }

        @Test
        void shouldNameAScopeLineWithoutEqualsSignOnce() {
            RuleForm.Checked c = stepSla("1h", "paymentMethod invoice").check(VALIDATOR);
            assertThat(c.errors()).extracting(FieldError::field).containsExactly("scope");
        }

        @Test
        void shouldShowTheValidatorsScopeFindingsBesideTheScope() {
            RuleForm.Checked c = stepSla("1h", "country=").check(VALIDATOR);
            assertThat(c.errors())
                    .containsExactly(new FieldError("scope.country", "must be a non-empty list of values"));
            assertThat(RuleForm.byField(c.errors())).containsOnlyKeys("scope");
        }

        @Test
        void shouldNameACountItCannotReadAndNotAlsoAskForMinOrMax() {
            RuleForm.Checked c = velocity("15m", "many", "", "").check(VALIDATOR);
            assertThat(c.errors()).containsExactly(new FieldError("min", "must be a whole number of at least 0"));
        }

        @Test
        void shouldCheckAVelocityWindowWithTheValidatorsBounds() {
            RuleForm.Checked c = velocity("2d", "1", "", "").check(VALIDATOR);
            assertThat(c.errors()).extracting(FieldError::field).containsExactly("window");
            assertThat(c.errors().get(0).message()).contains("at most 1d");
        }

        @Test
        void shouldIgnoreTheFieldsOfOtherKinds() {
            RuleForm stall = new RuleForm("quiet", "Quiet", "STALL", "WARNING", true, "PLACED", "PAID", "30m",
                    List.of("PLACED", "PAID"), "ORDER_PLACED", "15m", "1", "2", "country", "");
            RuleForm.Checked c = stall.check(VALIDATOR);

            assertThat(c.errors()).isEmpty();
            assertThat(c.json().has("from")).isFalse();
            assertThat(c.json().has("window")).isFalse();
            assertThat(c.rule().statuses()).containsExactly("PLACED", "PAID");
        }
    }

    @Nested
    class FromRule {

        @Test
        void shouldShowDurationsTheWayTheyAreTyped() {
            RuleForm f = RuleForm.of(rule("""
                    {"id": "pay", "name": "Pay", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
                     "maxDuration": "PT52H", "scope": {"paymentMethod": ["invoice"], "country": ["AT", "DE"]}}"""));

            assertThat(f.maxDuration()).isEqualTo("2d 4h");
            assertThat(f.scope()).isEqualTo("country=AT,DE\npaymentMethod=invoice");
            assertThat(f.severity()).isEqualTo("WARNING");
            assertThat(f.enabled()).isTrue();
        }

        @Test
        void shouldGiveBackTheSameRuleOfEveryKind() {
            for (String json : List.of("""
                    {"id": "pay", "name": "Pay", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
                     "maxDuration": "PT1H30M", "severity": "CRITICAL", "scope": {"country": ["AT"]}}""", """
                    {"id": "quiet", "name": "Quiet", "kind": "STALL", "statuses": ["PLACED", "PAID"],
                     "maxDuration": "P2D", "enabled": false}""", """
                    {"id": "rate", "name": "Rate", "kind": "VELOCITY", "eventType": "PAYMENT_RECEIVED",
                     "window": "PT15M", "min": 1, "max": 500, "groupBy": ["country", "paymentMethod"]}""")) {
                Rule rule = rule(json);
                assertThat(RuleForm.of(rule).check(VALIDATOR).rule()).as(json).isEqualTo(rule);
            }
        }
    }

    @Nested
    class Posted {

        @Test
        void shouldReadAnUncheckedEnabledBoxAsDisabledAndEverySelectedStatus() {
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put("name", List.of("  Quiet  "));
            params.put("kind", List.of("STALL"));
            params.put("statuses", List.of("PLACED", "PAID", " "));
            params.put("maxDuration", List.of("30m"));
            RuleForm f = RuleForm.read(params);

            assertThat(f.enabled()).isFalse();
            assertThat(f.name()).isEqualTo("Quiet");
            assertThat(f.statuses()).containsExactly("PLACED", "PAID");
            assertThat(f.id()).isEmpty();
            Rule r = f.check(VALIDATOR).rule();
            assertThat(r.kind()).isEqualTo(RuleKind.STALL);
            assertThat(r.enabled()).isFalse();
        }

        @Test
        void shouldStartANewRuleEnabledWithTheDefaultSeverity() {
            RuleForm f = RuleForm.blank("VELOCITY");
            assertThat(f.kind()).isEqualTo("VELOCITY");
            assertThat(f.enabled()).isTrue();
            assertThat(f.severity()).isEqualTo(Severity.WARNING.name());
        }
    }

    @Test
    void shouldShowErrorsBesideTheFieldTheyBelongTo() {
        Map<String, String> shown = RuleForm.byField(List.of(new FieldError("scope.country", "a"),
                new FieldError("scope.zip", "b"), new FieldError("groupBy[1]", "c"),
                new FieldError("statuses[0]", "d"), new FieldError("maxDuration", "e")));
        assertThat(shown).containsExactly(Map.entry("scope", "a; b"), Map.entry("groupBy", "c"),
                Map.entry("statuses", "d"), Map.entry("maxDuration", "e"));
    }
}
