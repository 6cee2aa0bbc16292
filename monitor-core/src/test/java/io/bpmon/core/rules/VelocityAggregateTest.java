package io.bpmon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** VELOCITY aggregates: the rule field, its validation and what one window's value is (docs/velocity-rules.md). */
class VelocityAggregateTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static ValidationResult<Rule> validate(String aggregate, String bounds) {
        try {
            return VALIDATOR.validate(Json.mapper().readTree("""
                    {"name":"Revenue","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT15M",%s
                     "groupBy":["country"],"aggregate":%s}""".formatted(bounds, aggregate)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldAcceptASumOfAmountsAndSplitItsSegmentsByCurrency() throws Exception {
        Rule rule = validate("{\"function\":\"sum\",\"attribute\":\"amount\"}", "\"min\":20000,").value();

        assertThat(rule.aggregate()).isEqualTo(new VelocityAggregate(VelocityAggregate.Function.sum, "amount", null,
                null));
        assertThat(rule.segmentBy()).containsExactly("country", "currency");
        VelocitySegment noCurrency = VelocitySegment.of(rule, Map.of("country", "DE", "amount", "10"));
        assertThat(noCurrency.values()).as("no currency: summed apart, by groupBy alone")
                .containsExactly(Map.entry("country", "DE"));
        assertThat(noCurrency.countedBy(rule)).isTrue();
        assertThat(VelocitySegment.of(rule, Map.of("country", "DE", "currency", "EUR")).values())
                .containsExactly(Map.entry("country", "DE"), Map.entry("currency", "EUR"));
        // as stored and read back (the rules topic, the rule store)
        assertThat(Json.mapper().readValue(Json.write(rule), Rule.class)).isEqualTo(rule);
        assertThat(Json.mapper().readTree(Json.write(rule)).get("aggregate").toString())
                .isEqualTo("{\"function\":\"sum\",\"attribute\":\"amount\"}");
    }

    @Test
    void shouldNotSplitByCurrencyWhatIsNoMoney() {
        Rule ratio = validate("{\"function\":\"ratio\",\"attribute\":\"discount\",\"above\":50}", "\"max\":5,").value();
        Rule items = validate("{\"function\":\"avg\",\"attribute\":\"items\"}", "\"max\":5,").value();

        assertThat(ratio.segmentBy()).containsExactly("country");
        assertThat(items.segmentBy()).containsExactly("country");
    }

    @Test
    void shouldStoreACountWithoutTheField() throws Exception {
        Rule rule = validate("{\"function\":\"count\"}", "\"min\":1,").value();

        assertThat(rule.aggregate()).isNull();
        assertThat(rule.measure()).isEqualTo(VelocityAggregate.COUNT);
        assertThat(Json.mapper().readTree(Json.write(rule)).has("aggregate")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"function\":\"sum\"}|aggregate.attribute",
            "{\"function\":\"avg\",\"attribute\":\"a.b\"}|aggregate.attribute",
            "{\"function\":\"median\",\"attribute\":\"amount\"}|aggregate.function",
            "{\"function\":\"ratio\",\"attribute\":\"discount\"}|aggregate.above",
            "{\"function\":\"ratio\",\"attribute\":\"discount\",\"above\":60,\"below\":50}|aggregate.below",
            "{\"function\":\"ratio\",\"attribute\":\"discount\",\"above\":\"50\"}|aggregate.above",
            "{\"function\":\"sum\",\"attribute\":\"amount\",\"above\":5}|aggregate.above",
            "{\"function\":\"count\",\"attribute\":\"amount\"}|aggregate.attribute",
            "{\"function\":\"sum\",\"attribute\":\"amount\",\"per\":\"x\"}|aggregate.per",
            "\"sum\"|aggregate"})
    void shouldNameTheInvalidFieldOfAnAggregate(String aggregate, String field) {
        ValidationResult<Rule> result = validate(aggregate, "\"min\":1,");

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void shouldBoundARatioByOneHundredPercent() {
        ValidationResult<Rule> result = validate("{\"function\":\"ratio\",\"attribute\":\"discount\",\"above\":50}",
                "\"max\":101,");

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("max");
    }

    @Test
    void shouldRejectAnAggregateOnAnotherKind() throws Exception {
        ValidationResult<Rule> result = VALIDATOR.validate(Json.mapper().readTree("""
                {"name":"Pay","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT1H",
                 "aggregate":{"function":"sum","attribute":"amount"}}"""));

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("aggregate");
    }

    @Test
    void shouldComputeEachFunctionsValueFromCountAndSum() {
        VelocityAggregate sum = new VelocityAggregate(VelocityAggregate.Function.sum, "amount", null, null);
        VelocityAggregate avg = new VelocityAggregate(VelocityAggregate.Function.avg, "amount", null, null);
        VelocityAggregate ratio = new VelocityAggregate(VelocityAggregate.Function.ratio, "discount", 50.0, null);

        assertThat(sum.contribution(Map.of("amount", "59.9"))).isEqualTo(59.9);
        assertThat(sum.contribution(Map.of("country", "DE"))).as("no amount: not counted").isNull();
        assertThat(ratio.contribution(Map.of("discount", "60"))).isEqualTo(1.0);
        assertThat(ratio.contribution(Map.of("discount", "50"))).as("above is exclusive").isEqualTo(0.0);
        assertThat(ratio.contribution(Map.of())).as("no discount: counted, not matching").isEqualTo(0.0);
        assertThat(VelocityAggregate.COUNT.contribution(Map.of())).isEqualTo(0.0);

        assertThat(VelocityAggregate.COUNT.value(4, 0)).isEqualTo(4.0);
        assertThat(sum.value(0, 0)).isEqualTo(0.0);
        assertThat(avg.value(4, 100)).isEqualTo(25.0);
        assertThat(avg.value(0, 0)).isNull();
        assertThat(ratio.value(20, 1)).isEqualTo(5.0);
        assertThat(ratio.value(0, 0)).isNull();
    }

    @Test
    void shouldListAnAggregateChangeInTheRuleDiff() {
        Rule sum = validate("{\"function\":\"sum\",\"attribute\":\"amount\"}", "\"min\":1,").value();
        Rule avg = validate("{\"function\":\"avg\",\"attribute\":\"amount\"}", "\"min\":1,").value();

        assertThat(RuleDiff.between(sum, avg)).extracting(RuleDiff.Change::field).containsExactly("aggregate");
        assertThat(List.of(sum.measure().perCurrency(), avg.measure().perCurrency())).containsOnly(true);
    }
}
