package io.bpmon.core.order;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What bpmon knows about one order: its distinct events and everything derived from them (docs/contract.md).
 *
 * <p>The timeline is the only real state; status, step times, attributes and conformance notes are derived by
 * replaying it in {@code occurredAt} order after every change. Replaying (instead of updating incrementally) is
 * what makes arrival order irrelevant: a payment that arrives before its placement ends up exactly where it
 * would have been had both arrived in order. Orders have a handful of events, so the replay is cheap.
 */
public final class OrderState {

    /** Prefix of a conformance note for an event the lifecycle does not allow; it did not change the status. */
    public static final String VIOLATION = "violation";
    /** Prefix of a conformance note for a step reached without its predecessor; the step still counts. */
    public static final String GAP = "gap";
    /**
     * Upper bound of distinct events kept per order, so a misbehaving producer cannot grow one key's state
     * without bound; events beyond it are counted in {@link #overflowEvents()}.
     */
    public static final int MAX_TIMELINE = 500;

    /** Deterministic order of the timeline: by event time, then lifecycle step, then eventId. */
    static Comparator<TimelineEntry> timelineOrder(Lifecycle lifecycle) {
        return Comparator.comparing(TimelineEntry::occurredAt)
                .thenComparingInt(e -> lifecycle.rank(lifecycle.stepForEventType(e.type()).orElseThrow().name()))
                .thenComparing(TimelineEntry::eventId);
    }

    /** What applying one event did. */
    public enum Outcome {
        /** A new event, now on the timeline. */
        APPLIED,
        /** An eventId seen before: only its duplicate count changed. */
        DUPLICATE,
        /** A new event beyond {@link #MAX_TIMELINE}: counted, not kept. */
        OVERFLOW
    }

    private final String orderId;
    private final List<TimelineEntry> timeline;
    private long revision;
    private int lateEvents;
    private int overflowEvents;
    private Instant partitionTime;

    // derived from the timeline by replay()
    private String status;
    private final Map<String, Instant> steps = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, String> attributeKinds = new LinkedHashMap<>();
    private int violations;
    private int gaps;
    private final List<StepEvent> stepEvents = new ArrayList<>();
    /** Set while the derived fields are stale (after decoding): they are derived on first use, at most once. */
    private Lifecycle underived;

    public OrderState(String orderId) {
        this(orderId, (Instant) null);
    }

    /**
     * A new order whose document goes to the index of {@code partitionTime}, not of its first event's occurredAt
     * (see {@link io.bpmon.core.store.OrderPartitions}); null = the first event's occurredAt.
     */
    public OrderState(String orderId, Instant partitionTime) {
        this(orderId, new ArrayList<>(), 0, 0, 0, partitionTime);
    }

    OrderState(String orderId, List<TimelineEntry> timeline, long revision, int lateEvents, int overflowEvents,
            Instant partitionTime) {
        this.orderId = orderId;
        this.partitionTime = partitionTime;
        this.timeline = timeline;
        this.revision = revision;
        this.lateEvents = lateEvents;
        this.overflowEvents = overflowEvents;
    }

