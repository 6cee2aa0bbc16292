package io.bpmon.core.alerts;

import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An alert as stored, served by {@code /api/alerts} and published to {@code bpmon.alerts} (docs/contract.md).
 *
 * @param startedAt    when the awaited wait began: the {@code from} step (SLA), the last lifecycle event (stall),
 *                     or when the velocity left its bounds
 * @param detectedAt   wall-clock time the monitor flagged it
 * @param detectedLate it was found already over (e.g. while reprocessing history); notifiers skip it
 * @param revision     grows with every change of this alert; the stored document's version
 * @param incidentId   the incident it belongs to (docs/incidents.md); null until the job's incident step assigned it
 * @param inhibitedBy  the id of the velocity alert whose open episode inhibited this alert, else null
 */
public record Alert(
        String id,
        String ruleId,
        long ruleVersion,
        String ruleName,
        AlertKind kind,
        Severity severity,
        String orderId,
        Map<String, String> attributes,
        AlertStatus status,
        String fromStep,
        String toStep,
        Instant startedAt,
        Instant deadline,
        Instant detectedAt,
        Instant resolvedAt,
        Resolution resolution,
        boolean detectedLate,
        Long observed,
        Duration window,
        long revision,
        String incidentId,
        String inhibitedBy) {

    public Alert {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An alert not yet assigned to an incident: as the rule evaluators raise it. */
    public Alert(String id, String ruleId, long ruleVersion, String ruleName, AlertKind kind, Severity severity,
            String orderId, Map<String, String> attributes, AlertStatus status, String fromStep, String toStep,
            Instant startedAt, Instant deadline, Instant detectedAt, Instant resolvedAt, Resolution resolution,
            boolean detectedLate, Long observed, Duration window, long revision) {
        this(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes, status, fromStep, toStep,
                startedAt, deadline, detectedAt, resolvedAt, resolution, detectedLate, observed, window, revision,
                null, null);
    }

    /** This version, the same revision, as a member of an incident (docs/incidents.md). */
    public Alert inIncident(String incident, String inhibitor) {
        return new Alert(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes, status, fromStep,
                toStep, startedAt, deadline, detectedAt, resolvedAt, resolution, detectedLate, observed, window,
                revision, incident, inhibitor);
    }

    public Alert resolved(Instant at, Resolution why) {
        return new Alert(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes, AlertStatus.RESOLVED,
                fromStep, toStep, startedAt, deadline, detectedAt, at, why, detectedLate, observed, window,
                revision + 1, incidentId, inhibitedBy);
    }

    public Alert acknowledged() {
        return new Alert(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes,
                AlertStatus.ACKNOWLEDGED, fromStep, toStep, startedAt, deadline, detectedAt, resolvedAt, resolution,
                detectedLate, observed, window, revision + 1, incidentId, inhibitedBy);
    }

    /**
     * This version as seen by people once someone acknowledged the alert: {@code ACKNOWLEDGED} while it is open, the
     * same revision (the job's version of the alert is unchanged underneath); a resolved alert stays resolved.
     */
    public Alert seenAcknowledged() {
        if (status != AlertStatus.OPEN) {
            return this;
        }
        return new Alert(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes,
                AlertStatus.ACKNOWLEDGED, fromStep, toStep, startedAt, deadline, detectedAt, resolvedAt, resolution,
                detectedLate, observed, window, revision, incidentId, inhibitedBy);
    }

    /** This version without a person's acknowledgement laid over it: how the job knows the alert. */
    public Alert unacknowledged() {
        if (status != AlertStatus.ACKNOWLEDGED) {
            return this;
        }
        return new Alert(id, ruleId, ruleVersion, ruleName, kind, severity, orderId, attributes, AlertStatus.OPEN,
                fromStep, toStep, startedAt, deadline, detectedAt, resolvedAt, resolution, detectedLate, observed,
                window, revision, incidentId, inhibitedBy);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isOver() {
        return status == AlertStatus.RESOLVED;
    }
}
