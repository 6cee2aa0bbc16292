package io.bpmon.core.alerts;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import java.time.Instant;
import java.util.List;

/**
 * Turns the pattern matcher's timed-out partial matches into {@link Finding}s: what the breach is and whether the
 * order's later events already end it. Pure; the matcher itself (Flink CEP) lives in the job.
 */
public final class Findings {

    private Findings() {}

    /**
     * A STEP_SLA breach: {@code from} was reached by {@code start} and nothing completed the wait by
     * {@code deadline}. A completion after the deadline resolves it {@code COMPLETED_LATE}; a cancellation after the
     * deadline resolves it {@code CANCELLED} (the breach stands, docs/contract.md).
     */
    public static Finding slaBreach(Rule rule, String orderId, StepEvent start, Instant deadline,
            List<StepEvent> events, Lifecycle lifecycle) {
        Instant resolvedAt = null;
        Resolution resolution = null;
        for (StepEvent e : events) {
            if (e.occurredAt().isBefore(start.occurredAt()) || !e.firstReach()) {
                continue;
            }
            if (rule.isCompletion(e, lifecycle)) {
                resolvedAt = e.occurredAt();
                resolution = Resolution.COMPLETED_LATE;
                break;
            }
            if (lifecycle.abandons(e.step())) {
                resolvedAt = e.occurredAt();
                resolution = Resolution.CANCELLED;
                break;
            }
        }
        return new Finding(AlertIds.slaBreach(rule.id(), orderId), AlertKind.SLA_BREACH, rule.from(), rule.to(), null,
                start.occurredAt(), deadline, resolvedAt, resolution);
    }

    /**
     * A stall: no lifecycle event for the rule's duration after {@code last}, which left the order in a watched
     * status. The next event, if any, resolves it ({@code PROGRESSED}, or {@code CANCELLED} when it abandons).
     * Null when the status after {@code last} is not watched.
     */
    public static Finding stall(Rule rule, String orderId, StepEvent last, Instant deadline, List<StepEvent> events,
            Lifecycle lifecycle) {
        if (!rule.watches(last.statusAfter(), lifecycle)) {
            return null;
        }
        Instant resolvedAt = null;
        Resolution resolution = null;
        int i = events.indexOf(last);
        if (i >= 0 && i + 1 < events.size()) {
            StepEvent next = events.get(i + 1);
            resolvedAt = next.occurredAt();
            resolution = lifecycle.abandons(next.step()) ? Resolution.CANCELLED : Resolution.PROGRESSED;
        }
        String status = last.statusAfter();
        return new Finding(AlertIds.stalled(rule.id(), orderId, status), AlertKind.STALLED, status, null, status,
                last.occurredAt(), deadline, resolvedAt, resolution);
    }
}
