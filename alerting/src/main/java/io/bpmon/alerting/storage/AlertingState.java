package io.bpmon.alerting.storage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.bpmon.alerting.grouping.GroupingState;
import io.bpmon.alerting.grouping.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the alerting service must not forget across a restart, stored as one document: the open groups, the
 * messages decided but not yet delivered (the outbox), and how far in {@code bpmon.alerts} the groups reach
 * (next offset per partition). Storing the three together is what makes a restart lose and repeat nothing: the
 * groups and the outbox are exactly the effect of the records before those offsets (docs/alerting.md).
 */
public final class AlertingState {

    /** stored as the document's top-level {@code groups} and {@code lateSkipped}, as before it had a class */
    @JsonUnwrapped
    public GroupingState grouping = new GroupingState();
    public List<PendingDelivery> outbox = new ArrayList<>();
    public Map<Integer, Long> offsets = new TreeMap<>();
    public Instant savedAt;

    /** A message for one channel, decided and not yet delivered or given up. */
    public static final class PendingDelivery {
        /** {@code <notification id>:<channel>}: also the delivery log's document id */
        public String id;
        public String channel;
        public Notification notification;
        public int attempts;
        public Instant firstAttemptAt;
        public Instant nextAttemptAt;
        public String lastError;

        public PendingDelivery() {}

        public PendingDelivery(Notification notification, String channel, Instant now) {
            this.id = notification.id() + ":" + channel;
            this.channel = channel;
            this.notification = notification;
            this.nextAttemptAt = now;
        }
    }
}
