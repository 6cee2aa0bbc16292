package io.bpmon.alerting.storage;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.core.rules.Severity;
import java.time.Instant;

/**
 * One line of the delivery log: a notification handed to one channel, and how that ended.
 *
 * @param id        {@code <notification id>:<channel>}, so that a second attempt after a crash finds the first
 * @param outcome   {@code DELIVERED}, {@code FAILED} or {@code SILENCED}
 * @param permanent the channel refused it for good (e.g. a revoked webhook); not retried
 * @param incidentId the incident the message was about (docs/incidents.md); null for tests and older messages
 */
public record DeliveryRecord(
        String id,
        String notificationId,
        String groupKey,
        String channel,
        Notification.Kind kind,
        String ruleId,
        Severity severity,
        String title,
        int alertCount,
        Outcome outcome,
        int attempts,
        String error,
        boolean permanent,
        Instant createdAt,
        Instant finishedAt,
        String incidentId) {

    /** How a delivery ended. */
    public enum Outcome {
        /** The channel took the message. */
        DELIVERED,
        /** Given up: refused for good, or still failing after every retry. */
        FAILED,
        /** Not sent: a silence that began after the message was decided mutes its group. */
        SILENCED
    }
}
