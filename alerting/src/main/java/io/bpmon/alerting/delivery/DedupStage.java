package io.bpmon.alerting.delivery;

import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryLog;

/**
 * dedup: a message the delivery log shows as delivered is not sent again. That happens after a crash between
 * writing the log record and saving the outbox without the message: the saved outbox still has it, the log knows
 * better (docs/alerting.md, Ids).
 */
public final class DedupStage {

    private final DeliveryLog log;

    public DedupStage(DeliveryLog log) {
        this.log = log;
    }

    public boolean alreadyDelivered(PendingDelivery delivery) {
        return log.wasDelivered(delivery.id());
    }
}
