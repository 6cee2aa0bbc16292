package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.TestDeliveries.message;
import static io.bpmon.alerting.delivery.TestDeliveries.pending;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import org.junit.jupiter.api.Test;

class WaitStageTest {

    private final WaitStage wait = new WaitStage();

    @Test
    void shouldHoldAMessageUntilItsNextAttempt() {
        PendingDelivery retried = pending(Notification.Kind.FIRING, T0).attempted(T0).retryAt(at(sec(4)), "500");

        assertThat(wait.due(retried, at(sec(3)))).isFalse();
        assertThat(wait.due(retried, at(sec(4)))).isTrue();
    }

    @Test
    void shouldHoldEveryMessageOfARateLimitedChannelButNoOtherChannel() {
        PendingDelivery slack = pending(Notification.Kind.FIRING, T0);
        PendingDelivery email = PendingDelivery.of(message(Notification.Kind.FIRING, 1, T0), "email", T0);

        wait.holdChannel("slack", at(sec(7)));
        wait.holdChannel("slack", at(sec(2))); // a shorter hold does not shorten the longer one

        assertThat(wait.due(slack, at(sec(6)))).isFalse();
        assertThat(wait.due(email, at(sec(6)))).isTrue();
        assertThat(wait.due(slack, at(sec(7)))).isTrue();
    }
}