    /**
     * Applies one event to this order.
     *
     * @param late whether the event arrived beyond the allowed lateness; it is applied all the same
     */
    public Outcome apply(OrderEvent event, boolean late, Lifecycle lifecycle) {
        if (!event.orderId().equals(orderId)) {
            throw new IllegalArgumentException("event of order " + event.orderId() + " applied to " + orderId);
        }
        revision++;
        if (partitionTime == null) {
            partitionTime = event.occurredAt();
        }
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            if (e.eventId().equals(event.eventId())) {
                timeline.set(i, e.withDuplicates(e.duplicates() + 1));
                return Outcome.DUPLICATE;
            }
        }
        if (late) {
            lateEvents++;
        }
        if (timeline.size() >= MAX_TIMELINE) {
            overflowEvents++;
            return Outcome.OVERFLOW;
        }
        timeline.add(new TimelineEntry(event.eventId(), event.type(), event.occurredAt(), event.receivedAt(),
                event.source(), event.attributes(), late, 0, null, event.attributeKinds()));
        replay(lifecycle);
        return Outcome.APPLIED;
    }

    /** Recomputes everything derived from the timeline; see the class comment for why. */
    void replay(Lifecycle lifecycle) {
        underived = null;
        timeline.sort(timelineOrder(lifecycle));
        status = null;
        steps.clear();
        attributes.clear();
        attributeKinds.clear();
        violations = 0;
        gaps = 0;
        stepEvents.clear();
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            attributes.putAll(e.attributes());
            for (String name : e.attributes().keySet()) {
                String kind = e.attributeKinds().get(name);
                if (kind == null) {
                    attributeKinds.remove(name); // a later string overrides an earlier number
                } else {
                    attributeKinds.put(name, kind);
                }
            }
            String step = lifecycle.stepForEventType(e.type()).orElseThrow().name();
            String note = null;
            boolean firstReach = false;
            if (steps.containsKey(step)) {
                // a repeated step (a second parcel): the step keeps the first time it was reached
            } else if (status == null || lifecycle.canReach(status, step)) {
                boolean direct = status == null
                        ? lifecycle.predecessorsOf(step).isEmpty()
                        : lifecycle.isDirectSuccessor(status, step);
                if (!direct) {
                    note = GAP + ": " + step + " reached without " + missingBefore(step, lifecycle);
                    gaps++;
                }
                status = step;
                steps.put(step, e.occurredAt());
                firstReach = true;
            } else {
                note = VIOLATION + ": " + e.type() + " is not allowed after " + status;
                violations++;
            }
            if (!java.util.Objects.equals(note, e.conformance())) {
                timeline.set(i, e.withConformance(note));
            }
            stepEvents.add(new StepEvent(e.eventId(), step, e.occurredAt(), firstReach, status));
        }
    }

    /** Derive on first use: the job decodes an order and applies an event to it, which derives anyway. */
    void deriveLater(Lifecycle lifecycle) {
        underived = lifecycle;
    }

    private void derive() {
        if (underived != null) {
            replay(underived);
        }
    }

    private String missingBefore(String step, Lifecycle lifecycle) {
        List<String> missing = lifecycle.predecessorsOf(step).stream()
                .filter(p -> !steps.containsKey(p))
                .collect(Collectors.toList());
        return missing.isEmpty() ? "its predecessor" : String.join(" or ", missing);
    }

    public String orderId() {
        return orderId;
    }

    /** The furthest step reached; null only before the first event. */
    public String status() {
        derive();
        return status;
    }

    /** When each reached step was first reached, by occurredAt. */
    public Map<String, Instant> steps() {
        derive();
        return Collections.unmodifiableMap(steps);
    }

    /** The order's attributes: every event's, later ones (by occurredAt) overriding earlier ones. */
    public Map<String, String> attributes() {
        derive();
        return Collections.unmodifiableMap(attributes);
    }

    /**
     * The JSON kind of each merged attribute that is not a string (name → {@link io.bpmon.core.event.AttributeKinds}
     * constant): the kind of the value {@link #attributes()} holds.
     */
    public Map<String, String> attributeKinds() {
        derive();
        return Collections.unmodifiableMap(attributeKinds);
    }

    /** The distinct events in occurredAt order as the rule patterns see them. */
    public List<StepEvent> stepEvents() {
        derive();
        return Collections.unmodifiableList(stepEvents);
    }

    /** The distinct events in occurredAt order. */
    public List<TimelineEntry> timeline() {
        derive();
        return Collections.unmodifiableList(timeline);
    }

    /** Increases with every event applied to this order, duplicates included: the document's version. */
    public long revision() {
        return revision;
    }

    /**
     * The occurredAt of the first event bpmon received for this order. It never changes, so it picks the
     * time-partitioned index the order's document lives in, even when earlier events arrive later.
     */
    public Instant partitionTime() {
        return partitionTime;
    }

    public int lateEvents() {
        return lateEvents;
    }

    public int overflowEvents() {
        return overflowEvents;
    }

    public int duplicateEvents() {
        return timeline.stream().mapToInt(TimelineEntry::duplicates).sum();
    }

    public int violations() {
        derive();
        return violations;
    }

    public int gaps() {
        derive();
        return gaps;
    }

    public boolean isTerminal(Lifecycle lifecycle) {
        derive();
        return status != null && lifecycle.isTerminal(status);
    }

    /** The latest occurredAt of any event of this order. */
    public Instant lastEventAt() {
        return timeline.isEmpty() ? null : timeline.get(timeline.size() - 1).occurredAt();
    }

    public Instant firstEventAt() {
        return timeline.isEmpty() ? null : timeline.get(0).occurredAt();
    }

    /** The latest time any of this order's events was received. */
    public Instant lastReceivedAt() {
        Instant max = null;
        for (TimelineEntry e : timeline) {
            if (e.receivedAt() != null && (max == null || e.receivedAt().isAfter(max))) {
                max = e.receivedAt();
            }
        }
        return max;
    }
}
