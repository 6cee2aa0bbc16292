package io.bpmon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VelocitySegmentTest {

    @Test
    void shouldKeyASegmentByItsGroupByValuesInOrder() {
        VelocitySegment s = VelocitySegment.of(List.of("country", "paymentMethod"),
                Map.of("paymentMethod", "paypal", "country", "DE", "channel", "app"));

        assertThat(s.key()).isEqualTo("country=DE,paymentMethod=paypal");
        assertThat(s.values()).containsExactly(Map.entry("country", "DE"), Map.entry("paymentMethod", "paypal"));
    }

    @Test
    void shouldHaveOneSegmentWithAnEmptyKeyWithoutGroupBy() {
        VelocitySegment s = VelocitySegment.of(List.of(), Map.of("country", "DE"));

        assertThat(s.key()).isEmpty();
        assertThat(s.values()).isEmpty();
    }

    @Test
    void shouldCountAnOrderMissingAGroupByAttributeInNoSegment() {
        assertThat(VelocitySegment.of(List.of("country", "paymentMethod"), Map.of("country", "DE"))).isNull();
    }

    @Test
    void shouldNeverGiveTwoSegmentsOneKey() {
        VelocitySegment a = VelocitySegment.of(List.of("a", "b"), Map.of("a", "x,b=y", "b", "z"));
        VelocitySegment b = VelocitySegment.of(List.of("a", "b"), Map.of("a", "x", "b", "y,b=z"));

        assertThat(a.key()).isNotEqualTo(b.key());
        assertThat(a.key()).isEqualTo("a=x%2Cb%3Dy,b=z");
    }

    @Test
    void shouldBeCountedOnlyByRulesGroupingTheSameWayWithAScopeThatAdmitsIt() {
        VelocitySegment paypal = VelocitySegment.of(List.of("paymentMethod"), Map.of("paymentMethod", "paypal"));

        assertThat(paypal.countedBy(rule("\"groupBy\":[\"paymentMethod\"]"))).isTrue();
        assertThat(paypal.countedBy(rule("\"groupBy\":[\"paymentMethod\"],\"scope\":{\"country\":[\"DE\"]}")))
                .isTrue();
        assertThat(paypal.countedBy(rule("\"groupBy\":[\"paymentMethod\"],\"scope\":{\"paymentMethod\":[\"card\"]}")))
                .isFalse();
        assertThat(paypal.countedBy(rule("\"groupBy\":[\"country\"]"))).isFalse();
        assertThat(paypal.countedBy(rule("\"min\":1"))).isFalse();
    }

    private static Rule rule(String fields) {
        String json = "{\"name\":\"Payments\",\"kind\":\"VELOCITY\",\"eventType\":\"PAYMENT_RECEIVED\","
                + "\"window\":\"PT5M\",\"max\":100," + fields + "}";
        try {
            return new RuleValidator(Lifecycle.defaultLifecycle()).validate(Json.mapper().readTree(json)).value();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
