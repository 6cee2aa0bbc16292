package io.bpmon.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefaultRulesTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static Rule rule(RuleSet set, String id) {
        return set.rules().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + id + " in " + set.name()));
    }

    @ParameterizedTest
    @EnumSource(value = DefaultRules.class, names = {"STANDARD", "DEMO"})
    void shouldShipValidEnabledRulesOfEveryKind(DefaultRules defaults) {
        RuleSet set = defaults.ruleSet(VALIDATOR).orElseThrow();

        assertThat(set.name()).isEqualTo(defaults.configName());
        assertThat(set.rules()).hasSizeGreaterThanOrEqualTo(5).allSatisfy(r -> assertThat(r.enabled()).isTrue());
        assertThat(set.rules()).extracting(Rule::kind).containsOnly(RuleKind.values());
    }

    @Test
    void shouldInstallNothingForNone() {
        assertThat(DefaultRules.NONE.ruleSet(VALIDATOR)).isEmpty();
    }

    @Test
    void shouldShipTheStandardSlasOfARealShop() {
        RuleSet set = DefaultRules.STANDARD.ruleSet(VALIDATOR).orElseThrow();

        Rule payment = rule(set, "payment-within-30-min");
        assertThat(List.of(payment.from(), payment.to())).containsExactly("PLACED", "PAID");
        assertThat(payment.maxDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(payment.severity()).isEqualTo(Severity.WARNING);
        assertThat(rule(set, "shipment-within-24-h").maxDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(rule(set, "delivery-within-5-days").maxDuration()).isEqualTo(Duration.ofDays(5));
        // invoices are paid in days: their own rule, not 30-minute breaches (noise on-call would learn to ignore)
        assertThat(payment.appliesTo(Map.of("paymentMethod", "card"))).isTrue();
        assertThat(payment.appliesTo(Map.of("paymentMethod", "invoice"))).isFalse();
        Rule invoice = rule(set, "invoice-paid-within-14-days");
        assertThat(invoice.appliesTo(Map.of("paymentMethod", "invoice"))).isTrue();
        assertThat(invoice.maxDuration()).isEqualTo(Duration.ofDays(14));
        assertThat(invoice.severity()).isEqualTo(Severity.INFO);
        Rule stalled = rule(set, "stalled-48-h");
        assertThat(stalled.statuses()).as("PLACED and SHIPPED wait for days by nature").containsExactly("PAID");
        assertThat(stalled.maxDuration()).isEqualTo(Duration.ofHours(48));
        assertThat(stalled.severity()).isEqualTo(Severity.CRITICAL);
        Rule payments = rule(set, "payments-per-method");
        assertThat(payments.eventType()).isEqualTo("PAYMENT_RECEIVED");
        assertThat(payments.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(payments.min()).isEqualTo(1);
        assertThat(payments.groupBy()).containsExactly("paymentMethod");
        assertThat(payments.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(payments.inhibits()).as("an outage is one incident").containsExactly("payment-within-30-min");
        assertThat(payment.groupBy()).containsExactly("paymentMethod");
    }

    @Test
    void shouldFlagThePaypalIncidentOfTheDemoButNotInvoicesThatAreSlowByNature() {
        RuleSet set = DefaultRules.DEMO.ruleSet(VALIDATOR).orElseThrow();

        Rule payments = rule(set, "payments-per-method");
        assertThat(payments.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(payments.min()).isEqualTo(5);
        assertThat(payments.groupBy()).containsExactly("paymentMethod");
        Rule payment = rule(set, "payment-within-1-min");
        assertThat(payments.inhibits()).as("the PayPal outage is one incident").containsExactly(payment.id());
        assertThat(payment.groupBy()).containsExactly("paymentMethod");
        assertThat(payment.appliesTo(Map.of("paymentMethod", "paypal"))).isTrue();
        assertThat(payment.appliesTo(Map.of("paymentMethod", "invoice"))).isFalse();
        assertThat(rule(set, "stalled-15-min").maxDuration())
                .isGreaterThan(rule(set, "delivery-within-10-min").maxDuration());
    }

    @Test
    void shouldMakeAnIncidentPerWarehouseOfLateShipmentsAndPerCarrierOfLateDeliveries() {
        for (DefaultRules defaults : List.of(DefaultRules.STANDARD, DefaultRules.DEMO)) {
            RuleSet set = defaults.ruleSet(VALIDATOR).orElseThrow();
            assertThat(set.rules()).filteredOn(r -> "SHIPPED".equals(r.to()))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.groupBy()).containsExactly("warehouse"));
            assertThat(set.rules()).filteredOn(r -> "DELIVERED".equals(r.to()))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.groupBy()).containsExactly("carrier"));
        }
    }

    @Test
    void shouldReadTheConfigurationNameInAnyCase() {
        assertThat(DefaultRules.fromConfigName("demo")).contains(DefaultRules.DEMO);
        assertThat(DefaultRules.fromConfigName(" Standard ")).contains(DefaultRules.STANDARD);
        assertThat(DefaultRules.fromConfigName("NONE")).contains(DefaultRules.NONE);
        assertThat(DefaultRules.fromConfigName("production")).isEmpty();
    }
}
