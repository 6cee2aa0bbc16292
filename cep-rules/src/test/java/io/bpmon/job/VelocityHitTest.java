package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class VelocityHitTest {

    private static final Rule BY_METHOD_AND_COUNTRY = rule("""
            {"id":"payments","name":"Payments","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT5M",
             "min":1,"groupBy":["paymentMethod","country"]}""");

    @Test
    void shouldKeyAHitByRuleAndSegment() {
        VelocityHit hit = VelocityHit.of(BY_METHOD_AND_COUNTRY,
                Map.of("country", "DE", "paymentMethod", "paypal", "channel", "app"), 42);

        assertThat(hit.ruleId()).isEqualTo("payments");
        assertThat(hit.segmentKey()).isEqualTo("paymentMethod=paypal,country=DE");
        assertThat(hit.segment()).containsOnly(Map.entry("paymentMethod", "paypal"), Map.entry("country", "DE"));
        assertThat(hit.eventTime()).isEqualTo(42);
        assertThat(hit.key()).isEqualTo("payments\u0000paymentMethod=paypal,country=DE");
    }

    @Test
    void shouldCountAnOrderWithoutAGroupByAttributeNowhere() {
        assertThat(VelocityHit.of(BY_METHOD_AND_COUNTRY, Map.of("paymentMethod", "paypal"), 42)).isNull();
    }

    @Test
    void shouldHaveOneSegmentPerRuleWithoutGroupBy() {
        Rule overall = rule("""
                {"id":"orders","name":"Orders","kind":"VELOCITY","eventType":"ORDER_PLACED","window":"PT5M","min":1}""");

        VelocityHit hit = VelocityHit.of(overall, Map.of("country", "DE"), 42);

        assertThat(hit.segmentKey()).isEmpty();
        assertThat(hit.segment()).isEmpty();
        assertThat(hit.key()).isEqualTo("orders\u0000");
    }

    @Test
    void shouldTravelAsAPojoWithoutKryo() {
        TypeInformation<VelocityHit> type = TypeInformation.of(VelocityHit.class);
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);

        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(type.createSerializer(noKryo)).isNotNull();
    }

    private static Rule rule(String json) {
        try {
            return new RuleValidator(Lifecycle.defaultLifecycle()).validate(Json.mapper().readTree(json)).value()
                    .withVersion(1, null, "test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
