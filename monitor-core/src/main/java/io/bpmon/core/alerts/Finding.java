package io.bpmon.core.alerts;

import java.time.Instant;

/**
 * A breach a rule found in one order's events: what the pattern matcher reports, before it becomes an
 * {@link Alert}. {@code resolvedAt}/{@code resolution} are set when the order's own events already end it
 * (a late completion, the order moving on, a cancellation).
 *
 * @param status for a stall, the status the order stalled in; null otherwise
 */
public record Finding(
        String alertId,
        AlertKind kind,
        String fromStep,
        String toStep,
        String status,
        Instant startedAt,
        Instant deadline,
        Instant resolvedAt,
        Resolution resolution) {

    public boolean isResolved() {
        return resolution != null;
    }
}
