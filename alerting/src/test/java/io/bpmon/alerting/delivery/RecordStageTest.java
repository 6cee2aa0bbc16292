package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.TestDeliveries.pending;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.rules.Severity;
import org.junit.jupiter.api.Test;

class RecordStageTest {

    private final MutableClock clock = new MutableClock(at(sec(9)));
    private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    private final RecordStage record = new RecordStage(log, n -> "title of " + n.id(), clock);

    @Test
    void shouldLogHowTheDeliveryEndedUnderItsId() {
        PendingDelivery firing = pending(Notification.Kind.FIRING, T0).attempted(T0).attempted(at(sec(2)));

        record.record(firing, Ending.failed("Slack answered 404: no_service", true));

        assertThat(log.all()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(firing.id()).endsWith("#1:slack");
            assertThat(r.notificationId()).isEqualTo(firing.notification().id());
            assertThat(r.channel()).isEqualTo("slack");
            assertThat(r.kind()).isEqualTo(Notification.Kind.FIRING);
            assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(r.title()).isEqualTo("title of " + firing.notification().id());
            assertThat(r.alertCount()).as("the firing alerts").isEqualTo(3);
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.FAILED);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.error()).contains("404");
            assertThat(r.permanent()).isTrue();
            assertThat(r.createdAt()).isEqualTo(T0);
            assertThat(r.finishedAt()).isEqualTo(at(sec(9)));
        });
    }

    @Test
    void shouldCountTheResolvedAlertsOfAResolvedNoticeAndKeepOneRecordPerDelivery() {
        PendingDelivery resolved = pending(Notification.Kind.RESOLVED, T0).attempted(T0);

        record.record(resolved, Ending.delivered());
        record.record(resolved, Ending.delivered());

        assertThat(log.all()).singleElement().satisfies(r -> {
            assertThat(r.alertCount()).isEqualTo(3);
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
            assertThat(r.error()).isNull();
        });
    }
}
