package io.bpmon.alerting.storage;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.bpmon.alerting.grouping.GroupingState;
import io.bpmon.alerting.grouping.Notification;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the alerting service must not forget across a restart, stored as one document: the open groups, the
 * messages decided but not yet delivered (the outbox), and how far in {@code bpmon.alerts} the groups reach
 * (next offset per partition). Storing the three together is what makes a restart lose and repeat nothing: the
 * groups and the outbox are exactly the effect of the records before those offsets (docs/alerting.md).
 *
 * <p>Owned by one thread, the service's; others get a {@link #copy}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class AlertingState {

    /** stored as the document's top-level {@code groups} and {@code lateSkipped}, as before it had a class */
    @JsonUnwrapped
    private GroupingState grouping = new GroupingState();
    private List<PendingDelivery> outbox = new ArrayList<>();
    private Map<Integer, Long> offsets = new TreeMap<>();
    private Instant savedAt;

    /** The groups, for the grouper to work on. */
    public GroupingState grouping() {
        return grouping;
    }

    /** The undelivered messages, oldest first; a snapshot. */
    public List<PendingDelivery> outbox() {
        return List.copyOf(outbox);
    }

    public void enqueue(PendingDelivery delivery) {
        outbox.add(delivery);
    }

    /** Replaces the outbox entry with the same id (after an attempt). */
    public void update(PendingDelivery delivery) {
        outbox.replaceAll(p -> p.id().equals(delivery.id()) ? delivery : p);
    }

    /** Takes a delivery out of the outbox: done, given up, or found delivered already. */
    public void remove(String deliveryId) {
        outbox.removeIf(p -> p.id().equals(deliveryId));
    }

    /** The next offset to read per partition of {@code bpmon.alerts}; read-only. */
    public Map<Integer, Long> offsets() {
        return Collections.unmodifiableMap(offsets);
    }

    /**
     * Notes that the groups now reflect partition {@code partition} up to (not including) {@code nextOffset}.
     *
     * @return whether that changed the state
     */
    public boolean reached(int partition, long nextOffset) {
        Long before = offsets.put(partition, nextOffset);
        return before == null || before != nextOffset;
    }

    public Instant savedAt() {
        return savedAt;
    }

    public void savedAt(Instant at) {
        savedAt = at;
    }

    /** A deep copy, for readers on other threads (tests, status). */
    public AlertingState copy() {
        try {
            return Json.mapper().readValue(Json.writeBytes(this), AlertingState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A message for one channel, decided and not yet delivered or given up. Immutable: an attempt makes a new one,
     * which {@link #update} puts in place.
     *
     * @param id             {@code <notification id>:<channel>}: also the delivery log's document id
     * @param attempts       attempts made so far
     * @param firstAttemptAt when the first attempt was made, null before it
     * @param nextAttemptAt  not to be tried before this
     * @param lastError      why the last attempt failed, null if none did
     */
    public record PendingDelivery(String id, String channel, Notification notification, int attempts,
            Instant firstAttemptAt, Instant nextAttemptAt, String lastError) {

        /** A message for one of its channels, due at once. */
        public static PendingDelivery of(Notification notification, String channel, Instant now) {
            return new PendingDelivery(notification.id() + ":" + channel, channel, notification, 0, null, now, null);
        }

        /** After one more attempt, made at {@code at}. */
        public PendingDelivery attempted(Instant at) {
            return new PendingDelivery(id, channel, notification, attempts + 1,
                    firstAttemptAt == null ? at : firstAttemptAt, nextAttemptAt, lastError);
        }

        /** To be tried again at {@code at}, after {@code error}. */
        public PendingDelivery retryAt(Instant at, String error) {
            return new PendingDelivery(id, channel, notification, attempts, firstAttemptAt, at, error);
        }
    }
}
