package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.FakeNotifier.rateLimited;
import static io.bpmon.alerting.delivery.FakeNotifier.retry;
import static io.bpmon.alerting.delivery.TestDeliveries.pending;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.fixtures.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryStageTest {

    /** backoff 2 s doubling, capped at 8 s, at the low end of the jitter (half); 5 attempts or 1 h */
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(8), 5,
            Duration.ofHours(1), () -> 0.0);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeNotifier slack = new FakeNotifier();
    private final RetryStage stage = new RetryStage(Map.of("slack", slack), POLICY, clock);
    private final PendingDelivery firing = pending(Notification.Kind.FIRING, T0);

    @Test
    void shouldFinishAsDeliveredAfterOneAttempt() {
        RetryStage.Attempt attempt = stage.attempt(firing);

        assertThat(attempt).isInstanceOfSatisfying(RetryStage.Finished.class, f -> {
            assertThat(f.ending().outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
            assertThat(f.delivery().attempts()).isEqualTo(1);
            assertThat(f.delivery().firstAttemptAt()).isEqualTo(T0);
        });
        assertThat(slack.sent()).containsExactly(firing.notification().id());
    }

    @Test
    void shouldFinishAsRefusedForGoodWithoutRetrying() {
        slack.answering(new DeliveryResult.Permanent("Slack answered 404: no_service"));

        assertThat(stage.attempt(firing)).isInstanceOfSatisfying(RetryStage.Finished.class, f -> {
            assertThat(f.ending().outcome()).isEqualTo(DeliveryRecord.Outcome.FAILED);
            assertThat(f.ending().permanent()).isTrue();
            assertThat(f.ending().error()).contains("404");
        });
    }

    @Test
    void shouldScheduleTheNextAttemptWithDoublingBackoffUpToTheCap() {
        slack.answering(retry("500"), retry("500"), retry("500"), retry("500"));
        List<Duration> waits = new ArrayList<>();
        PendingDelivery p = firing;
        for (int i = 0; i < 4; i++) {
            RetryStage.Rescheduled r = (RetryStage.Rescheduled) stage.attempt(p);
            p = r.delivery();
            assertThat(r.channelHeldUntil()).as("a 500 holds only the message").isNull();
            waits.add(Duration.between(clock.instant(), p.nextAttemptAt()));
            clock.advance(waits.get(i));
        }

        assertThat(waits).containsExactly(sec(1), sec(2), sec(4), sec(4));
        assertThat(p.attempts()).isEqualTo(4);
        assertThat(p.lastError()).isEqualTo("500");
        assertThat(p.firstAttemptAt()).isEqualTo(T0);
    }

    @Test
    void shouldWaitAtLeastTheRetryAfterOfA429AndHoldTheWholeChannelForIt() {
        slack.answering(rateLimited(sec(7)));

        RetryStage.Rescheduled r = (RetryStage.Rescheduled) stage.attempt(firing);

        assertThat(r.delivery().nextAttemptAt()).isEqualTo(T0.plus(sec(7)));
        assertThat(r.channelHeldUntil()).isEqualTo(T0.plus(sec(7)));
    }

    @Test
    void shouldKeepTheLongerBackoffWhenRetryAfterIsShorter() {
        PendingDelivery thrice = firing.attempted(T0).attempted(T0).attempted(T0);
        slack.answering(rateLimited(sec(1)));

        RetryStage.Rescheduled r = (RetryStage.Rescheduled) stage.attempt(thrice);

        assertThat(r.delivery().nextAttemptAt()).isEqualTo(T0.plus(sec(4)));
        assertThat(r.channelHeldUntil()).isEqualTo(T0.plus(sec(1)));
    }

    @Test
    void shouldGiveUpOnceTheAttemptsOrTheTimeAreSpent() {
        slack.answering(retry("500"), retry("500"));
        PendingDelivery fourTimes = firing.attempted(T0).attempted(T0).attempted(T0).attempted(T0);
        assertThat(stage.attempt(fourTimes)).as("fifth of 5").isInstanceOfSatisfying(RetryStage.Finished.class, f -> {
            assertThat(f.ending().outcome()).isEqualTo(DeliveryRecord.Outcome.FAILED);
            assertThat(f.ending().permanent()).isFalse();
            assertThat(f.delivery().attempts()).isEqualTo(5);
        });

        clock.advance(Duration.ofHours(1));
        assertThat(stage.attempt(firing.attempted(T0))).as("an hour after the first")
                .isInstanceOf(RetryStage.Finished.class);
    }

    @Test
    void shouldFailAMessageForAChannelNoLongerConfiguredWithoutSendingIt() {
        PendingDelivery email = PendingDelivery.of(firing.notification(), "email", T0);

        assertThat(stage.attempt(email)).isInstanceOfSatisfying(RetryStage.Finished.class, f -> {
            assertThat(f.ending().error()).isEqualTo("channel email is no longer configured");
            assertThat(f.ending().permanent()).isTrue();
            assertThat(f.delivery().attempts()).isZero();
        });
        assertThat(slack.sent()).isEmpty();
    }
}
