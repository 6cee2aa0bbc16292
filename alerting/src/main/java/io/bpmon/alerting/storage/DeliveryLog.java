package io.bpmon.alerting.storage;

import java.util.List;
import java.util.Optional;

/** Every notification and its outcome, kept for people (the delivery log page) and for restarts. */
public interface DeliveryLog {

    void record(DeliveryRecord record);

    /** Whether the delivery with this id was already made (e.g. just before a crash). */
    boolean wasDelivered(String deliveryId);

    /** Newest first. */
    List<DeliveryRecord> recent(int limit);

    /** The messages about one incident, newest first. */
    List<DeliveryRecord> forIncident(String incidentId, int limit);

    /** The newest record of a channel with this outcome. */
    Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome);
}
