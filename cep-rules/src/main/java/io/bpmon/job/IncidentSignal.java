package io.bpmon.job;

/**
 * What the incident router learns on its broadcast side (docs/incidents.md): a rule change, or a new version of a
 * velocity alert (its episodes inhibit alerts of the rules the velocity rule lists in {@code inhibits}).
 */
public record IncidentSignal(RuleChange rule, AlertUpdate velocity) {

    static IncidentSignal of(RuleChange change) {
        return new IncidentSignal(change, null);
    }

    static IncidentSignal of(AlertUpdate velocityAlert) {
        return new IncidentSignal(null, velocityAlert);
    }
}
