package io.bpmon.alerting.delivery;

import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery log as a map by delivery id (a second record with the same id replaces the first, as in the
 * notifications index). Can be told to let the process "die" around the next write.
 */
final class InMemoryDeliveryLog implements DeliveryLog {

    /** The process dying: an Error, so that nothing on the way catches it. */
    static final class Crash extends Error {}

    private final Map<String, DeliveryRecord> records = new LinkedHashMap<>();
    private Boolean crashAfterWriting;

    /** The next {@link #record} throws {@link Crash} before writing anything. */
    void crashBeforeNextWrite() {
        crashAfterWriting = false;
    }

    /** The next {@link #record} writes, then throws {@link Crash}. */
    void crashAfterNextWrite() {
        crashAfterWriting = true;
    }

    List<DeliveryRecord> all() {
        return List.copyOf(records.values());
    }

    @Override
    public void record(DeliveryRecord record) {
        Boolean crash = crashAfterWriting;
        crashAfterWriting = null;
        if (Boolean.FALSE.equals(crash)) {
            throw new Crash();
        }
        records.put(record.id(), record);
        if (Boolean.TRUE.equals(crash)) {
            throw new Crash();
        }
    }

    @Override
    public boolean wasDelivered(String deliveryId) {
        DeliveryRecord r = records.get(deliveryId);
        return r != null && r.outcome() == DeliveryRecord.Outcome.DELIVERED;
    }

    @Override
    public List<DeliveryRecord> forIncident(String incidentId, int limit) {
        return recent(Integer.MAX_VALUE).stream().filter(r -> incidentId.equals(r.incidentId())).limit(limit)
                .toList();
    }

    @Override
    public List<DeliveryRecord> recent(int limit) {
        return records.values().stream().sorted(Comparator.comparing(DeliveryRecord::finishedAt).reversed())
                .limit(limit).toList();
    }

    @Override
    public Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome) {
        return recent(Integer.MAX_VALUE).stream().filter(r -> r.channel().equals(channel) && r.outcome() == outcome)
                .findFirst();
    }
}
