package io.bpmon.alerting.delivery;

import io.bpmon.alerting.grouping.Notification;

/** One channel: hands a message over and says how that went. Never throws for a failed delivery. */
public interface Notifier {

    DeliveryResult send(Notification notification);

    /** Where it sends, for the channels page, without secrets (no webhook path, no password). */
    String target();
}
