package io.bpmon.core.rules.service;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.rules.RuleValidatorTest.PAYMENT_SLA;
import static io.bpmon.core.rules.RuleValidatorTest.STALL;
import static io.bpmon.core.rules.RuleValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.kafka.RulePublisher;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.DefaultRules;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleDiff;
import io.bpmon.core.rules.RuleSet;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.RuleVersion.Change;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.rules.service.RuleChangeException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RuleServiceTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private final MutableClock clock = new MutableClock(BEGINNING);
    private final InMemoryRuleStore store = new InMemoryRuleStore();
    private final RecordingRulePublisher publisher = new RecordingRulePublisher(store);
    private final List<String> warnings = new ArrayList<>();
    private final RuleService service = new RuleService(VALIDATOR, store, publisher, clock, warnings::add);

    private static ObjectNode paymentSla() {
        return json(PAYMENT_SLA);
    }

    private static Reason refusal(Executable change) {
        try {
            change.execute();
        } catch (RuleChangeException e) {
            return e.reason();
        } catch (Throwable t) {
            throw new AssertionError("expected a RuleChangeException", t);
        }
        throw new AssertionError("the change was accepted");
    }

    @Nested
    class Create {

        @Test
        void shouldStoreANewRuleAsVersionOneStampedWithTimeAndAuthor() {
            Rule rule = service.create(paymentSla(), "alice");

            assertThat(rule.id()).isEqualTo("payment-30m");
            assertThat(rule.version()).isEqualTo(1);
            assertThat(rule.updatedAt()).isEqualTo(BEGINNING);
            assertThat(rule.updatedBy()).isEqualTo("alice");
            assertThat(service.get("payment-30m")).contains(rule);
            assertThat(service.list()).containsExactly(rule);
            assertThat(service.history("payment-30m")).containsExactly(
                    new RuleVersion("payment-30m", 1, Change.CREATED, BEGINNING, "alice", rule));
        }

        @Test
        void shouldRefuseAnInvalidRuleNamingEveryFieldAndStoreNothing() {
            ObjectNode bad = paymentSla().put("to", "PLACED").put("maxDuration", "PT0S");

            assertThatThrownBy(() -> service.create(bad, "alice"))
                    .isInstanceOfSatisfying(RuleChangeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INVALID);
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("to", "maxDuration");
                    });
            assertThat(store.saves).isZero();
            assertThat(publisher.records).isEmpty();
        }

        @Test
        void shouldRefuseAnIdThatExists() {
            service.create(paymentSla(), "alice");

            assertThat(refusal(() -> service.create(paymentSla().put("name", "Other"), "bob")))
                    .isEqualTo(Reason.ALREADY_EXISTS);
            assertThat(service.get("payment-30m").orElseThrow().name()).isEqualTo("Payment within 30 min");
            assertThat(service.history("payment-30m")).hasSize(1);
        }

        @Test
        void shouldRefuseAnIdDerivedFromANameThatExists() {
            ObjectNode unnamed = paymentSla();
            unnamed.remove("id");
            service.create(unnamed, "alice");

            assertThat(service.get("payment-within-30-min")).isPresent();
            assertThat(refusal(() -> service.create(unnamed, "bob"))).isEqualTo(Reason.ALREADY_EXISTS);
        }
    }

    @Nested
    class Update {

        @Test
        void shouldNumberEveryChangePlusOneAndKeepEveryVersion() {
            service.create(paymentSla(), "alice");
            clock.set(minutes(5));
            service.update("payment-30m", paymentSla().put("maxDuration", "PT45M"), "bob");
            clock.set(minutes(9));
            Rule disabled = service.update("payment-30m", paymentSla().put("enabled", false), "carol");

            assertThat(disabled.version()).isEqualTo(3);
            assertThat(disabled.enabled()).isFalse();
            assertThat(disabled.updatedAt()).isEqualTo(minutes(9));
            assertThat(service.get("payment-30m")).contains(disabled);
            List<RuleVersion> history = service.history("payment-30m");
            assertThat(history).extracting(RuleVersion::version).containsExactly(3L, 2L, 1L);
            assertThat(history).extracting(RuleVersion::change)
                    .containsExactly(Change.UPDATED, Change.UPDATED, Change.CREATED);
            assertThat(history).extracting(RuleVersion::changedBy).containsExactly("carol", "bob", "alice");
            assertThat(history).extracting(RuleVersion::changedAt).containsExactly(minutes(9), minutes(5), BEGINNING);
            assertThat(history.get(1).rule().maxDuration()).isEqualTo(Duration.ofMinutes(45));
            assertThat(history.get(1).rule().version()).isEqualTo(2);
        }

        @Test
        void shouldKeepThePathIdWhenTheBodyHasNoneEvenIfTheNameChanged() {
            service.create(paymentSla(), "alice");
            ObjectNode renamed = paymentSla().put("name", "Payment within half an hour");
            renamed.remove("id");

            Rule rule = service.update("payment-30m", renamed, "bob");

            assertThat(rule.id()).isEqualTo("payment-30m");
            assertThat(rule.name()).isEqualTo("Payment within half an hour");
            assertThat(service.list()).hasSize(1);
        }

        @Test
        void shouldAcceptWhatWasReadIncludingReadOnlyFields() {
            service.create(paymentSla(), "alice");
            ObjectNode read = json(io.bpmon.core.json.Json.write(service.get("payment-30m")
                    .orElseThrow()));

            assertThat(service.update("payment-30m", read.put("maxDuration", "PT20M"), "bob").version()).isEqualTo(2);
        }

        @Test
        void shouldRefuseABodyNamingAnotherIdTogetherWithEveryOtherBadField() {
            service.create(paymentSla(), "alice");

            assertThatThrownBy(() -> service.update("payment-30m",
                    paymentSla().put("id", "payment-45m").put("severity", "LOUD"), "bob"))
                    .isInstanceOfSatisfying(RuleChangeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INVALID);
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("id", "severity");
                        assertThat(e.errors().get(0).message()).contains("'payment-30m'");
                    });
            assertThat(refusal(() -> service.update("payment-30m", paymentSla().put("id", 7), "bob")))
                    .isEqualTo(Reason.INVALID);
            assertThat(service.history("payment-30m")).hasSize(1);
        }

        @Test
        void shouldRefuseAnInvalidRule() {
            service.create(paymentSla(), "alice");

            assertThat(refusal(() -> service.update("payment-30m", paymentSla().put("kind", "SOMETIMES"), "bob")))
                    .isEqualTo(Reason.INVALID);
            assertThat(refusal(() -> service.update("payment-30m", json("{\"v\": []}").get("v").deepCopy(), "bob")))
                    .isEqualTo(Reason.INVALID);
        }

        @Test
        void shouldAnswerNotFoundForAnUnknownOrDeletedRule() {
            assertThat(refusal(() -> service.update("payment-30m", paymentSla(), "bob"))).isEqualTo(Reason.NOT_FOUND);
            service.create(paymentSla(), "alice");
            service.delete("payment-30m", "alice");

            assertThat(refusal(() -> service.update("payment-30m", paymentSla(), "bob"))).isEqualTo(Reason.NOT_FOUND);
            assertThat(refusal(() -> service.update("Not An Id", paymentSla(), "bob"))).isEqualTo(Reason.NOT_FOUND);
        }

        @Test
        void shouldNumberAfterTheHistoryWhenTheCurrentRuleLagsBehindIt() {
            Rule v1 = service.create(paymentSla(), "alice");
            // version 2 reached the history, but making it current failed (an outage between the two writes)
            store.putVersionOnly(RuleVersion.of(Change.UPDATED, v1.withVersion(2, minutes(1), "bob")));
            assertThat(service.get("payment-30m").orElseThrow().version()).isEqualTo(1);

            assertThat(service.update("payment-30m", paymentSla(), "carol").version()).isEqualTo(3);
        }
    }

    @Nested
    class Delete {

        @Test
        void shouldRemoveTheRuleButKeepItsHistory() {
            service.create(paymentSla(), "alice");
            clock.set(minutes(3));
            service.delete("payment-30m", "bob");

            assertThat(service.get("payment-30m")).isEmpty();
            assertThat(service.list()).isEmpty();
            RuleVersion deletion = service.history("payment-30m").get(0);
            assertThat(deletion.version()).isEqualTo(2);
            assertThat(deletion.change()).isEqualTo(Change.DELETED);
            assertThat(deletion.changedBy()).isEqualTo("bob");
            assertThat(deletion.changedAt()).isEqualTo(minutes(3));
            assertThat(deletion.rule().name()).isEqualTo("Payment within 30 min");
            assertThat(deletion.rule().version()).isEqualTo(2);
        }

        @Test
        void shouldAnswerNotFoundForAnUnknownOrAlreadyDeletedRule() {
            assertThat(refusal(() -> service.delete("payment-30m", "bob"))).isEqualTo(Reason.NOT_FOUND);
            service.create(paymentSla(), "alice");
            service.delete("payment-30m", "alice");

            assertThat(refusal(() -> service.delete("payment-30m", "bob"))).isEqualTo(Reason.NOT_FOUND);
            assertThat(service.history("payment-30m")).hasSize(2);
        }

        @Test
        void shouldContinueNumberingWhenADeletedIdIsCreatedAgain() {
            service.create(paymentSla(), "alice");
            service.update("payment-30m", paymentSla().put("maxDuration", "PT40M"), "alice");
            service.delete("payment-30m", "bob");

            Rule again = service.create(paymentSla().put("maxDuration", "PT50M"), "carol");

            assertThat(again.version()).isEqualTo(4);
            assertThat(service.history("payment-30m")).extracting(RuleVersion::change)
                    .containsExactly(Change.RESTORED, Change.DELETED, Change.UPDATED, Change.CREATED);
            assertThat(service.update("payment-30m", paymentSla(), "carol").version()).isEqualTo(5);
        }
    }

    @Nested
    class Concurrency {

        @Test
        void shouldAnswerChangedConcurrentlyWhenAnotherWriterStoredTheSameVersionFirst() {
            Rule v1 = service.create(paymentSla(), "alice");
            int published = publisher.records.size();
            store.raceNextSaveWith(RuleVersion.of(Change.UPDATED,
                    v1.withVersion(2, minutes(1), "bob").withEnabled(false)));

            assertThat(refusal(() -> service.update("payment-30m", paymentSla().put("maxDuration", "PT1H"), "carol")))
                    .isEqualTo(Reason.CHANGED_CONCURRENTLY);
            assertThat(service.get("payment-30m").orElseThrow().updatedBy()).isEqualTo("bob");
            assertThat(publisher.records).hasSize(published);
        }

        @Test
        void shouldAnswerChangedConcurrentlyWhenTwoCreateTheSameNewId() {
            Rule theirs = VALIDATOR.validate(paymentSla()).value().withVersion(1, BEGINNING, "bob");
            store.raceNextSaveWith(RuleVersion.of(Change.CREATED, theirs));

            assertThat(refusal(() -> service.create(paymentSla(), "alice"))).isEqualTo(Reason.CHANGED_CONCURRENTLY);
            assertThat(service.get("payment-30m")).contains(theirs);
        }
    }

    @Nested
    class Publishing {

        @Test
        void shouldPublishEachChangeAfterStoringIt() {
            service.create(paymentSla(), "alice");
            service.update("payment-30m", paymentSla().put("maxDuration", "PT45M"), "bob");
            service.delete("payment-30m", "carol");
            service.create(json(STALL), "alice");

            assertThat(publisher.storedBeforePublished).containsExactly(true, true, true, true);
            assertThat(publisher.records).extracting(r -> r.ruleId() + ":" + r.rule().map(Rule::version).orElse(-1L))
                    .containsExactly("payment-30m:1", "payment-30m:2", "payment-30m:-1", "stalled:1");
            assertThat(warnings).isEmpty();
        }

        @Test
        void shouldPublishTheRuleExactlyAsStored() {
            Rule rule = service.create(paymentSla(), "alice");

            assertThat(publisher.compacted()).containsEntry("payment-30m", Optional.of(rule));
        }

        @Test
        void shouldKeepAChangeWhosePublishFailedAndPublishEverythingOnceTheBrokerIsBack() {
            service.create(json(STALL), "alice");
            publisher.down = true;

            Rule rule = service.create(paymentSla(), "alice");
            service.delete("stalled", "bob");

            assertThat(service.get("payment-30m")).contains(rule);
            assertThat(warnings).hasSize(2).first().asString().contains("payment-30m").contains("broker unreachable");
            assertThat(service.republishNeeded()).isTrue();
            assertThatThrownBy(service::retryFailedPublishes).isInstanceOf(RulePublisher.PublishException.class);
            assertThat(service.republishNeeded()).isTrue();

            publisher.down = false;
            assertThat(service.retryFailedPublishes()).isTrue();

            assertThat(publisher.compacted()).containsEntry("payment-30m", Optional.of(rule))
                    .containsEntry("stalled", Optional.empty());
            assertThat(service.republishNeeded()).isFalse();
            int records = publisher.records.size();
            assertThat(service.retryFailedPublishes()).isFalse();
            assertThat(publisher.records).hasSize(records);
        }

        @Test
        void shouldRepublishEveryCurrentRuleAndATombstoneForEveryDeletedOne() {
            Rule payment = service.create(paymentSla(), "alice");
            service.create(json(STALL), "alice");
            service.delete("stalled", "alice");
            publisher.records.clear();

            assertThat(service.republishAll()).isEqualTo(1);

            assertThat(publisher.records).containsExactly(
                    new RecordingRulePublisher.Published("payment-30m", Optional.of(payment)),
                    new RecordingRulePublisher.Published("stalled", Optional.empty()));
        }

        @Test
        void shouldPublishEveryOtherRuleWhenTheBrokerRefusesOne() {
            service.create(json(STALL), "alice");
            Rule payment = service.create(paymentSla(), "alice");
            String first = service.list().get(0).id(); // refused first, so it would stop the pass
            Rule other = service.list().get(1);
            publisher.refused.add(first);
            publisher.records.clear();

            assertThatThrownBy(service::republishAll).isInstanceOf(RulePublisher.PublishException.class)
                    .hasMessageContaining("[" + first + "]");

            assertThat(publisher.compacted()).containsOnlyKeys(other.id()).containsEntry(other.id(),
                    Optional.of(other));
            assertThat(List.of(payment.id(), "stalled")).contains(first);
            assertThat(service.republishNeeded()).as("the refused one is tried again later").isTrue();
        }
    }

    @Nested
    class Defaults {

        private final RuleSet defaults = DefaultRules.STANDARD.ruleSet(VALIDATOR).orElseThrow();

        @Test
        void shouldInstallTheDefaultsIntoANewStoreAndPublishThem() {
            int installed = service.installDefaults(defaults);

            assertThat(installed).isEqualTo(defaults.rules().size());
            assertThat(service.list()).extracting(Rule::id)
                    .containsExactlyInAnyOrderElementsOf(defaults.rules().stream().map(Rule::id).toList());
            assertThat(service.list()).allSatisfy(r -> {
                assertThat(r.version()).isEqualTo(1);
                assertThat(r.updatedBy()).isEqualTo("default rules (standard)");
            });
            assertThat(publisher.compacted()).hasSize(installed);
            assertThat(store.defaultsMarker()).isEqualTo("standard@" + BEGINNING);
        }

        @Test
        void shouldInstallTheDefaultsOnlyOnceSoADeletedDefaultStaysDeleted() {
            service.installDefaults(defaults);
            service.delete("payment-within-30-min", "alice");
            service.update("stalled-48-h", json(STALL).put("id", "stalled-48-h").put("maxDuration", "PT72H"), "bob");

            assertThat(service.installDefaults(defaults)).isZero();
            assertThat(service.installDefaults(DefaultRules.DEMO.ruleSet(VALIDATOR).orElseThrow())).isZero();

            assertThat(service.get("payment-within-30-min")).isEmpty();
            assertThat(service.get("stalled-48-h").orElseThrow().maxDuration()).isEqualTo(Duration.ofHours(72));
            assertThat(service.list()).hasSize(defaults.rules().size() - 1);
        }

        @Test
        void shouldLeaveARuleAloneWhoseIdIsOrWasInUse() {
            service.create(paymentSla().put("id", "payment-within-30-min").put("maxDuration", "PT10M"), "alice");
            service.create(json(STALL).put("id", "stalled-48-h"), "alice");
            service.delete("stalled-48-h", "alice");

            assertThat(service.installDefaults(defaults)).isEqualTo(defaults.rules().size() - 2);

            assertThat(service.get("payment-within-30-min").orElseThrow().maxDuration())
                    .isEqualTo(Duration.ofMinutes(10));
            assertThat(service.get("stalled-48-h")).isEmpty();
        }

        @Test
        void shouldInstallTheRestWhenAnEarlierInstallStoppedHalfway() {
            Rule first = defaults.rules().get(0).withVersion(1, BEGINNING, "default rules (standard)");
            store.put(RuleVersion.of(Change.CREATED, first));

            assertThat(service.installDefaults(defaults)).isEqualTo(defaults.rules().size() - 1);
            assertThat(service.list()).hasSize(defaults.rules().size());
            assertThat(service.history(first.id())).hasSize(1);
        }
    }

    @Nested
    class Reading {

        @Test
        void shouldFindNothingForAnIdThatCannotExist() {
            assertThat(service.get("Payment 30m")).isEmpty();
            assertThat(service.get("")).isEmpty();
            assertThat(service.history("a".repeat(65))).isEmpty();
        }

        @Test
        void shouldListRulesById() {
            service.create(json(STALL), "alice");
            service.create(paymentSla(), "alice");

            assertThat(service.list()).extracting(Rule::id).containsExactly("payment-30m", "stalled");
        }
    }

    @Nested
    class VersionsAndRestore {

        @Test
        void shouldRestoreAnOldVersionAsANewVersionWithItsContent() {
            service.create(paymentSla(), "alice");
            clock.set(minutes(5));
            service.update("payment-30m", paymentSla().put("maxDuration", "PT45M").put("severity", "INFO"), "bob");
            clock.set(minutes(9));

            Rule restored = service.restore("payment-30m", 1, "carol");

            assertThat(restored.version()).isEqualTo(3);
            assertThat(restored.maxDuration()).isEqualTo(Duration.ofMinutes(30));
            assertThat(restored.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(restored.updatedBy()).isEqualTo("carol");
            assertThat(restored.updatedAt()).isEqualTo(minutes(9));
            assertThat(service.get("payment-30m")).contains(restored);
            assertThat(service.diff("payment-30m", 1, 3)).isEmpty();
            assertThat(service.diff("payment-30m", 2, 3)).extracting(RuleDiff.Change::text)
                    .containsExactly("maxDuration: 45m → 30m", "severity: INFO → CRITICAL");
            assertThat(publisher.records).last().isEqualTo(new RecordingRulePublisher.Published("payment-30m",
                    Optional.of(restored)));
        }

        @Test
        void shouldRecreateADeletedRuleFromItsHistory() {
            service.create(paymentSla(), "alice");
            service.delete("payment-30m", "bob");

            Rule restored = service.restore("payment-30m", 1, "carol");

            assertThat(restored.version()).isEqualTo(3);
            assertThat(service.history("payment-30m")).extracting(RuleVersion::change)
                    .containsExactly(Change.RESTORED, Change.DELETED, Change.CREATED);
            assertThat(service.get("payment-30m")).contains(restored);
        }

        @Test
        void shouldReadOneVersionAndRefuseUnknownOnes() {
            service.create(paymentSla(), "alice");
            service.update("payment-30m", paymentSla().put("maxDuration", "PT45M"), "bob");

            assertThat(service.version("payment-30m", 1)).get().extracting(v -> v.rule().maxDuration())
                    .isEqualTo(Duration.ofMinutes(30));
            assertThat(service.version("payment-30m", 9)).isEmpty();
            assertThat(refusal(() -> service.restore("payment-30m", 9, "x"))).isEqualTo(Reason.NOT_FOUND);
            assertThat(refusal(() -> service.diff("payment-30m", 1, 9))).isEqualTo(Reason.NOT_FOUND);
            assertThat(refusal(() -> service.restore("nothing", 1, "x"))).isEqualTo(Reason.NOT_FOUND);
        }
    }

    /** A clock a test sets; never the wall clock. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
