package io.bpmon.core.rules;

import static io.bpmon.core.rules.RuleValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.lifecycle.Lifecycle;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleDiffTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static Rule rule(String text) {
        return VALIDATOR.validate(json(text)).value();
    }

    private static List<String> texts(Rule a, Rule b) {
        return RuleDiff.between(a, b).stream().map(RuleDiff.Change::text).toList();
    }

    private static final Rule V1 = rule("""
            {"id":"pay","name":"Payment","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "scope":{"country":["DE"]},"severity":"WARNING"}""");

    @Test
    void shouldFindNothingBetweenEqualContentWhateverTheVersionStamp() {
        assertThat(RuleDiff.between(V1, V1.withVersion(7, java.time.Instant.EPOCH, "bob"))).isEmpty();
    }

    @Test
    void shouldShowDurationsTheWayPeopleWriteThem() {
        Rule v2 = rule("""
                {"id":"pay","name":"Payment","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT45M",
                 "scope":{"country":["DE"]},"severity":"WARNING"}""");
        List<RuleDiff.Change> changes = RuleDiff.between(V1, v2);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("maxDuration");
            assertThat(c.before()).isEqualTo("30m");
            assertThat(c.after()).isEqualTo("45m");
            assertThat(c.text()).isEqualTo("maxDuration: 30m → 45m");
        });
    }

    @Test
    void shouldListScopeValuesAddedAndRemovedPerAttribute() {
        Rule v2 = rule("""
                {"id":"pay","name":"Payment","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
                 "scope":{"country":["DE","AT"]},"severity":"WARNING"}""");
        Rule v3 = rule("""
                {"id":"pay","name":"Payment","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
                 "scope":{"country":["AT"],"paymentMethod":["invoice"]},"severity":"WARNING"}""");
        assertThat(texts(V1, v2)).containsExactly("scope.country: + AT");
        assertThat(RuleDiff.between(V1, v2).get(0).added()).containsExactly("AT");
        assertThat(texts(v2, v3)).containsExactly("scope.country: − DE", "scope.paymentMethod: + invoice (new condition)");
        assertThat(texts(v3, V1)).containsExactly("scope.country: + DE; − AT",
                "scope.paymentMethod: condition removed (was invoice; now any value)");
    }

    @Test
    void shouldNotReportAReorderedScopeAsAChange() {
        Rule a = rule("""
                {"id":"s","name":"S","kind":"STALL","maxDuration":"PT1H","scope":{"country":["DE","AT"]}}""");
        Rule b = rule("""
                {"id":"s","name":"S","kind":"STALL","maxDuration":"PT1H","scope":{"country":["AT","DE"]}}""");
        assertThat(RuleDiff.between(a, b)).isEmpty();
    }

    @Test
    void shouldDescribeAChangeOfKindWithEveryFieldThatCameAndWent() {
        Rule stall = rule("""
                {"id":"pay","name":"Payment","kind":"STALL","maxDuration":"PT2H","statuses":["PAID"],
                 "scope":{"country":["DE"]},"severity":"CRITICAL","enabled":false}""");
        assertThat(texts(V1, stall)).containsExactly(
                "kind: STEP_SLA → STALL",
                "from: removed (was PLACED)",
                "to: removed (was PAID)",
                "maxDuration: 30m → 2h",
                "statuses: + PAID",
                "severity: WARNING → CRITICAL",
                "enabled: true → false");
    }

    @Test
    void shouldDiffVelocityFields() {
        Rule a = rule("""
                {"id":"v","name":"V","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT15M","min":1,
                 "groupBy":["paymentMethod"]}""");
        Rule b = rule("""
                {"id":"v","name":"V","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT1H","min":1,
                 "max":500,"groupBy":["country"]}""");
        assertThat(texts(a, b)).containsExactly("window: 15m → 1h", "max: set to 500",
                "groupBy: + country; − paymentMethod");
    }
}
