package io.bpmon.alerting.grouping;

import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.breach;
import static io.bpmon.alerting.fixtures.TestAlerts.late;
import static io.bpmon.alerting.fixtures.TestAlerts.min;
import static io.bpmon.alerting.fixtures.TestAlerts.resolved;
import static io.bpmon.alerting.fixtures.TestAlerts.sec;
import static io.bpmon.alerting.fixtures.TestAlerts.velocity;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.fixtures.TestAlerts;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.config.AlertRoute;
import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {

    private static final GroupingPolicy POLICY = new GroupingPolicy(List.of("country"), sec(30), min(5),
            Duration.ofHours(4), 5);

    private final AlertGrouper grouper = new AlertGrouper(POLICY, new Router(List.of(), List.of("email", "slack")),
            new GroupingState());

    @Test
    void shouldSendOneMessageForOneBreachAfterGroupWait() {
        grouper.observe(breach("o-1", T0, "country", "DE"), T0);

        assertThat(grouper.evaluate(at(sec(29)), List.of())).isEmpty();
        List<Notification> sent = grouper.evaluate(at(sec(30)), List.of());

        assertThat(sent).hasSize(1);
        Notification n = sent.get(0);
        assertThat(n.kind()).isEqualTo(Notification.Kind.FIRING);
        assertThat(n.firing()).isEqualTo(1);
        assertThat(n.labels()).isEqualTo(Map.of("country", "DE"));
        assertThat(n.channels()).containsExactly("email", "slack");
        assertThat(n.samples()).extracting(Notification.Sample::orderId).containsExactly("o-1");
        assertThat(n.id()).endsWith("#1");
    }

    @Test
    void shouldGroupABurstOfTwoHundredBreachesIntoAFewMessages() {
        List<Notification> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant now = at(Duration.ofSeconds(i * 3L)); // 200 breaches over 10 minutes
            grouper.observe(breach("o-" + i, now, "country", "DE", "paymentMethod", "card"), now);
            sent.addAll(grouper.evaluate(now, List.of()));
        }
        sent.addAll(grouper.evaluate(at(min(15)), List.of()));

        // first after 30 s, then one update per 5-minute interval
        assertThat(sent).hasSizeLessThanOrEqualTo(4);
        assertThat(sent.get(0).kind()).isEqualTo(Notification.Kind.FIRING);
        assertThat(sent.get(sent.size() - 1).firing()).isEqualTo(200);
        assertThat(sent.stream().mapToInt(Notification::newFiring).sum()).isEqualTo(200);
        assertThat(sent.get(0).samples()).hasSize(5);
    }

    @Test
    void shouldSplitGroupsByGroupingAttributesAndRule() {
        grouper.observe(breach("o-1", T0, "country", "DE"), T0);
        grouper.observe(breach("o-2", T0, "country", "FR"), T0);
        grouper.observe(breach("other-rule", "o-3", T0, "country", "DE"), T0);
        grouper.observe(breach("o-4", T0, "country", "DE"), T0);

        List<Notification> sent = grouper.evaluate(at(sec(30)), List.of());

        assertThat(sent).extracting(n -> n.ruleId() + "/" + n.labels().get("country") + "/" + n.firing())
                .containsExactlyInAnyOrder("payment-30m/DE/2", "payment-30m/FR/1", "other-rule/DE/1");
    }

    @Test
    void shouldRepeatAnUnchangedOpenGroupOnlyAfterTheRepeatInterval() {
        grouper.observe(breach("o-1", T0, "country", "DE"), T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of())).hasSize(1);

        for (int m = 5; m < 240; m += 5) {
            assertThat(grouper.evaluate(at(sec(30).plus(min(m))), List.of())).as("minute " + m).isEmpty();
        }
        List<Notification> repeat = grouper.evaluate(at(sec(30).plus(min(240))), List.of());

        assertThat(repeat).extracting(Notification::kind).containsExactly(Notification.Kind.REPEAT);
    }

    @Test
    void shouldNotRepeatAcknowledgedAlerts() {
        Alert a = breach("o-1", T0, "country", "DE");
        grouper.observe(a, T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of())).hasSize(1);
        grouper.observe(a.acknowledged(), at(min(1)));

        List<Notification> later = new ArrayList<>();
        for (int m = 5; m <= 600; m += 5) {
            later.addAll(grouper.evaluate(at(sec(30).plus(min(m))), List.of()));
        }

        assertThat(later).isEmpty();
    }

    @Test
    void shouldKeepAnAcknowledgementWhenTheJobRewritesTheOpenAlertAndStillSeeItsResolution() {
        Alert a = breach("o-1", T0, "country", "DE");
        grouper.observe(a, T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of())).hasSize(1);
        // the web server publishes the acknowledgement on the revision it acknowledges
        grouper.observe(a.seenAcknowledged(), at(min(1)));
        Alert rewritten = new Alert(a.id(), a.ruleId(), a.ruleVersion() + 1, a.ruleName(), a.kind(), a.severity(),
                a.orderId(), a.attributes(), a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(),
                a.detectedAt(), null, null, false, null, null, a.revision() + 1); // a new rule version, still open

        grouper.observe(rewritten, at(min(2)));
        List<Notification> later = new ArrayList<>();
        for (int m = 5; m <= 600; m += 5) {
            later.addAll(grouper.evaluate(at(sec(30).plus(min(m))), List.of()));
        }
        assertThat(later).as("acknowledged: no repeats after the job's rewrite").isEmpty();

        grouper.observe(resolved(rewritten, at(min(601))), at(min(601)));
        assertThat(grouper.evaluate(at(min(700)), List.of())).extracting(Notification::kind)
                .containsExactly(Notification.Kind.RESOLVED);
    }

    @Test
    void shouldSendOneResolvedNoticeWhenEveryAlertOfAnAnnouncedGroupResolved() {
        Alert a = breach("o-1", T0, "country", "DE");
        Alert b = breach("o-2", T0, "country", "DE");
        grouper.observe(a, T0);
        grouper.observe(b, T0);
        grouper.evaluate(at(sec(30)), List.of());
        grouper.observe(resolved(a, at(min(1))), at(min(1)));

        assertThat(grouper.evaluate(at(sec(30).plus(min(5))), List.of())).isEmpty();
        grouper.observe(resolved(b, at(min(6))), at(min(6)));
        List<Notification> sent = grouper.evaluate(at(sec(30).plus(min(10))), List.of());

        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.RESOLVED);
        assertThat(sent.get(0).resolved()).isEqualTo(2);
        assertThat(grouper.state().groups()).isEmpty();
        assertThat(grouper.evaluate(at(Duration.ofHours(9)), List.of())).isEmpty();
    }

    @Test
    void shouldSendNothingForSilencedAlertsButStillTheResolvedNoticeOfTheAnnouncedGroup() {
        Alert a = breach("o-1", T0, "country", "DE");
        grouper.observe(a, T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of())).hasSize(1);
        Silence silence = new Silence("s-1", TestAlerts.RULE, Map.of("country", "DE"), at(min(1)), at(min(60)),
                "known outage", "ops", at(min(1)));
        Alert b = breach("o-2", at(min(2)), "country", "DE");
        grouper.observe(b, at(min(2)));

        assertThat(grouper.evaluate(at(sec(30).plus(min(5))), List.of(silence))).isEmpty();
        assertThat(grouper.evaluate(at(sec(30).plus(min(10))), List.of(silence))).isEmpty();
        grouper.observe(resolved(a, at(min(11))), at(min(11)));
        grouper.observe(resolved(b, at(min(12))), at(min(12)));
        List<Notification> sent = grouper.evaluate(at(sec(30).plus(min(15))), List.of(silence));

        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.RESOLVED);
        assertThat(sent.get(0).resolved()).isEqualTo(2);
    }

    @Test
    void shouldSendNothingAtAllForAGroupSilencedFromTheStart() {
        Silence silence = new Silence("s-1", null, Map.of("country", "DE"), T0, at(min(60)), "", "ops", T0);
        Alert a = breach("o-1", T0, "country", "DE");
        grouper.observe(a, T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of(silence))).isEmpty();
        grouper.observe(resolved(a, at(min(1))), at(min(1)));

        assertThat(grouper.evaluate(at(sec(30).plus(min(5))), List.of(silence))).isEmpty();
        assertThat(grouper.state().groups()).isEmpty();
    }

    @Test
    void shouldAnnounceSilencedAlertsOnceTheSilenceEnds() {
        Silence silence = new Silence("s-1", null, Map.of("country", "DE"), T0, at(min(3)), "", "ops", T0);
        grouper.observe(breach("o-1", T0, "country", "DE"), T0);
        assertThat(grouper.evaluate(at(sec(30)), List.of(silence))).isEmpty();

        List<Notification> sent = grouper.evaluate(at(sec(30).plus(min(5))), List.of(silence));

        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.FIRING);
    }

    @Test
    void shouldRecordButNotNotifyAlertsDetectedLate() {
        grouper.observe(late(breach("o-1", T0, "country", "DE")), T0);

        assertThat(grouper.evaluate(at(min(1)), List.of())).isEmpty();
        assertThat(grouper.state().lateSkipped()).isEqualTo(1);
    }

    @Test
    void shouldNotNotifyAnAlertAVelocityEpisodeInhibits() {
        Alert inhibited = breach("o-1", T0, "country", "DE").inIncident("incident-1", "velocity-alert-1");

        assertThat(grouper.observe(inhibited, T0)).isFalse();

        assertThat(grouper.evaluate(at(min(1)), List.of())).isEmpty();
    }

    @Test
    void shouldMakeOneIncidentOneMessageNamedByTheIncidentsSegmentAndLinkedToIt() {
        AlertGrouper incidents = new AlertGrouper(POLICY, new Router(List.of(), List.of("slack")),
                alert -> Map.of("paymentMethod", alert.attributes().get("paymentMethod")), new GroupingState());
        // one incident (grouped by payment method) across two countries: the country grouping no longer splits it
        incidents.observe(breach("o-1", T0, "country", "DE", "paymentMethod", "paypal").inIncident("inc-1", null), T0);
        incidents.observe(breach("o-2", T0, "country", "FR", "paymentMethod", "paypal").inIncident("inc-1", null), T0);
        incidents.observe(breach("o-3", T0, "country", "DE", "paymentMethod", "card").inIncident("inc-2", null), T0);

        List<Notification> sent = incidents.evaluate(at(sec(30)), List.of());

        assertThat(sent).extracting(n -> n.incidentId() + " " + n.labels() + " " + n.firing())
                .containsExactlyInAnyOrder("inc-1 {paymentMethod=paypal} 2", "inc-2 {paymentMethod=card} 1");
    }

    @Test
    void shouldCountTheBreachesAVelocityEpisodeHoldsBackInItsOneMessageWithoutUpdatesForThem() {
        Alert velocity = velocity("v-1", T0).inIncident("inc-v", null);
        grouper.observe(velocity, T0);
        for (int i = 0; i < 3; i++) {
            grouper.observe(breach("o-" + i, at(sec(10)), "country", "DE").inIncident("inc-v", "v-1"), at(sec(10)));
        }

        List<Notification> first = grouper.evaluate(at(sec(30)), List.of());
        for (int i = 3; i < 312; i++) {
            grouper.observe(breach("o-" + i, at(min(2)), "country", "DE").inIncident("inc-v", "v-1"), at(min(2)));
        }
        List<Notification> later = grouper.evaluate(at(sec(30).plus(min(5))), List.of());
        grouper.observe(velocity.resolved(at(min(6)), io.bpmon.core.alerts.Resolution.BACK_IN_BOUNDS), at(min(6)));
        List<Notification> end = grouper.evaluate(at(sec(30).plus(min(10))), List.of());

        assertThat(first).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.FIRING);
            assertThat(n.incidentId()).isEqualTo("inc-v");
            assertThat(n.firing()).isEqualTo(1);
            assertThat(n.affected()).isEqualTo(3);
        });
        assertThat(later).as("held-back breaches never start or update a message").isEmpty();
        assertThat(end).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.RESOLVED);
            assertThat(n.affected()).isEqualTo(312);
        });
    }

    @Test
    void shouldDropAnInhibitedAlertWhoseIncidentHasNoOpenGroup() {
        assertThat(grouper.observe(breach("o-1", T0, "country", "DE").inIncident("inc-v", "v-1"), T0)).isFalse();

        assertThat(grouper.evaluate(at(min(1)), List.of())).isEmpty();
    }

    @Test
    void shouldIgnoreAlertsFirstSeenResolvedAndRevisionsAlreadyKnown() {
        Alert a = breach("o-1", T0, "country", "DE");
        assertThat(grouper.observe(resolved(breach("o-9", T0), T0), T0)).isFalse();
        assertThat(grouper.observe(a, T0)).isTrue();
        assertThat(grouper.observe(a, T0)).isFalse();

        assertThat(grouper.evaluate(at(sec(30)), List.of())).singleElement()
                .satisfies(n -> assertThat(n.firing()).isEqualTo(1));
    }

    @Test
    void shouldRouteByRuleSeverityAndScope() {
        Router router = new Router(List.of(
                new AlertRoute(Optional.of("quiet-rule"), Set.of(), Map.of(), List.of()),
                new AlertRoute(Optional.empty(), Set.of(Severity.CRITICAL), Map.of("country", List.of("DE")),
                        List.of("slack")),
                new AlertRoute(Optional.empty(), Set.of(Severity.INFO), Map.of(), List.of("email", "pager"))),
                List.of("slack", "email"));

        assertThat(router.channels("payment", Severity.CRITICAL, Map.of("country", "DE"))).containsExactly("slack");
        assertThat(router.channels("payment", Severity.CRITICAL, Map.of("country", "FR")))
                .containsExactly("email", "slack");
        assertThat(router.channels("payment", Severity.INFO, Map.of())).containsExactly("email");
        assertThat(router.channels("quiet-rule", Severity.CRITICAL, Map.of("country", "DE"))).isEmpty();
        assertThat(new Router(List.of(), List.of()).channels("x", Severity.INFO, Map.of())).isEmpty();
    }

    @Test
    void shouldKeepAlertsWithDifferentChannelsInDifferentGroupsAndMutedOnesOutOfAll() {
        AlertGrouper routed = new AlertGrouper(POLICY, new Router(List.of(
                new AlertRoute(Optional.empty(), Set.of(), Map.of("channel", List.of("app")), List.of("slack")),
                new AlertRoute(Optional.empty(), Set.of(), Map.of("channel", List.of("test")), List.of())),
                List.of("slack", "email")), new GroupingState());
        routed.observe(breach("o-1", T0, "country", "DE", "channel", "app"), T0);
        routed.observe(breach("o-2", T0, "country", "DE", "channel", "web"), T0);
        routed.observe(breach("o-3", T0, "country", "DE", "channel", "test"), T0);

        List<Notification> sent = routed.evaluate(at(sec(30)), List.of());

        assertThat(sent).extracting(n -> String.join(",", n.channels()))
                .containsExactlyInAnyOrder("slack", "email,slack");
    }

    @Test
    void shouldOpenANewGroupWithANewIdAfterTheOldOneClosed() {
        Alert a = breach("o-1", T0, "country", "DE");
        grouper.observe(a, T0);
        String first = grouper.evaluate(at(sec(30)), List.of()).get(0).groupId();
        grouper.observe(resolved(a, at(min(1))), at(min(1)));
        grouper.evaluate(at(sec(30).plus(min(5))), List.of());
        grouper.observe(breach("o-2", at(min(7)), "country", "DE"), at(min(7)));

        List<Notification> sent = grouper.evaluate(at(min(8)), List.of());

        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.groupId()).isNotEqualTo(first);
            assertThat(n.kind()).isEqualTo(Notification.Kind.FIRING);
        });
    }

    @Test
    void shouldMoveAnAlertWhoseRouteChangedSoThatItsOldGroupCanResolve() {
        AlertGrouper routed = new AlertGrouper(POLICY, new Router(List.of(
                new AlertRoute(Optional.empty(), Set.of(Severity.CRITICAL), Map.of(), List.of("slack"))),
                List.of("slack", "email")), new GroupingState());
        Alert critical = breach("o-1", T0, "country", "DE");
        routed.observe(critical, T0);
        assertThat(routed.evaluate(at(sec(30)), List.of())).extracting(n -> n.channels())
                .containsExactly(List.of("slack"));
        Alert warning = new Alert(critical.id(), critical.ruleId(), 2, critical.ruleName(), critical.kind(),
                Severity.WARNING, critical.orderId(), critical.attributes(), critical.status(), critical.fromStep(),
                critical.toStep(), critical.startedAt(), critical.deadline(), critical.detectedAt(), null, null, false,
                null, null, 2);
        routed.observe(warning, at(min(1)));

        List<Notification> sent = routed.evaluate(at(min(6)), List.of());

        assertThat(sent).extracting(n -> n.kind() + " " + n.channels()).containsExactlyInAnyOrder(
                "RESOLVED [slack]", "FIRING [email, slack]");
    }
}
