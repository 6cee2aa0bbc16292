package io.bpmon.core.simulation;

import java.util.EnumMap;
import java.util.Map;

/**
 * Running totals of one simulator run. Written only by the thread that drives the {@link TrafficModel}; a
 * {@link Snapshot} is what leaves that thread.
 */
public final class SimulatorStats {

    private long ordersStarted;
    private long ordersSkipped;
    private long eventsSent;
    private final Map<Trouble, Long> sentByTrouble = new EnumMap<>(Trouble.class);
    private long cancelled;
    private long stuck;
    private long returned;
    private long incidentHeld;
    private long incidentCancelled;

    /** Totals at one moment. {@code sentByTrouble} has an entry for every {@link Trouble}. */
    public record Snapshot(
            long ordersStarted,
            long ordersSkipped,
            long eventsSent,
            Map<Trouble, Long> sentByTrouble,
            long cancelled,
            long stuck,
            long returned,
            long incidentHeld,
            long incidentCancelled) {

        public long sent(Trouble kind) {
            return sentByTrouble.getOrDefault(kind, 0L);
        }
    }

    void orderStarted() {
        ordersStarted++;
    }

    void orderSkipped() {
        ordersSkipped++;
    }

    void sent(Trouble kind) {
        eventsSent++;
        sentByTrouble.merge(kind, 1L, Long::sum);
    }

    void cancelled() {
        cancelled++;
    }

    void stuck() {
        stuck++;
    }

    void returned() {
        returned++;
    }

    void incidentHeld() {
        incidentHeld++;
    }

    void incidentCancelled() {
        incidentCancelled++;
    }

    public Snapshot snapshot() {
        Map<Trouble, Long> byTrouble = new EnumMap<>(Trouble.class);
        for (Trouble t : Trouble.values()) {
            byTrouble.put(t, sentByTrouble.getOrDefault(t, 0L));
        }
        return new Snapshot(ordersStarted, ordersSkipped, eventsSent, Map.copyOf(byTrouble), cancelled, stuck,
                returned, incidentHeld, incidentCancelled);
    }
}
