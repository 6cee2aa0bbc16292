package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.FakeNotifier.rateLimited;
import static io.bpmon.alerting.delivery.FakeNotifier.retry;
import static io.bpmon.alerting.delivery.TestDeliveries.message;
import static io.bpmon.alerting.delivery.TestDeliveries.silence;
import static io.bpmon.alerting.fixtures.TestAlerts.RULE;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.min;
import static io.bpmon.alerting.fixtures.TestAlerts.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.fixtures.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stages chained, with a fake channel, an in-memory delivery log and a clock the test moves. A restart is a new
 * pipeline on the state as last saved: the service saves after each round, so what a crash interrupts is lost.
 */
class DeliveryPipelineTest {

    /** backoff 2 s doubling, capped at 1 min, at the low end of the jitter (half); 5 attempts or 1 h */
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), 5,
            Duration.ofHours(1), () -> 0.0);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeNotifier slack = new FakeNotifier();
    private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    private final InMemorySilenceStore silences = new InMemorySilenceStore();
    private final AlertingState state = new AlertingState();
    private final Notification firing = message(Notification.Kind.FIRING, 1, T0);
    private DeliveryPipeline pipeline = pipeline();

    private DeliveryPipeline pipeline() {
        return new DeliveryPipeline(Map.of("slack", slack), log, silences, POLICY, Notification::id, clock);
    }

    @Test
    void shouldWaitTheRetryAfterOfA429AndThenDeliverOnce() {
        slack.answering(rateLimited(sec(7)));
        state.enqueue(PendingDelivery.of(firing, "slack", T0));
        Notification other = message(Notification.Kind.UPDATE, 2, T0);

        pipeline.deliverDue(state);
        state.enqueue(PendingDelivery.of(other, "slack", T0)); // decided meanwhile, for the same channel
        clock.advance(sec(6));
        pipeline.deliverDue(state);
        assertThat(slack.sent()).as("nothing to the channel before Retry-After").hasSize(1);
        clock.advance(sec(1));
        pipeline.deliverDue(state);
        clock.advance(Duration.ofMinutes(10));
        pipeline.deliverDue(state);

        assertThat(slack.sent()).containsExactly(firing.id(), firing.id(), other.id());
        assertThat(log.all()).filteredOn(r -> r.notificationId().equals(firing.id())).singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
                    assertThat(r.attempts()).isEqualTo(2);
                });
        assertThat(state.outbox()).isEmpty();
    }

    @Test
    void shouldRetryA500WithBackoffAndDeliverOnce() {
        slack.answering(retry("Slack answered 500: oops"), retry("Slack answered 500: oops"));
        state.enqueue(PendingDelivery.of(firing, "slack", T0));

        pipeline.deliverDue(state); // 500; again in 1 s
        assertThat(state.outbox()).singleElement().satisfies(p -> {
            assertThat(p.lastError()).contains("500");
            assertThat(p.nextAttemptAt()).isEqualTo(T0.plus(sec(1)));
        });
        clock.advance(sec(1));
        pipeline.deliverDue(state); // 500; again in 2 s
        clock.advance(sec(1));
        pipeline.deliverDue(state);
        assertThat(slack.sent()).as("backing off").hasSize(2);
        clock.advance(sec(1));
        pipeline.deliverDue(state);
        clock.advance(Duration.ofMinutes(10));
        pipeline.deliverDue(state);

        assertThat(slack.sent()).hasSize(3);
        assertThat(log.all()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
            assertThat(r.attempts()).isEqualTo(3);
        });
        assertThat(state.outbox()).isEmpty();
    }

    @Test
    void shouldLogAFailureOnceTheRetriesAreSpent() {
        slack.answering(retry("500"), retry("500"), retry("500"), retry("500"), retry("500"));
        state.enqueue(PendingDelivery.of(firing, "slack", T0));

        for (int i = 0; i < 20; i++) {
            pipeline.deliverDue(state);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(slack.sent()).hasSize(5);
        assertThat(log.all()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.FAILED);
            assertThat(r.permanent()).isFalse();
            assertThat(r.attempts()).isEqualTo(5);
        });
        assertThat(state.outbox()).isEmpty();
    }

    /**
     * The documented window of at-least-once: the channel took the message, the process died before the log record.
     * The saved outbox still has the message and the log does not, so it goes out once more — and only once.
     */
    @Test
    void shouldSendOnceMoreAfterACrashBetweenSendAndRecord() {
        state.enqueue(PendingDelivery.of(firing, "slack", T0));
        AlertingState saved = state.copy();
        log.crashBeforeNextWrite();

        assertThatThrownBy(() -> pipeline.deliverDue(state)).isInstanceOf(InMemoryDeliveryLog.Crash.class);
        assertThat(slack.sent()).hasSize(1);

        pipeline = pipeline(); // the restart: a new process on the saved state
        for (int i = 0; i < 3; i++) {
            pipeline.deliverDue(saved);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(slack.sent()).containsExactly(firing.id(), firing.id());
        assertThat(log.all()).singleElement().satisfies(r -> assertThat(r.outcome())
                .isEqualTo(DeliveryRecord.Outcome.DELIVERED));
        assertThat(saved.outbox()).isEmpty();
    }

    @Test
    void shouldNotSendAgainAfterACrashBetweenRecordAndSavingTheOutbox() {
        state.enqueue(PendingDelivery.of(firing, "slack", T0));
        AlertingState saved = state.copy();
        log.crashAfterNextWrite();

        assertThatThrownBy(() -> pipeline.deliverDue(state)).isInstanceOf(InMemoryDeliveryLog.Crash.class);
        pipeline = pipeline();
        assertThat(saved.outbox()).as("the saved outbox still has it").hasSize(1);
        pipeline.deliverDue(saved);

        assertThat(slack.sent()).containsExactly(firing.id());
        assertThat(saved.outbox()).isEmpty();
    }

    @Test
    void shouldRecordAGroupSilencedSinceTheMessageWasDecidedAsSilencedWithoutSendingIt() {
        slack.answering(rateLimited(Duration.ofMinutes(2)));
        state.enqueue(PendingDelivery.of(firing, "slack", T0));
        pipeline.deliverDue(state); // rate limited: waits
        silences.save(silence(RULE, Map.of("country", "DE"), T0.plus(min(1)), Duration.ofHours(2)));

        clock.advance(min(2));
        pipeline.deliverDue(state);

        assertThat(slack.sent()).as("only the rate-limited attempt").hasSize(1);
        assertThat(log.all()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.SILENCED);
            assertThat(r.error()).isEqualTo("muted by silence s-1");
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(state.outbox()).isEmpty();
    }

    @Test
    void shouldStillSendTheResolvedNoticeOfASilencedGroup() {
        silences.save(silence(RULE, Map.of("country", "DE"), T0, Duration.ofHours(2)));
        Notification resolved = message(Notification.Kind.RESOLVED, 2, T0);
        state.enqueue(PendingDelivery.of(resolved, "slack", T0));

        pipeline.deliverDue(state);

        assertThat(slack.sent()).containsExactly(resolved.id());
        assertThat(log.all()).extracting(DeliveryRecord::outcome).containsExactly(DeliveryRecord.Outcome.DELIVERED);
    }

    @Test
    void shouldAskForSilencesOnlyWhenSomethingIsToBeSentAndThenOncePerRound() {
        assertThat(pipeline.deliverDue(state)).as("nothing changed").isFalse();
        state.enqueue(PendingDelivery.of(firing, "slack", T0.plus(sec(5))));
        assertThat(pipeline.deliverDue(state)).as("nothing due").isFalse();
        assertThat(silences.activeQueries()).isZero();

        state.enqueue(PendingDelivery.of(message(Notification.Kind.UPDATE, 2, T0), "slack", T0));
        clock.advance(sec(5));
        assertThat(pipeline.deliverDue(state)).isTrue();

        assertThat(slack.sent()).hasSize(2);
        assertThat(silences.activeQueries()).isEqualTo(1);
    }
}
