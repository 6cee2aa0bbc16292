package io.bpmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EPL translation of {@code ./bpmon bench --esper} raises exactly the alerts bpmon's engine raises, on a small
 * generated input with breaches of both translated kinds (late payments and deliveries, stuck and cancelled orders,
 * plus SteadyTraffic's duplicates, late first events and malformed records); and the comparison does catch a
 * translation that is wrong.
 */
class EsperSideBySideTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final long LATENESS = EngineConfig.DEFAULT_ALLOWED_LATENESS.toMillis();

    private static BreachTraffic.Input input;
    private static List<Rule> rules;
    private static Map<String, RaisedAlert> bpmon;

    @BeforeAll
    static void bpmonAlerts() throws Exception {
        input = BreachTraffic.generate(LIFECYCLE, 8_000, 7L, System.currentTimeMillis() - 60_000);
        rules = EsperBench.rules(LIFECYCLE, 10, input.stepMillis());
        bpmon = EsperBench.timed("bpmon", new BpmonEngine(LIFECYCLE, rules, LATENESS), input).alerts();
    }

    @Test
    void eplRaisesTheAlertsBpmonRaises() throws Exception {
        Map<String, RaisedAlert> esper = esper(rules, input.maxDisorderMillis());

        assertThat(EsperBench.compare(bpmon, esper, input)).isEmpty();
        assertThat(esper).isEqualTo(bpmon);
        // not trivially equal: every rule raised alerts, of both kinds, stalls in more than one status
        Map<String, Long> byRule = bpmon.values().stream()
                .collect(Collectors.groupingBy(RaisedAlert::ruleId, Collectors.counting()));
        assertThat(byRule.keySet()).containsExactlyInAnyOrderElementsOf(rules.stream().map(Rule::id).toList());
        assertThat(bpmon.values()).extracting(RaisedAlert::kind).contains("SLA_BREACH", "STALLED");
        assertThat(bpmon.values().stream().map(RaisedAlert::status).filter(s -> s != null).distinct().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(bpmon).hasSizeGreaterThan(300);
        assertThat(input.swappedOrders()).isPositive();
        assertThat(input.duplicates()).isPositive();
    }

    @Test
    void aThresholdTranslatedWrongShowsAsDifferences() throws Exception {
        for (RuleKind kind : List.of(RuleKind.STEP_SLA, RuleKind.STALL)) {
            List<Rule> wrong = new ArrayList<>(rules);
            int i = indexOf(kind);
            Rule r = wrong.get(i);
            // a fifth of a step longer: the orders that breached by less than that are missing in Esper
            wrong.set(i, new Rule(r.id(), r.name(), r.kind(), r.from(), r.to(),
                    r.maxDuration().plus(Duration.ofMillis(input.stepMillis() / 5)), r.statuses(), r.eventType(),
                    r.window(), r.min(), r.max(), r.groupBy(), r.scope(), r.severity(), r.enabled(), r.version(),
                    r.updatedAt(), r.updatedBy()));

            List<EsperBench.Difference> differences =
                    EsperBench.compare(bpmon, esper(wrong, input.maxDisorderMillis()), input);

            assertThat(differences).as("%s rule %s translated a fifth of a step too long", kind, r.id()).isNotEmpty()
                    .allSatisfy(d -> {
                        assertThat(d.alert().ruleId()).isEqualTo(r.id());
                        assertThat(d.raisedBy()).isEqualTo("bpmon only");
                    });
        }
    }

    /**
     * Esper cannot go back in time: fed through a reorder buffer shorter than the input's disorder (a quarter step),
     * the first events sent after the order's second (SteadyTraffic's late events) reach it after its clock passed
     * them. bpmon replays each order in event time and is not fooled; every difference is such an order, and the
     * listing says so.
     */
    @Test
    void differencesOfAShortReorderBufferAreTheLateEventsOrders() throws Exception {
        List<EsperBench.Difference> differences =
                EsperBench.compare(bpmon, esper(rules, input.stepMillis() / 4), input);

        assertThat(differences).isNotEmpty()
                .allSatisfy(d -> assertThat(d.order()).contains("first event sent after the second"));
    }

    private static Map<String, RaisedAlert> esper(List<Rule> rules, long reorderMillis) throws Exception {
        return EsperBench.timed("esper", new EsperEngine(LIFECYCLE, rules, reorderMillis), input).alerts();
    }

    private static int indexOf(RuleKind kind) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).kind() == kind) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " rule");
    }
}
