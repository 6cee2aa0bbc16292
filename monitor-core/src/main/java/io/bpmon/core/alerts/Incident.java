package io.bpmon.core.alerts;

import io.bpmon.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Per-order alerts of one rule and one segment that happened together (docs/incidents.md), as stored by the job and
 * served by {@code /api/incidents}. The job writes {@code OPEN} or {@code RESOLVED}; an open incident someone
 * acknowledged reads as {@code ACKNOWLEDGED}.
 *
 * @param ruleId         the rule whose alerts it groups (for an inhibiting VELOCITY rule: that rule)
 * @param segment        the values of the rule's {@code groupBy} attributes (a VELOCITY rule's segment)
 * @param openedAt       when its first alert was detected
 * @param resolvedAt     when its last open alert resolved; null while any is open
 * @param sampleOrderIds the first orders (up to {@link IncidentTracker#SAMPLE_SIZE}) whose alerts joined it
 * @param revision       grows with every change; the stored document's version
 */
public record Incident(
        String id,
        String ruleId,
        String ruleName,
        Severity severity,
        Map<String, String> segment,
        AlertStatus status,
        Instant openedAt,
        Instant resolvedAt,
        long alertCount,
        long openAlertCount,
        List<String> sampleOrderIds,
        long revision) {

    public Incident {
        segment = segment == null ? Map.of() : Map.copyOf(segment);
        sampleOrderIds = sampleOrderIds == null ? List.of() : List.copyOf(sampleOrderIds);
    }

    /** This version as seen by people once someone acknowledged it: {@code ACKNOWLEDGED} while it is open. */
    public Incident seenAcknowledged() {
        if (status != AlertStatus.OPEN) {
            return this;
        }
        return new Incident(id, ruleId, ruleName, severity, segment, AlertStatus.ACKNOWLEDGED, openedAt,
                resolvedAt, alertCount, openAlertCount, sampleOrderIds, revision);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isOver() {
        return status == AlertStatus.RESOLVED;
    }
}
