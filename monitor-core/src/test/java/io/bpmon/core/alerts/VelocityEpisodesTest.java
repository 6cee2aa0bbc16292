package io.bpmon.core.alerts;

import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.VelocityEpisodes.Outcome;
import io.bpmon.core.alerts.VelocityEpisodes.Verdict;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.VelocitySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every VELOCITY episode transition of docs/contract.md, with fixed instants: "now" is the wall clock. */
class VelocityEpisodesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(90);
    private static final VelocitySegment PAYPAL =
            VelocitySegment.of(List.of("paymentMethod"), Map.of("paymentMethod", "paypal"));
    /** PAYMENT_RECEIVED per payment method: between 3 and 10 per minute. */
    private static final Rule RULE = rule(3, 10, 1);

    @Test
    void shouldJudgeACountAgainstTheBounds() {
        assertThat(VelocityEpisodes.judge(RULE, 3, true)).isEqualTo(Verdict.IN_BOUNDS);
        assertThat(VelocityEpisodes.judge(RULE, 10, true)).isEqualTo(Verdict.IN_BOUNDS);
        assertThat(VelocityEpisodes.judge(RULE, 2, true)).isEqualTo(Verdict.BELOW_MIN);
        assertThat(VelocityEpisodes.judge(RULE, 11, true)).isEqualTo(Verdict.ABOVE_MAX);
        assertThat(VelocityEpisodes.judge(RULE, 2, false)).isEqualTo(Verdict.UNKNOWN);
        assertThat(VelocityEpisodes.judge(RULE, 11, false)).isEqualTo(Verdict.ABOVE_MAX);
    }

    @Test
    void shouldDoNothingWhileTheCountIsWithinBounds() {
        Outcome o = evaluate(null, 5, minutes(1), true);
        assertThat(o.episode()).isNull();
        assertThat(o.published()).isNull();
    }

    @Test
    void shouldNotCallALowCountABreachBeforeTheCountsCoverTheWindow() {
        Outcome o = VelocityEpisodes.evaluate(RULE, PAYPAL, null, 0, false, minutes(1), true, NOW);
        assertThat(o.episode()).isNull();
        assertThat(o.published()).isNull();
    }

    @Test
    void shouldOpenAnEpisodeWhenTheCountFallsBelowMin() {
        Outcome o = evaluate(null, 1, minutes(5), true);

        Alert a = o.published();
        assertThat(a.id()).isEqualTo(AlertIds.velocity("payments", "paymentMethod=paypal", minutes(5).toEpochMilli()));
        assertThat(a.kind()).isEqualTo(AlertKind.VELOCITY);
        assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.ruleId()).isEqualTo("payments");
        assertThat(a.ruleVersion()).isEqualTo(1);
        assertThat(a.ruleName()).isEqualTo("Payments per method");
        assertThat(a.orderId()).isNull();
        assertThat(a.attributes()).containsExactly(Map.entry("paymentMethod", "paypal"));
        assertThat(a.startedAt()).isEqualTo(minutes(5));
        assertThat(a.observed()).isEqualTo(1);
        assertThat(a.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.detectedAt()).isEqualTo(NOW);
        assertThat(a.detectedLate()).isFalse();
        assertThat(a.revision()).isEqualTo(1);
        assertThat(o.episode().pending()).isFalse();
        assertThat(o.episode().alert()).isEqualTo(a);
    }

    @Test
    void shouldOpenAnEpisodeWhenTheCountRisesAboveMax() {
        Alert a = evaluate(null, 25, minutes(5), true).published();
        assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.observed()).isEqualTo(25);
    }

    @Test
    void shouldReportTheWorstCountOnlyWhenItGetsWorse() {
        VelocityEpisode open = evaluate(null, 2, minutes(5), true).episode();

        Outcome worse = evaluate(open, 0, seconds(310), true);
        assertThat(worse.published().observed()).isZero();
        assertThat(worse.published().revision()).isEqualTo(2);
        assertThat(worse.published().detectedAt()).isEqualTo(NOW);

        Outcome better = evaluate(worse.episode(), 1, seconds(320), true);
        assertThat(better.published()).isNull();
        assertThat(better.episode().alert().observed()).isZero();
    }

    @Test
    void shouldReportTheNewCountWhenTheBreachCrossesToTheOtherSide() {
        VelocityEpisode open = evaluate(null, 0, minutes(5), true).episode();

        Alert crossed = evaluate(open, 11, seconds(310), true).published();

        assertThat(crossed.observed()).isEqualTo(11);
        assertThat(crossed.status()).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void shouldResolveOnceBackWithinBoundsForAFullWindow() {
        VelocityEpisode open = evaluate(null, 0, minutes(5), true).episode();
        Outcome back = evaluate(open, 5, minutes(6), true);
        assertThat(back.published()).isNull();
        assertThat(back.episode().backInBoundsSince()).isEqualTo(minutes(6));
        Outcome still = evaluate(back.episode(), 4, seconds(410), true);
        assertThat(still.published()).isNull();

        Outcome resolved = evaluate(still.episode(), 6, minutes(7), true);

        assertThat(resolved.episode()).isNull();
        Alert a = resolved.published();
        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.resolution()).isEqualTo(Resolution.BACK_IN_BOUNDS);
        assertThat(a.resolvedAt()).isEqualTo(minutes(7));
        assertThat(a.observed()).isZero();
        assertThat(a.revision()).isEqualTo(2);
        assertThat(a.id()).isEqualTo(open.alert().id());
        assertThat(a.detectedLate()).isFalse();
    }

    @Test
    void shouldRestartTheWaitWhenTheCountLeavesItsBoundsAgain() {
        VelocityEpisode open = evaluate(null, 0, minutes(5), true).episode();
        VelocityEpisode back = evaluate(open, 5, minutes(6), true).episode();
        VelocityEpisode again = evaluate(back, 1, seconds(390), true).episode();
        assertThat(again.backInBoundsSince()).isNull();
        VelocityEpisode back2 = evaluate(again, 5, seconds(400), true).episode();

        assertThat(evaluate(back2, 5, minutes(7), true).published()).isNull();
        assertThat(evaluate(back2, 5, seconds(460), true).published().status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void shouldPublishAnEpisodeFoundEntirelyInThePastOnceResolvedAndDetectedLate() {
        Outcome opened = evaluate(null, 0, minutes(5), false);
        assertThat(opened.published()).isNull();
        assertThat(opened.episode().unpublished()).isTrue();
        Outcome worse = evaluate(opened.episode(), 0, seconds(310), false);
        VelocityEpisode back = evaluate(worse.episode(), 5, minutes(6), false).episode();

        Outcome resolved = VelocityEpisodes.evaluate(RULE, PAYPAL, back, 5, true, minutes(7), false, LATER);

        Alert a = resolved.published();
        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.detectedLate()).isTrue();
        assertThat(a.detectedAt()).isEqualTo(LATER);
        assertThat(a.startedAt()).isEqualTo(minutes(5));
        assertThat(a.revision()).isEqualTo(1);
    }

    @Test
    void shouldPublishAnEpisodeFoundInThePastAndStillOpenAtTheHead() {
        VelocityEpisode opened = evaluate(null, 1, minutes(5), false).episode();

        Outcome head = VelocityEpisodes.evaluate(RULE, PAYPAL, opened, 0, true, minutes(6), true, LATER);

        Alert a = head.published();
        assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.detectedLate()).isFalse();
        assertThat(a.detectedAt()).isEqualTo(LATER);
        assertThat(a.observed()).isZero();
        assertThat(a.revision()).isEqualTo(1);
        assertThat(head.episode().pending()).isFalse();
    }

    @Test
    void shouldCarryTheRuleVersionInForce() {
        VelocityEpisode open = evaluate(null, 0, minutes(5), true).episode();
        Rule edited = rule(1, 10, 2);

        Alert a = VelocityEpisodes.evaluate(edited, PAYPAL, open, 0, true, seconds(310), true, NOW).published();

        assertThat(a.ruleVersion()).isEqualTo(2);
        assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.revision()).isEqualTo(2);
    }

    @Test
    void shouldJudgeByTheEditedBoundsFromTheNextEvaluation() {
        VelocityEpisode open = evaluate(null, 2, minutes(5), true).episode();
        Rule edited = rule(1, 10, 2);

        Outcome back = VelocityEpisodes.evaluate(edited, PAYPAL, open, 2, true, minutes(6), true, NOW);
        assertThat(back.episode().backInBoundsSince()).isEqualTo(minutes(6));
        Outcome resolved = VelocityEpisodes.evaluate(edited, PAYPAL, back.episode(), 2, true, minutes(7), true, NOW);

        assertThat(resolved.published().resolution()).isEqualTo(Resolution.BACK_IN_BOUNDS);
        assertThat(resolved.published().ruleVersion()).isEqualTo(2);
    }

    @Test
    void shouldResolveAnOpenEpisodeWhenTheRuleIsRetired() {
        VelocityEpisode open = evaluate(null, 0, minutes(5), true).episode();

        Alert a = VelocityEpisodes.retire(open, Resolution.RULE_DISABLED, LATER);

        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.resolution()).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(a.resolvedAt()).isEqualTo(LATER);
        assertThat(a.revision()).isEqualTo(2);
        assertThat(a.detectedLate()).isFalse();
        assertThat(VelocityEpisodes.retire(null, Resolution.RULE_DISABLED, LATER)).isNull();
    }

    @Test
    void shouldFlushOnlyChangesNobodyHasSeen() {
        VelocityEpisode published = evaluate(null, 0, minutes(5), true).episode();
        assertThat(VelocityEpisodes.flush(published, true, LATER)).isNull();
        assertThat(VelocityEpisodes.flush(null, true, LATER)).isNull();

        VelocityEpisode unpublished = evaluate(null, 0, minutes(5), false).episode();
        Alert a = VelocityEpisodes.flush(unpublished, false, LATER);
        assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(a.detectedLate()).isTrue();
        assertThat(a.revision()).isEqualTo(1);
    }

    @Test
    void shouldRetireEveryEpisodeWhenTheRuleIsDisabledDeletedOrCountsAnotherEventType() {
        assertThat(VelocityEpisodes.retirement(RULE, null)).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(VelocityEpisodes.retirement(RULE, RULE.withEnabled(false))).isEqualTo(Resolution.RULE_DISABLED);
        assertThat(VelocityEpisodes.retirement(RULE, rule(3, 10, 2))).isNull();
        Rule shipments = parse("""
                {"id":"payments","name":"Payments per method","kind":"VELOCITY","eventType":"ORDER_SHIPPED",
                 "window":"PT1M","min":3,"groupBy":["paymentMethod"]}""", 2);
        assertThat(VelocityEpisodes.retirement(RULE, shipments)).isEqualTo(Resolution.RULE_CHANGED);
        Rule sla = parse("""
                {"id":"payments","name":"Payments","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT1H"}""", 2);
        assertThat(VelocityEpisodes.retirement(RULE, sla)).isEqualTo(Resolution.RULE_CHANGED);
    }

    @Test
    void shouldSurviveTheJsonRoundTripOfTheJobsState() throws Exception {
        VelocityEpisode e = evaluate(evaluate(null, 0, minutes(5), true).episode(), 5, minutes(6), true).episode();

        VelocityEpisode back = Json.mapper().readValue(Json.write(e), VelocityEpisode.class);

        assertThat(back).isEqualTo(e);
    }

    private static Outcome evaluate(VelocityEpisode open, long count, Instant at, boolean head) {
        return VelocityEpisodes.evaluate(RULE, PAYPAL, open, count, true, at, head, NOW);
    }

    private static Rule rule(int min, int max, long version) {
        return parse("""
                {"id":"payments","name":"Payments per method","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED",
                 "window":"PT1M","min":%d,"max":%d,"groupBy":["paymentMethod"],"severity":"CRITICAL"}"""
                .formatted(min, max), version);
    }

    private static Rule parse(String json, long version) {
        try {
            return new RuleValidator(Lifecycle.defaultLifecycle()).validate(Json.mapper().readTree(json)).value()
                    .withVersion(version, NOW, "test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
