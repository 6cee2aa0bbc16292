package io.bpmon.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the driver sent, independent of the monitor's own counters: per distinct event its bytes, the phase of
 * the run it was generated in, how many of its copies were accepted (202) and how many attempts were ambiguous;
 * and the invalid records the broker acknowledged. Thread-safe (the sender, the probes and the invalid producer
 * write; the checker reads at the end).
 */
final class SentLog {

    private static final class Entry {
        final Traffic.Outgoing first;
        final String phase;
        int accepted;
        int ambiguous;
        Instant firstAccepted;

        Entry(Traffic.Outgoing first, String phase) {
            this.first = first;
            this.phase = phase;
        }
    }

    private final Map<String, Entry> events = new LinkedHashMap<>();
    private final List<Reconciler.InvalidSend> invalid = new ArrayList<>();
    private long maxDelayMillis;
    private String maxDelayEvent = "";

    /** A send is about to be queued (the first copy of an event fixes its phase). */
    synchronized void planned(Traffic.Outgoing o, String phase) {
        events.putIfAbsent(o.event().eventId(), new Entry(o, phase));
    }

    /** One attempt to post these sends ended so. */
    synchronized void attempted(List<Traffic.Outgoing> sends, MonitorApi.Outcome outcome, Instant now) {
        for (Traffic.Outgoing o : sends) {
            Entry e = events.get(o.event().eventId());
            switch (outcome) {
                case ACCEPTED -> {
                    e.accepted++;
                    if (e.firstAccepted == null) {
                        e.firstAccepted = now;
                    }
                    long delay = Duration.between(o.event().occurredAt(), now).toMillis();
                    if (!o.copy() && delay > maxDelayMillis) {
                        maxDelayMillis = delay;
                        maxDelayEvent = o.event().eventId();
                    }
                }
                case AMBIGUOUS -> e.ambiguous++;
                case REFUSED -> { }
            }
        }
    }

    synchronized void invalidAcknowledged(byte[] value, String phase) {
        invalid.add(new Reconciler.InvalidSend(value, phase));
    }

    synchronized List<Reconciler.EventSends> sends() {
        List<Reconciler.EventSends> out = new ArrayList<>(events.size());
        events.values().forEach(e -> out.add(new Reconciler.EventSends(e.first.event(), e.phase, e.accepted,
                e.ambiguous)));
        return out;
    }

    /** The orders as the rule model sees them: the events that reached the monitor, by order. */
    synchronized Map<String, RuleModel.Order> orders(java.util.function.Predicate<String> reached) {
        Map<String, RuleModel.Order> out = new LinkedHashMap<>();
        for (Entry e : events.values()) {
            if (!reached.test(e.first.event().eventId())) {
                continue;
            }
            Traffic.Outgoing o = e.first;
            out.computeIfAbsent(o.event().orderId(), id -> new RuleModel.Order(id, o.channel(), o.country(),
                    new ArrayList<>())).events().add(o.event());
        }
        return out;
    }

    /** When each event was first accepted (202), by eventId. */
    synchronized Map<String, Instant> firstAccepted() {
        Map<String, Instant> out = new java.util.HashMap<>();
        events.forEach((id, e) -> {
            if (e.firstAccepted != null) {
                out.put(id, e.firstAccepted);
            }
        });
        return out;
    }

    synchronized List<Reconciler.InvalidSend> invalid() {
        return List.copyOf(invalid);
    }

    /** The longest time from an event's occurredAt to its acceptance, and which event. */
    synchronized String maxDelay() {
        return String.format("%.1f s (%s)", maxDelayMillis / 1000.0, maxDelayEvent);
    }

    synchronized long maxDelayMillis() {
        return maxDelayMillis;
    }
}
