package io.bpmon.alerting.delivery;

import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.DeliveryRecord;

/**
 * How a message's delivery to one channel ended, for the delivery log.
 *
 * @param error     why it was not delivered; null when delivered
 * @param permanent the channel refused it for good
 */
public record Ending(DeliveryRecord.Outcome outcome, String error, boolean permanent) {

    static Ending delivered() {
        return new Ending(DeliveryRecord.Outcome.DELIVERED, null, false);
    }

    static Ending failed(String error, boolean permanent) {
        return new Ending(DeliveryRecord.Outcome.FAILED, error, permanent);
    }

    static Ending silenced(Silence silence) {
        return new Ending(DeliveryRecord.Outcome.SILENCED, "muted by silence " + silence.id(), false);
    }
}
