package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.TestDeliveries.message;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.fixtures.MutableClock;
import org.junit.jupiter.api.Test;

class DedupStageTest {

    private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    private final RecordStage record = new RecordStage(log, Notification::id, new MutableClock(T0));
    private final DedupStage dedup = new DedupStage(log);

    @Test
    void shouldKnowOnlyMessagesTheLogShowsAsDelivered() {
        PendingDelivery delivered = PendingDelivery.of(message(Notification.Kind.FIRING, 1, T0), "slack", T0);
        PendingDelivery failed = PendingDelivery.of(message(Notification.Kind.UPDATE, 2, T0), "slack", T0);
        PendingDelivery unknown = PendingDelivery.of(message(Notification.Kind.REPEAT, 3, T0), "slack", T0);
        record.record(delivered.attempted(T0), Ending.delivered());
        record.record(failed.attempted(T0), Ending.failed("404", true));

        assertThat(dedup.alreadyDelivered(delivered)).isTrue();
        assertThat(dedup.alreadyDelivered(failed)).isFalse();
        assertThat(dedup.alreadyDelivered(unknown)).isFalse();
        assertThat(log.all()).extracting(DeliveryRecord::outcome).hasSize(2);
    }
}
