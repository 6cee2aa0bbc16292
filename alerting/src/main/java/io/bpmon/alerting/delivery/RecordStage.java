package io.bpmon.alerting.delivery;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import java.time.Clock;
import java.util.function.Function;

/**
 * record: writes how a delivery ended to the delivery log, the record people read ({@code /notifications}) and
 * the one {@link DedupStage} consults after a restart. Its id is the delivery's, so writing it twice leaves one.
 */
public final class RecordStage {

    private final DeliveryLog log;
    private final Function<Notification, String> title;
    private final Clock clock;

    /** @param title the message's title as the channels show it */
    public RecordStage(DeliveryLog log, Function<Notification, String> title, Clock clock) {
        this.log = log;
        this.title = title;
        this.clock = clock;
    }

    public DeliveryRecord record(PendingDelivery delivery, Ending ending) {
        Notification n = delivery.notification();
        DeliveryRecord record = new DeliveryRecord(delivery.id(), n.id(), n.groupId(), delivery.channel(), n.kind(),
                n.ruleId(), n.severity(), title.apply(n),
                n.kind() == Notification.Kind.RESOLVED ? n.resolved() : n.firing(), ending.outcome(),
                delivery.attempts(), ending.error(), ending.permanent(), n.at(), clock.instant(), n.incidentId());
        log.record(record);
        return record;
    }
}
