package io.bpmon.core.rules.service;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.rules.RuleValidatorTest.PAYMENT_SLA;
import static io.bpmon.core.rules.RuleValidatorTest.VELOCITY;
import static io.bpmon.core.rules.RuleValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.fixtures.CannedRulePreview;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleEditor.Acknowledgement;
import io.bpmon.core.rules.service.RuleEditor.Range;
import io.bpmon.core.rules.service.RuleEditor.ThresholdQuery;
import io.bpmon.core.store.RulePreviewReader.AlertCounts;
import io.bpmon.core.store.RulePreviewReader.Flagged;
import io.bpmon.core.store.RulePreviewReader.FlaggedOrder;
import io.bpmon.core.store.RulePreviewReader.Observed;
import io.bpmon.core.store.RulePreviewReader.Raised;
import io.bpmon.core.store.RulePreviewReader.VelocityResult;
import io.bpmon.core.store.RuleStatus;
import io.bpmon.core.store.RuleStatusReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule editor's answers, over a canned store of orders and alerts and rules kept in memory. */
class RuleEditorTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final RuleValidator VALIDATOR = new RuleValidator(LIFECYCLE);
    private static final Range LAST_DAY = new Range(minutes(-24 * 60), BEGINNING);

    private final MutableClock clock = new MutableClock(BEGINNING);
    private final InMemoryRuleStore store = new InMemoryRuleStore();
    private final RuleService rules = new RuleService(VALIDATOR, store, new RecordingRulePublisher(store), clock,
            w -> {});
    private final CannedRulePreview reader = new CannedRulePreview();
    private final Map<String, RuleStatus> acknowledged = new LinkedHashMap<>();
    private final RuleEditor editor = new RuleEditor(rules, reader, new RuleStatusReader() {
        @Override
        public Optional<RuleStatus> find(String ruleId) {
            return Optional.ofNullable(acknowledged.get(ruleId));
        }

        @Override
        public Map<String, RuleStatus> all() {
            return acknowledged;
        }
    }, LIFECYCLE, clock);

    private static Rule rule(String json) {
        return VALIDATOR.validate(json(json)).value();
    }

    @Nested
    class Ranges {

        @Test
        void shouldDefaultToTheGivenLengthUntilNow() {
            assertThat(editor.range(null, null, Duration.ofHours(24)).value()).isEqualTo(LAST_DAY);
            assertThat(editor.range(null, minutes(60), Duration.ofHours(1)).value())
                    .isEqualTo(new Range(BEGINNING, minutes(60)));
        }

        @Test
        void shouldRefuseARangeThatEndsBeforeItStarts() {
            assertThat(editor.range(minutes(10), minutes(10), Duration.ofHours(1)).errors())
                    .containsExactly(new FieldError("since", "must be before until"));
        }

        @Test
        void shouldRefuseARangeOfMoreThanNinetyDays() {
            assertThat(editor.range(null, null, Duration.ofDays(90)).isValid()).isTrue();
            ValidationResult<Range> tooLong = editor.range(null, null, Duration.ofDays(90).plusMillis(1));
            assertThat(tooLong.errors()).extracting(FieldError::field).containsExactly("since");
            assertThat(tooLong.errors().get(0).message()).contains("90 days");
        }
    }

    @Nested
    class Previews {

        @Test
        void shouldPreviewACandidateBesideWhatTheStoredRuleOfItsIdRaised() {
            rules.create(json(PAYMENT_SLA), "alice");
            rules.update("payment-30m", json(PAYMENT_SLA.replace("PT30M", "PT45M")), "alice");
            FlaggedOrder o = new FlaggedOrder("o-1", "PLACED", Map.of("country", "DE"), Map.of(), minutes(-5));
            reader.flagged = new Flagged(5, List.of(o));
            reader.raised.put("payment-30m", new Raised(3, Map.of(1L, 2L, 2L, 1L)));

            RuleEditor.Preview p = editor.preview(rule(PAYMENT_SLA.replace("PT30M", "PT10M")), LAST_DAY, 20);

            assertThat(p.flagged()).isEqualTo(5);
            assertThat(p.sample()).containsExactly(o);
            assertThat(p.velocity()).isNull();
            assertThat(p.current()).isEqualTo(new RuleEditor.Current("payment-30m", 2, 3, Map.of(1L, 2L, 2L, 1L)));
            assertThat(p.since()).isEqualTo(LAST_DAY.since());
            assertThat(p.until()).isEqualTo(LAST_DAY.until());
            assertThat(reader.questions).containsExactly(
                    "flagged payment-30m " + LAST_DAY.since() + " " + BEGINNING + " 20",
                    "raised payment-30m STEP_SLA " + LAST_DAY.since() + " " + BEGINNING);
        }

        @Test
        void shouldChartTheObservedDurationsWithTheFlaggedShareOfTheJudgedOrders() {
            reader.flagged = new Flagged(5, List.of());
            reader.judged = 8;
            reader.durations = new io.bpmon.core.preview.DurationHistogram(60_000, List.of(1L, 2L), 1, Map.of());

            RuleEditor.Chart c = editor.chart(rule(PAYMENT_SLA), LAST_DAY);

            assertThat(c.flagged()).isEqualTo(5);
            assertThat(c.judged()).isEqualTo(8);
            assertThat(c.percent()).isEqualTo("62.5 %");
            assertThat(c.histogram()).isSameAs(reader.durations);
            assertThat(c.velocity()).isNull();
            assertThat(reader.questions).containsExactly(
                    "durations payment-30m " + LAST_DAY.since() + " " + BEGINNING,
                    "flagged payment-30m " + LAST_DAY.since() + " " + BEGINNING + " 0",
                    "judged payment-30m " + LAST_DAY.since() + " " + BEGINNING);
        }

        @Test
        void shouldChartTheEpisodesOfAVelocityCandidate() {
            VelocityPreview.Episode e = new VelocityPreview.Episode(Map.of(), minutes(-60), null, 0);
            reader.velocity = new VelocityResult(List.of(e), List.of(), 60_000);

            RuleEditor.Chart c = editor.chart(rule(VELOCITY), LAST_DAY);

            assertThat(c.flagged()).isEqualTo(1);
            assertThat(c.histogram()).isNull();
            assertThat(c.velocity()).isSameAs(reader.velocity);
        }

        @Test
        void shouldLeaveCurrentOutWhenNoRuleHasTheCandidatesId() {
            RuleEditor.Preview p = editor.preview(rule(PAYMENT_SLA), LAST_DAY, 0);

            assertThat(p.current()).isNull();
            assertThat(reader.questions).noneMatch(q -> q.startsWith("raised"));
        }

        @Test
        void shouldCountTheEpisodesOfAVelocityCandidate() {
            VelocityPreview.Episode e = new VelocityPreview.Episode(Map.of("paymentMethod", "card"), minutes(-60),
                    null, 0);
            reader.velocity = new VelocityResult(List.of(e, e), List.of(), 60_000);

            RuleEditor.Preview p = editor.preview(rule(VELOCITY), LAST_DAY, 20);

            assertThat(p.flagged()).isEqualTo(2);
            assertThat(p.sample()).isEmpty();
            assertThat(p.velocity()).isSameAs(reader.velocity);
            assertThat(reader.questions).noneMatch(q -> q.startsWith("flagged"));
        }

        @Test
        void shouldRefuseASampleBeyondTheStoresLimit() {
            assertThatThrownBy(() -> editor.preview(rule(PAYMENT_SLA), LAST_DAY, RuleEditor.MAX_SAMPLE + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Thresholds {

        private final Range week = new Range(BEGINNING.minus(Duration.ofDays(7)), BEGINNING);

        private ThresholdQuery steps(String from, String to) {
            return new ThresholdQuery(RuleKind.STEP_SLA, from, to, null, null, Map.of("country", List.of("DE")));
        }

        private ThresholdQuery counts(String eventType, String window) {
            return new ThresholdQuery(RuleKind.VELOCITY, null, null, eventType, window, Map.of());
        }

        @Test
        void shouldFormatObservedStepDurationsAsTheyWouldBeTyped() {
            Map<String, Long> percentiles = new LinkedHashMap<>();
            percentiles.put("p50", Duration.ofMinutes(125).toMillis());
            percentiles.put("p90", 400L);
            percentiles.put("p95", Duration.ofDays(2).plusHours(4).plusMillis(499).toMillis());
            percentiles.put("p99", null);
            reader.stepDurations = new Observed(4, percentiles);

            RuleEditor.Thresholds t = editor.thresholds(steps("PLACED", "PAID"), week);

            assertThat(t.observations()).isEqualTo(4);
            assertThat(t.percentiles()).isEqualTo(percentiles);
            assertThat(t.formatted()).containsEntry("p50", "2h 5m").containsEntry("p90", "1s")
                    .containsEntry("p95", "2d 4h").containsEntry("p99", null);
            assertThat(t.unit()).isEqualTo("milliseconds");
            assertThat(reader.questions).containsExactly("stepDurations PLACED PAID {country=[DE]} "
                    + week.since() + " " + week.until());
        }

        @Test
        void shouldFormatObservedCountsPerWindow() {
            reader.windowCounts = new Observed(672, Map.of("p50", 12L));

            RuleEditor.Thresholds t = editor.thresholds(counts("PAYMENT_RECEIVED", "15m"), week);

            assertThat(t.formatted()).containsExactly(Map.entry("p50", "12 per 15m"));
            assertThat(t.unit()).isEqualTo("events per window");
            assertThat(reader.questions).containsExactly("windowCounts PAYMENT_RECEIVED PT15M {} " + week.since()
                    + " " + week.until());
        }

        @Test
        void shouldSuggestThresholdsForAnAggregateFromItsValuesPerWindow() {
            reader.windowCounts = new Observed(672, Map.of("p50", 2400L));
            io.bpmon.core.rules.VelocityAggregate sum = new io.bpmon.core.rules.VelocityAggregate(
                    io.bpmon.core.rules.VelocityAggregate.Function.sum, "amount", null, null);
            RuleEditor.ThresholdQuery query = new RuleEditor.ThresholdQuery(RuleKind.VELOCITY, null, null,
                    "ORDER_PLACED", "15m", Map.of("currency", List.of("EUR")), sum);

            RuleEditor.Thresholds t = editor.thresholds(query, week);

            assertThat(t.formatted()).containsExactly(Map.entry("p50", "2400 sum of amount per 15m"));
            assertThat(t.unit()).isEqualTo("sum of amount per window");
            assertThat(reader.questions).containsExactly("windowValues ORDER_PLACED PT15M sum amount "
                    + "{currency=[EUR]} " + week.since() + " " + week.until());
        }

        @Test
        void shouldRefuseMoneyThresholdsAcrossCurrencies() {
            io.bpmon.core.rules.VelocityAggregate avg = new io.bpmon.core.rules.VelocityAggregate(
                    io.bpmon.core.rules.VelocityAggregate.Function.avg, "amount", null, null);
            RuleEditor.ThresholdQuery query = new RuleEditor.ThresholdQuery(RuleKind.VELOCITY, null, null,
                    "ORDER_PLACED", "15m", Map.of(), avg);

            assertThat(editor.check(query)).extracting(FieldError::field).containsExactly("scope.currency");
        }

        @ParameterizedTest
        @ValueSource(strings = {"30s", "59s 999ms", "1d 1ms", "2d", "P7D"})
        void shouldRefuseAWindowOutsideTheBoundsOfAVelocityRule(String window) {
            assertThat(editor.check(counts("PAYMENT_RECEIVED", window))).extracting(FieldError::field)
                    .containsExactly("window");
            assertThatThrownBy(() -> editor.thresholds(counts("PAYMENT_RECEIVED", window), week))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(reader.questions).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1m", "15m", "1d", "PT24H"})
        void shouldAcceptTheWindowsAVelocityRuleMayHave(String window) {
            assertThat(editor.check(counts("PAYMENT_RECEIVED", window))).isEmpty();
        }

        @Test
        void shouldNameAnUnreadableWindowAndAnUnknownEventType() {
            assertThat(editor.check(counts("ORDER_TELEPORTED", "soon"))).extracting(FieldError::field)
                    .containsExactly("eventType", "window");
            assertThat(editor.check(counts(null, null))).extracting(FieldError::field)
                    .containsExactly("eventType", "window");
        }

        @Test
        void shouldRefuseStepsThatDoNotFollowEachOther() {
            assertThat(editor.check(steps("PAID", "PLACED")))
                    .containsExactly(new FieldError("to", "PLACED cannot be reached after PAID"));
            assertThat(editor.check(steps("NOWHERE", null))).extracting(FieldError::field)
                    .containsExactly("from", "to");
        }

        @Test
        void shouldSuggestThresholdsOnlyForStepSlaAndVelocityRules() {
            ThresholdQuery stall = new ThresholdQuery(RuleKind.STALL, null, null, null, null, null);
            assertThat(editor.check(stall)).containsExactly(
                    new FieldError("kind", "suggested thresholds are for STEP_SLA and VELOCITY rules"));
            assertThat(editor.check(new ThresholdQuery(null, "PLACED", "PAID", null, null, null)))
                    .extracting(FieldError::field).containsExactly("kind");
        }
    }

    @Nested
    class Acknowledgements {

        @Test
        void shouldSayWhetherTheJobAppliesTheStoredVersion() {
            rules.create(json(PAYMENT_SLA), "alice");
            acknowledged.put("payment-30m", new RuleStatus("payment-30m", 1, true, minutes(1), 2));
            assertThat(editor.acknowledgement("payment-30m")).contains(
                    new Acknowledgement("payment-30m", 1, true, minutes(1), 2, 1L, true));

            rules.update("payment-30m", json(PAYMENT_SLA), "alice");
            assertThat(editor.acknowledgement("payment-30m").orElseThrow().current()).isFalse();
            assertThat(editor.acknowledgement("payment-30m").orElseThrow().storedVersion()).isEqualTo(2L);
        }

        @Test
        void shouldListTheAcknowledgementsOfDeletedRulesWithoutAStoredVersion() {
            rules.create(json(PAYMENT_SLA), "alice");
            rules.delete("payment-30m", "alice");
            acknowledged.put("payment-30m", new RuleStatus("payment-30m", 1, true, minutes(1), 1));

            assertThat(editor.acknowledgements()).containsExactly(
                    new Acknowledgement("payment-30m", 1, true, minutes(1), 1, null, false));
        }

        @Test
        void shouldBeEmptyUntilTheJobAcknowledgedTheRule() {
            rules.create(json(PAYMENT_SLA), "alice");
            assertThat(editor.acknowledgement("payment-30m")).isEmpty();
        }
    }

    @Test
    void shouldCountAlertsForEveryCurrentRuleAndNoOther() {
        rules.create(json(PAYMENT_SLA), "alice");
        rules.create(json(VELOCITY), "alice");
        reader.alertCounts.put("payments", new AlertCounts("payments", 4, 1));
        reader.alertCounts.put("deleted-long-ago", new AlertCounts("deleted-long-ago", 9, 0));

        assertThat(editor.alertCounts(LAST_DAY)).containsExactly(new AlertCounts("payment-30m", 0, 0),
                new AlertCounts("payments", 4, 1));
    }

    @Test
    void shouldAskForAttributeValuesWithinTheLimit() {
        editor.attributes(1);
        editor.attributes(RuleEditor.MAX_TOP_VALUES);
        assertThat(reader.questions).containsExactly("attributes 1", "attributes 1000");
        assertThatThrownBy(() -> editor.attributes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
