package io.bpmon.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/incidents.md: how alerts group into incidents, and which velocity episode inhibits an alert. Pure. */
class IncidentTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final long MINUTE = 60_000;

    private static final Rule PAYMENT = rule("payment-1m", RuleKind.STEP_SLA, List.of("paymentMethod"), List.of());
    private static final Rule PAYPAL_SILENT = rule("payments", RuleKind.VELOCITY, List.of("paymentMethod"),
            List.of("payment-1m"));

    private IncidentTracker.Track track = IncidentTracker.Track.empty();
    private final Map<String, IncidentTracker.Member> members = new java.util.HashMap<>();
    private final List<Incident> incidents = new ArrayList<>();

    private static Rule rule(String id, RuleKind kind, List<String> groupBy, List<String> inhibits) {
        return new Rule(id, id, kind, null, null, null, null, null, null, null, null, groupBy, inhibits, Map.of(),
                Severity.CRITICAL, true, 1, null, null);
    }

    private static Alert breach(String orderId, String method, AlertStatus status) {
        return new Alert(AlertIds.slaBreach("payment-1m", orderId), "payment-1m", 1, "Payment within 1 min",
                AlertKind.SLA_BREACH, Severity.CRITICAL, orderId, Map.of("paymentMethod", method, "country", "DE"),
                status, "PLACED", "PAID", T0, T0, T0, status == AlertStatus.RESOLVED ? T0 : null,
                status == AlertStatus.RESOLVED ? Resolution.COMPLETED_LATE : null, false, null, null, 1);
    }

    private static Alert velocity(String method, AlertStatus status) {
        return new Alert(AlertIds.velocity("payments", method, 0), "payments", 1, "PayPal payments",
                AlertKind.VELOCITY, Severity.CRITICAL, null, Map.of("paymentMethod", method), status, null, null, T0,
                null, T0, null, null, false, 0L, Duration.ofMinutes(1), 1);
    }

    private Alert apply(Alert alert, long atMinute) {
        return apply(alert, atMinute, List.of());
    }

    private Alert apply(Alert alert, long atMinute, List<IncidentKeys.Episode> episodes) {
        long at = T0.toEpochMilli() + atMinute * MINUTE;
        Rule rule = alert.kind() == AlertKind.VELOCITY ? PAYPAL_SILENT : PAYMENT;
        IncidentKeys.Route route = IncidentKeys.route(alert, rule, at, episodes,
                Map.of(PAYMENT.id(), PAYMENT, PAYPAL_SILENT.id(), PAYPAL_SILENT));
        IncidentTracker.Outcome outcome = IncidentTracker.apply(track, members.get(alert.id()), route, alert, at);
        track = outcome.track();
        members.put(alert.id(), outcome.member());
        if (outcome.incident() != null) {
            incidents.add(outcome.incident());
        }
        return outcome.alert();
    }

    private Incident last() {
        return incidents.get(incidents.size() - 1);
    }

    @Test
    void shouldGroupAlertsOfOneRuleAndSegmentIntoOneIncident() {
        Alert a = apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        Alert b = apply(breach("o-2", "paypal", AlertStatus.OPEN), 1);

        assertThat(a.incidentId()).isNotNull().isEqualTo(b.incidentId());
        assertThat(last().id()).isEqualTo(a.incidentId());
        assertThat(last().segment()).isEqualTo(Map.of("paymentMethod", "paypal"));
        assertThat(last().alertCount()).isEqualTo(2);
        assertThat(last().openAlertCount()).isEqualTo(2);
        assertThat(last().sampleOrderIds()).containsExactly("o-1", "o-2");
        assertThat(last().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(incidents).extracting(Incident::revision).containsExactly(1L, 2L);
    }

    @Test
    void shouldKeepAnotherSegmentInAnIncidentOfItsOwn() {
        Alert paypal = apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        track = IncidentTracker.Track.empty(); // another key: the job keeps another track
        members.clear();
        Alert card = apply(breach("o-2", "card", AlertStatus.OPEN), 0);

        assertThat(paypal.incidentId()).isNotEqualTo(card.incidentId());
        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), PAYMENT, 0, List.of(), Map.of()).key())
                .isNotEqualTo(IncidentKeys.route(breach("o-2", "card", AlertStatus.OPEN), PAYMENT, 0, List.of(),
                        Map.of()).key());
    }

    @Test
    void shouldStayOneIncidentWhenAnAlertOpensWithinFiveMinutesOfTheLastResolution() {
        Alert first = apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 2);
        assertThat(last().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().resolvedAt()).isEqualTo(T0);

        Alert second = apply(breach("o-2", "paypal", AlertStatus.OPEN), 6); // 4 min after

        assertThat(second.incidentId()).isEqualTo(first.incidentId());
        assertThat(last().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(last().resolvedAt()).isNull();
        assertThat(last().alertCount()).isEqualTo(2);
        assertThat(last().openAlertCount()).isEqualTo(1);
    }

    @Test
    void shouldStartANewIncidentWhenAllWereResolvedForFiveMinutes() {
        Alert first = apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 2);

        Alert second = apply(breach("o-2", "paypal", AlertStatus.OPEN), 7); // exactly 5 min after

        assertThat(second.incidentId()).isNotEqualTo(first.incidentId());
        assertThat(last().id()).isEqualTo(second.incidentId());
        assertThat(last().alertCount()).isEqualTo(1);
        assertThat(last().revision()).isEqualTo(1);
    }

    @Test
    void shouldMeasureTheQuietTimeWithoutOverflowAtTheEndsOfTime() {
        assertThat(IncidentTracker.quietFor(Long.MIN_VALUE, Long.MAX_VALUE - 1)).isTrue();
        assertThat(IncidentTracker.quietFor(Long.MIN_VALUE, Long.MIN_VALUE)).isFalse();
        assertThat(IncidentTracker.quietFor(0, 5 * MINUTE - 1)).isFalse();
        assertThat(IncidentTracker.quietFor(0, 5 * MINUTE)).isTrue();
    }

    @Test
    void shouldKeepAnOldIncidentsAlertInItWhenItChangesLater() {
        Alert first = apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 1);
        apply(breach("o-2", "paypal", AlertStatus.OPEN), 10);
        int before = incidents.size();

        Alert again = apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 11);

        assertThat(again.incidentId()).isEqualTo(first.incidentId());
        assertThat(incidents).hasSize(before);
    }

    @Test
    void shouldNotChangeTheIncidentForAnAlertVersionThatChangesNothingItCounts() {
        apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);

        Alert same = apply(breach("o-1", "paypal", AlertStatus.OPEN), 1);

        assertThat(same.incidentId()).isEqualTo(last().id());
        assertThat(incidents).hasSize(1);
    }

    @Test
    void shouldGiveTheSameIdsAndRevisionsForTheSameAlertsInTheSameOrder() {
        apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        apply(breach("o-2", "paypal", AlertStatus.OPEN), 1);
        apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 2);
        List<Incident> first = List.copyOf(incidents);
        incidents.clear();
        track = IncidentTracker.Track.empty();
        members.clear();

        apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);
        apply(breach("o-2", "paypal", AlertStatus.OPEN), 1);
        apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 2);

        assertThat(incidents).isEqualTo(first);
    }

    @Test
    void shouldOpenAResolvedIncidentForAnAlertFoundAlreadyOver() {
        Alert late = apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 0);

        assertThat(late.incidentId()).isEqualTo(last().id());
        assertThat(last().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(last().openAlertCount()).isZero();
        assertThat(last().alertCount()).isEqualTo(1);
    }

    @Test
    void shouldCountEachAlertOnceByWhatEachVersionChanges() {
        for (int i = 0; i < 2000; i++) {
            apply(breach("o-" + i, "paypal", AlertStatus.OPEN), 0);
        }
        for (int i = 0; i < 2000; i++) {
            apply(breach("o-" + i, "paypal", AlertStatus.OPEN), 1); // a rewrite: counts nothing new
        }
        for (int i = 1; i < 2000; i++) {
            apply(breach("o-" + i, "paypal", AlertStatus.RESOLVED), 2);
        }

        assertThat(last().alertCount()).isEqualTo(2000);
        assertThat(last().openAlertCount()).isEqualTo(1);
        assertThat(last().status()).isEqualTo(AlertStatus.OPEN);
        apply(breach("o-0", "paypal", AlertStatus.RESOLVED), 3);
        assertThat(last().openAlertCount()).isZero();
        assertThat(last().status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void shouldSampleAtMostTenOrders() {
        for (int i = 0; i < 12; i++) {
            apply(breach("o-" + i, "paypal", AlertStatus.OPEN), 0);
        }

        assertThat(last().alertCount()).isEqualTo(12);
        assertThat(last().sampleOrderIds()).hasSize(IncidentTracker.SAMPLE_SIZE).startsWith("o-0", "o-1");
    }

    @Test
    void shouldPutAnInhibitedAlertIntoTheVelocityAlertsIncident() {
        Alert outage = apply(velocity("paypal", AlertStatus.OPEN), 0);
        IncidentKeys.Episode episode = new IncidentKeys.Episode(outage.id(), "payments",
                Map.of("paymentMethod", "paypal"), T0.toEpochMilli(), Long.MAX_VALUE);

        Alert breach = apply(breach("o-1", "paypal", AlertStatus.OPEN), 1, List.of(episode));

        assertThat(breach.inhibitedBy()).isEqualTo(outage.id());
        assertThat(breach.incidentId()).isEqualTo(outage.incidentId());
        assertThat(last().ruleId()).isEqualTo("payments");
        assertThat(last().ruleName()).isEqualTo("PayPal payments");
        assertThat(last().alertCount()).isEqualTo(2);
        assertThat(last().sampleOrderIds()).containsExactly("o-1");

        Alert resolved = apply(breach("o-1", "paypal", AlertStatus.RESOLVED), 2, List.of(episode));
        assertThat(resolved.inhibitedBy()).isEqualTo(outage.id());
        assertThat(resolved.incidentId()).isEqualTo(outage.incidentId());
    }

    @Test
    void shouldNotInhibitOutsideTheEpisodeOrItsSegmentOrByARuleThatDoesNotInhibit() {
        long at = T0.toEpochMilli() + MINUTE;
        IncidentKeys.Episode paypal = new IncidentKeys.Episode("v-1", "payments", Map.of("paymentMethod", "paypal"),
                T0.toEpochMilli(), at);
        Map<String, Rule> rules = Map.of(PAYMENT.id(), PAYMENT, PAYPAL_SILENT.id(), PAYPAL_SILENT);

        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), PAYMENT, at - 1, List.of(paypal),
                rules).inhibitedBy()).isEqualTo("v-1");
        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), PAYMENT, at, List.of(paypal),
                rules).inhibitedBy()).as("resolved by then").isNull();
        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), PAYMENT, T0.toEpochMilli() - 1,
                List.of(paypal), rules).inhibitedBy()).as("not open yet").isNull();
        assertThat(IncidentKeys.route(breach("o-1", "card", AlertStatus.OPEN), PAYMENT, at - 1, List.of(paypal),
                rules).inhibitedBy()).as("another segment").isNull();
        Rule notInhibiting = rule("payments", RuleKind.VELOCITY, List.of("paymentMethod"), List.of("other"));
        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), PAYMENT, at - 1, List.of(paypal),
                Map.of("payments", notInhibiting)).inhibitedBy()).isNull();
    }

    @Test
    void shouldGroupByTheRulesGroupByAttributesOnly() {
        Rule byCountry = rule("payment-1m", RuleKind.STEP_SLA, List.of("country", "carrier"), List.of());

        IncidentKeys.Route route = IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), byCountry, 0,
                List.of(), Map.of());

        assertThat(route.segment()).isEqualTo(Map.of("country", "DE"));
        assertThat(IncidentKeys.route(breach("o-1", "paypal", AlertStatus.OPEN), rule("payment-1m", RuleKind.STEP_SLA,
                List.of(), List.of()), 0, List.of(), Map.of()).segment()).isEmpty();
    }

    @Test
    void shouldRoundTripItsStateAsJson() throws Exception {
        apply(breach("o-1", "paypal", AlertStatus.OPEN), 0);

        String json = Json.write(track);

        assertThat(Json.mapper().readValue(json, IncidentTracker.Track.class)).isEqualTo(track);
    }
}
