package io.bpmon.core.rules;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.rules.RuleValidatorTest.PAYMENT_SLA;
import static io.bpmon.core.rules.RuleValidatorTest.STALL;
import static io.bpmon.core.rules.RuleValidatorTest.VELOCITY;
import static io.bpmon.core.rules.RuleValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A rule travels as JSON (API, Elasticsearch, rules topic) and must come back as the same rule. */
class RuleJsonTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static Rule stored(String json) {
        return VALIDATOR.validate(json(json)).value().withVersion(3, BEGINNING, "alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {PAYMENT_SLA, STALL, VELOCITY})
    void shouldReadBackWhatItWrote(String input) throws Exception {
        Rule rule = stored(input);

        assertThat(Json.mapper().readValue(Json.write(rule), Rule.class)).isEqualTo(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {PAYMENT_SLA, STALL, VELOCITY})
    void shouldWriteJsonTheValidatorAcceptsAgain(String input) {
        Rule rule = stored(input);

        Rule again = VALIDATOR.validate(json(Json.write(rule))).value();

        assertThat(again).isEqualTo(rule.withVersion(0, null, null));
    }

    @Test
    void shouldWriteDurationsAndTimesAsIsoTextAndLeaveOutFieldsOfOtherKinds() {
        JsonNode sla = json(Json.write(stored(PAYMENT_SLA)));

        assertThat(sla.path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(sla.path("updatedAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(sla.path("version").asLong()).isEqualTo(3);
        assertThat(sla.path("scope").isObject()).isTrue();
        assertThat(sla.path("scope")).isEmpty();
        assertThat(sla.has("window")).isFalse();
        assertThat(sla.has("statuses")).isFalse();
        assertThat(sla.has("groupBy")).isFalse();
        assertThat(sla.has("min")).isFalse();

        JsonNode velocity = json(Json.write(stored(VELOCITY)));
        assertThat(velocity.path("window").asText()).isEqualTo("PT15M");
        assertThat(velocity.path("groupBy").get(0).asText()).isEqualTo("paymentMethod");
        assertThat(velocity.has("maxDuration")).isFalse();
        assertThat(velocity.has("max")).isFalse();
        assertThat(velocity.has("inhibits")).isFalse();
    }

    @Test
    void shouldReadBackTheRulesAVelocityRuleInhibits() throws Exception {
        Rule rule = stored(VELOCITY.replace("\"min\": 1,", "\"min\": 1, \"inhibits\": [\"payment-30m\"],"));

        String written = Json.write(rule);

        assertThat(json(written).path("inhibits").get(0).asText()).isEqualTo("payment-30m");
        assertThat(Json.mapper().readValue(written, Rule.class)).isEqualTo(rule);
    }

    @Test
    void shouldReadBackAVersionWithItsRule() throws Exception {
        RuleVersion version = RuleVersion.of(RuleVersion.Change.RESTORED, stored(STALL));

        String written = Json.write(version);

        assertThat(Json.mapper().readValue(written, RuleVersion.class)).isEqualTo(version);
        assertThat(json(written).has("deletion")).isFalse();
        assertThat(json(written).path("change").asText()).isEqualTo("RESTORED");
    }
}
