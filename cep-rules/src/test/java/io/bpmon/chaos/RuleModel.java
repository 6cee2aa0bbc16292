package io.bpmon.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chaos run's own model of the three {@link ChaosRules}, from CONTRACT section 3 and docs/velocity-rules.md, not
 * from the job's code: which alerts must exist once the monitor's clock has passed every deadline. It judges by
 * event time only, which is what the contract promises for events that arrive within the allowed lateness (the
 * driver sends every event at its {@code occurredAt}, and the one pair whose gap the SLA judges, placement and
 * payment, in one request).
 *
 * <p>A deadline that has not clearly passed at {@code judgeAt} (deadline + allowed lateness + {@link #MARGIN}) makes
 * the outcome <em>undecided</em>: the caller waits longer instead of guessing.
 *
 * <p>Events that reach the monitor later than the allowed lateness (the driver holds them back while the web server
 * or Kafka is down) are applied but may come after the monitor's clock passed a deadline they would have met: the
 * contract then lets an alert open and resolve when they arrive (COMPLETED_LATE, PROGRESSED, CANCELLED). Where an
 * event that ends a wait in time arrived (was accepted) less than {@link #MARGIN} before deadline + lateness or
 * later, the model cannot say whether the alert exists, and says so with an {@link Excuse} instead.
 */
final class RuleModel {

    /** Contract: flagged within 5 s of deadline + lateness, visible within 2 s more; rounded up. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    /** The facts of one order the rules look at. */
    record Order(String orderId, String channel, String country, List<SentEvent> events) {}

    /**
     * An alert the monitor must hold: {@code orderId} for SLA and stall alerts, {@code startedAt} (the first bucket
     * boundary out of bounds) for a velocity episode, whose {@code resolvedAt} is the boundary ending one full window
     * back in bounds (null while it lasts).
     */
    record Expected(String ruleId, String kind, String orderId, String country, Instant startedAt, Instant resolvedAt) {
        String key() {
            return key(ruleId, orderId, startedAt);
        }

        static String key(String ruleId, String orderId, Instant startedAt) {
            return ruleId + "|" + (orderId != null ? orderId : String.valueOf(startedAt.toEpochMilli()));
        }
    }

    /**
     * An alert that may or may not exist because an event arrived too late to be judged in time: for an order
     * ({@code orderId}), or for velocity episodes starting from {@code from} to {@code to}.
     */
    record Excuse(String ruleId, String orderId, String country, Instant from, Instant to, String why) {
        boolean covers(String rule, String order, Instant startedAt) {
            if (!ruleId.equals(rule)) {
                return false;
            }
            return orderId != null ? orderId.equals(order)
                    : order == null && startedAt != null && !startedAt.isBefore(from) && !startedAt.isAfter(to);
        }

        boolean covers(Expected e) {
            return covers(e.ruleId(), e.orderId(), e.startedAt());
        }
    }

    /** What the model expects at {@code judgeAt}, what late arrivals leave open, and what it cannot tell yet. */
    record Expectation(List<Expected> alerts, List<Excuse> excuses, List<String> undecided, Instant lastDeadline) {}

    private final Duration lateness;

    RuleModel(Duration allowedLateness) {
        this.lateness = allowedLateness;
    }

    /** As {@link #judge(List, Map, Instant)} with every event accepted at its occurredAt (none late). */
    Expectation judge(List<Order> orders, Instant judgeAt) {
        return judge(orders, Map.of(), judgeAt);
    }

    /**
     * @param accepted when each event (by eventId) was first accepted by the monitor; an event missing here counts as
     *                 accepted at its occurredAt
     */
    Expectation judge(List<Order> orders, Map<String, Instant> accepted, Instant judgeAt) {
        this.accepted = accepted;
        List<Expected> alerts = new ArrayList<>();
        List<Excuse> excuses = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        Instant[] last = {Instant.EPOCH};
        List<SentEvent> burstHits = new ArrayList<>();
        for (Order o : orders) {
            if (ChaosRules.ORDER_CHANNELS.contains(o.channel())) {
                paidWithin(o, judgeAt, alerts, excuses, undecided, last);
                stalled(o, judgeAt, alerts, excuses, undecided, last);
            } else if (ChaosRules.BURST_CHANNEL.equals(o.channel())) {
                o.events().stream().filter(e -> e.type().equals("ORDER_PLACED")).forEach(burstHits::add);
            }
        }
        bursts(burstHits, judgeAt, alerts, excuses, undecided, last);
        return new Expectation(alerts, excuses, undecided, last[0]);
    }

    /** The acceptance times of the judgement under way (one judgement at a time: not thread-safe). */
    private Map<String, Instant> accepted = Map.of();

    private Instant arrival(SentEvent e) {
        return accepted.getOrDefault(e.eventId(), e.occurredAt());
    }

    /** Whether an event arrived so late that the monitor's clock may already have passed this deadline. */
    private boolean lateFor(SentEvent e, Instant deadline) {
        return !arrival(e).isBefore(deadline.plus(lateness).minus(MARGIN));
    }

    /** CONTRACT section 3, STEP_SLA from PLACED to PAID: a later main-path step counts, a cancellation before the
     * deadline drops the wait, one after it leaves the breach standing. */
    private void paidWithin(Order o, Instant judgeAt, List<Expected> alerts, List<Excuse> excuses,
            List<String> undecided, Instant[] last) {
        SentEvent placed = first(o.events(), "ORDER_PLACED");
        if (placed == null) {
            return;
        }
        SentEvent paid = earliest(first(o.events(), "PAYMENT_RECEIVED"), first(o.events(), "ORDER_SHIPPED"),
                first(o.events(), "ORDER_DELIVERED"));
        SentEvent cancelled = first(o.events(), "ORDER_CANCELLED");
        Instant deadline = placed.occurredAt().plus(ChaosRules.PAID_WITHIN);
        last[0] = max(last[0], deadline.plus(lateness).plus(MARGIN));
        SentEvent endedInTime = null;
        if (paid != null && !paid.occurredAt().isAfter(deadline)) {
            endedInTime = paid;
        } else if (cancelled != null && cancelled.occurredAt().isBefore(deadline)
                && (paid == null || cancelled.occurredAt().isBefore(paid.occurredAt()))) {
            endedInTime = cancelled;
        }
        if (endedInTime != null) {
            // judged with the placement when it came in the same request or before it (the driver puts the payment
            // first); after it and late, the placement may have been judged alone against a clock past the deadline
            if (arrival(endedInTime).isAfter(arrival(placed)) && lateFor(endedInTime, deadline)) {
                excuses.add(new Excuse(ChaosRules.PAID, o.orderId(), o.country(), null, null, endedInTime.eventId()
                        + " accepted " + arrival(endedInTime) + ", deadline " + deadline));
            }
            return;
        }
        if (paid != null || cancelled != null || due(deadline, judgeAt)) {
            alerts.add(new Expected(ChaosRules.PAID, "SLA_BREACH", o.orderId(), o.country(), placed.occurredAt(),
                    null));
        } else {
            undecided.add(ChaosRules.PAID + " on " + o.orderId() + ": deadline " + deadline + " not clearly passed");
        }
    }

    /** CONTRACT section 3, STALL in SHIPPED: no lifecycle event for the rule's duration after the one that left the
     * order shipped; one alert per status at most. */
    private void stalled(Order o, Instant judgeAt, List<Expected> alerts, List<Excuse> excuses,
            List<String> undecided, Instant[] last) {
        List<SentEvent> events = LifecycleModel.inOrder(o.events());
        List<String> statuses = LifecycleModel.statuses(o.events());
        for (int i = 0; i < events.size(); i++) {
            if (!ChaosRules.STALL_STATUS.equals(statuses.get(i))) {
                continue;
            }
            Instant since = events.get(i).occurredAt();
            Instant deadline = since.plus(ChaosRules.STALL_AFTER);
            boolean breach;
            if (i + 1 < events.size()) {
                SentEvent next = events.get(i + 1);
                breach = next.occurredAt().isAfter(deadline);
                if (!breach && lateFor(next, deadline)) {
                    excuses.add(new Excuse(ChaosRules.STALL, o.orderId(), o.country(), null, null, next.eventId()
                            + " accepted " + arrival(next) + ", deadline " + deadline));
                    return;
                }
            } else {
                last[0] = max(last[0], deadline.plus(lateness).plus(MARGIN));
                if (!due(deadline, judgeAt)) {
                    undecided.add(ChaosRules.STALL + " on " + o.orderId() + ": deadline " + deadline
                            + " not clearly passed");
                    return;
                }
                breach = true;
            }
            if (breach) {
                alerts.add(new Expected(ChaosRules.STALL, "STALLED", o.orderId(), o.country(), since, null));
                return; // the status is part of the alert's identity: one stall alert per status
            }
        }
    }

    /**
     * docs/velocity-rules.md: the count of hits in {@code [t - window, t)} is judged at every bucket boundary t; above
     * the maximum opens an episode starting at t; in bounds at every boundary for one full window resolves it. The
     * exact boundary a streak ends on is left open (the docs say "for one full window"), so a new breach within
     * 20 s of that moment is undecided; the driver spaces its bursts far from it.
     */
    private void bursts(List<SentEvent> hits, Instant judgeAt, List<Expected> alerts, List<Excuse> excuses,
            List<String> undecided, Instant[] last) {
        if (hits.isEmpty()) {
            return;
        }
        long bucket = ChaosRules.BURST_BUCKET.toMillis();
        long window = ChaosRules.BURST_WINDOW.toMillis();
        long[] times = hits.stream().mapToLong(h -> h.occurredAt().toEpochMilli()).sorted().toArray();
        for (SentEvent h : hits) {
            // a hit behind the clock counts in its bucket, but windows already judged are not judged again
            Instant boundary = Instant.ofEpochMilli((Math.floorDiv(h.occurredAt().toEpochMilli(), bucket) + 1) * bucket);
            if (lateFor(h, boundary)) {
                excuses.add(new Excuse(ChaosRules.BURST, null, null, h.occurredAt(),
                        h.occurredAt().plusMillis(window + 2 * bucket), h.eventId() + " accepted " + arrival(h)));
            }
        }
        // every hit is known, so the whole story can be told; judgeAt only says how far the monitor must have got
        long horizon = times[times.length - 1] + 2 * window + 3 * bucket;
        List<long[]> episodes = new ArrayList<>(); // {start, resolvedAt or -1}
        Long start = null;
        Long inBoundsSince = null;
        for (long t = (Math.floorDiv(times[0], bucket) + 1) * bucket; t <= horizon; t += bucket) {
            final long at = t;
            long count = java.util.Arrays.stream(times).filter(h -> h >= at - window && h < at).count();
            boolean breach = count > ChaosRules.BURST_MAX;
            if (breach && inBoundsSince != null && Math.abs(t - inBoundsSince - window) <= 20_000) {
                undecided.add(ChaosRules.BURST + ": breach at " + Instant.ofEpochMilli(t)
                        + " too close to where the previous episode ends (" + Instant.ofEpochMilli(inBoundsSince
                        + window) + ")");
            }
            if (start == null) {
                if (breach) {
                    start = t;
                    inBoundsSince = null;
                }
            } else if (breach) {
                inBoundsSince = null;
            } else if (inBoundsSince == null) {
                inBoundsSince = t;
            } else if (t - inBoundsSince >= window) {
                episodes.add(new long[] {start, t});
                start = null; // inBoundsSince stays: a breach right after the end is undecided
            }
        }
        if (start != null) {
            episodes.add(new long[] {start, -1});
        }
        long judgedUpTo = judgeAt.minus(lateness).minus(MARGIN).toEpochMilli();
        for (long[] e : episodes) {
            long end = e[1] >= 0 ? e[1] : e[0];
            last[0] = max(last[0], Instant.ofEpochMilli(end).plus(lateness).plus(MARGIN));
            if (e[0] > judgedUpTo) {
                undecided.add(ChaosRules.BURST + ": episode from " + Instant.ofEpochMilli(e[0]) + " not reached yet");
                continue;
            }
            boolean over = e[1] >= 0 && e[1] <= judgedUpTo;
            if (e[1] >= 0 && !over) {
                undecided.add(ChaosRules.BURST + ": the end of the episode from " + Instant.ofEpochMilli(e[0])
                        + " not reached yet");
            }
            alerts.add(new Expected(ChaosRules.BURST, "VELOCITY", null, null, Instant.ofEpochMilli(e[0]),
                    over ? Instant.ofEpochMilli(e[1]) : null));
        }
    }

    private boolean due(Instant deadline, Instant judgeAt) {
        return !judgeAt.isBefore(deadline.plus(lateness).plus(MARGIN));
    }

    private static SentEvent first(List<SentEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type))
                .min(java.util.Comparator.comparing(SentEvent::occurredAt)).orElse(null);
    }

    private static SentEvent earliest(SentEvent... events) {
        SentEvent min = null;
        for (SentEvent e : events) {
            if (e != null && (min == null || e.occurredAt().isBefore(min.occurredAt()))) {
                min = e;
            }
        }
        return min;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
