package io.bpmon.alerting.delivery;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.silences.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * silence: a message decided before a silence began (it waited in the outbox for a rate limit, or through an
 * outage) is not sent once the silence mutes its whole group.
 *
 * <p>Grouping already leaves silenced alerts out of what triggers a message; this stage only catches silences that
 * began in between. It judges by the group (rule and grouping values), which every alert of the group shares: a
 * silence on another attribute may mute only some of the alerts, so the message goes out, as it would have without
 * the wait. Resolved notices are never held back, as in grouping: a group silenced after its first message still
 * gets its end (docs/alerting.md, Noise).
 */
public final class SilenceStage {

    /** The silence that mutes the message's group at {@code now}, if any. */
    public Optional<Silence> mutedBy(Notification notification, List<Silence> active, Instant now) {
        if (notification.kind() == Notification.Kind.RESOLVED || notification.kind() == Notification.Kind.TEST) {
            return Optional.empty();
        }
        return active.stream().filter(s -> s.mutes(notification.ruleId(), notification.labels(), now)).findFirst();
    }
}
