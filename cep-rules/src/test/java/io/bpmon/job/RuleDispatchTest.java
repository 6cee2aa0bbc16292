package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the order operator hands orders to the rule evaluator: after each new event, for the rules whose scope
 * matches; and when a rule changes, for every in-flight order in its old or new scope.
 */
class RuleDispatchTest {

    private static final String DE_ONLY = """
            {"id":"pay-de","name":"Payment DE","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "scope":{"country":["DE"]},"version":1}""";
    private static final String DE_ONLY_DISABLED = """
            {"id":"pay-de","name":"Payment DE","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "scope":{"country":["DE"]},"enabled":false,"version":2}""";
    private static final String EVERYWHERE_V2 = """
            {"id":"pay-de","name":"Payment","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
             "version":2}""";
    private static final String VELOCITY = """
            {"id":"payments","name":"Payments","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT5M",
             "min":1,"version":1}""";

    private OrderStateHarness harness;

    @BeforeEach
    void open() throws Exception {
        harness = OrderStateHarness.open(Duration.ofDays(7), Duration.ofDays(30));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldSendEachNewEventOfAnOrderInScopeToTheEvaluator() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.send(placed("o-at", minutes(0), "country", "AT"));
        harness.send(paid("o-de", minutes(5)));

        List<RuleWork> work = harness.ruleWork();
        assertThat(work).extracting(RuleWork::orderId).containsExactly("o-de", "o-de");
        assertThat(work).allMatch(w -> w.kind() == RuleWork.Kind.EVALUATE && w.ruleId().equals("pay-de")
                && w.order() != null && w.ruleJson().equals(DE_ONLY));
    }

    @Test
    void shouldNotSendDuplicatesAgain() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        var event = placed("o-de", minutes(0), "country", "DE");
        harness.send(event);
        harness.send(event);
        assertThat(harness.ruleWork()).hasSize(1);
    }

    @Test
    void shouldSendEveryInFlightOrderInScopeWhenARuleArrives() throws Exception {
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.send(placed("o-at", minutes(0), "country", "AT"));
        assertThat(harness.ruleWork()).isEmpty();

        harness.rule("pay-de", DE_ONLY);

        assertThat(harness.ruleWork()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(RuleWork.Kind.EVALUATE);
            assertThat(w.orderId()).isEqualTo("o-de");
        });
    }

    @Test
    void shouldWidenAndRetireWithTheRulesScope() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.send(placed("o-at", minutes(0), "country", "AT"));
        int before = harness.ruleWork().size();

        harness.rule("pay-de", EVERYWHERE_V2);
        List<RuleWork> widened = harness.ruleWork().subList(before, harness.ruleWork().size());
        assertThat(widened).extracting(RuleWork::orderId).containsExactlyInAnyOrder("o-de", "o-at");

        int beforeDisable = harness.ruleWork().size();
        harness.rule("pay-de", DE_ONLY_DISABLED.replace("\"version\":2", "\"version\":3"));
        List<RuleWork> retired = harness.ruleWork().subList(beforeDisable, harness.ruleWork().size());
        assertThat(retired).extracting(RuleWork::kind).containsOnly(RuleWork.Kind.RETIRE);
        assertThat(retired).extracting(RuleWork::orderId).containsExactlyInAnyOrder("o-de", "o-at");
    }

    @Test
    void shouldRetireInFlightOrdersWhenTheRuleIsDeleted() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.rule("pay-de", null);

        assertThat(harness.ruleWork()).last().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(RuleWork.Kind.RETIRE);
            assertThat(w.orderId()).isEqualTo("o-de");
        });
        harness.send(placed("o-de2", minutes(1), "country", "DE"));
        assertThat(harness.ruleWork()).noneMatch(w -> w.orderId().equals("o-de2"));
    }

    @Test
    void shouldIgnoreAnInvalidRuleRecordAndKeepThePreviousVersion() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        harness.rule("pay-de", "{\"id\":\"pay-de\",\"kind\":\"NONSENSE\"}");
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        assertThat(harness.ruleWork()).singleElement().satisfies(w -> assertThat(w.ruleJson()).isEqualTo(DE_ONLY));
    }

    @Test
    void shouldNotSendVelocityRulesToThePatternEvaluator() throws Exception {
        harness.rule("payments", VELOCITY);
        harness.send(placed("o-1", minutes(0)));
        harness.send(paid("o-1", minutes(1)));
        assertThat(harness.ruleWork()).isEmpty();
    }

    @Test
    void shouldCountVelocityEventsPerSegmentByTheOrdersMergedAttributes() throws Exception {
        harness.rule("by-method", """
                {"id":"by-method","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT5M","min":1,"groupBy":["paymentMethod"],"scope":{"country":["DE"]},"version":1}""");
        harness.send(placed("o-1", minutes(0), "country", "DE", "paymentMethod", "paypal"));
        harness.send(paid("o-1", minutes(1))); // the payment event itself carries no attributes
        harness.send(placed("o-2", minutes(0), "country", "AT", "paymentMethod", "paypal"));
        harness.send(paid("o-2", minutes(1)));
        harness.send(placed("o-3", minutes(0), "country", "DE"));
        harness.send(paid("o-3", minutes(1))); // no payment method: counts toward no segment

        assertThat(harness.velocityHits()).singleElement().satisfies(hit -> {
            assertThat(hit.ruleId()).isEqualTo("by-method");
            assertThat(hit.segment()).containsEntry("paymentMethod", "paypal");
            assertThat(hit.eventTime()).isEqualTo(minutes(1).toEpochMilli());
        });
    }

    @Test
    void shouldTellTheEvaluatorToForgetAnOrderWhoseStateIsDropped() throws Exception {
        harness.rule("pay-de", DE_ONLY);
        harness.send(placed("o-de", minutes(0), "country", "DE"));
        harness.send(paid("o-de", minutes(1)));
        harness.send(delivered("o-de", minutes(2)));
        harness.watermark(minutes(2).plus(Duration.ofDays(8)));

        assertThat(harness.ruleWork()).last().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(RuleWork.Kind.FORGET);
            assertThat(w.orderId()).isEqualTo("o-de");
        });
    }
}
