package io.bpmon.alerting.silences;

import java.time.Instant;
import java.util.Map;

/**
 * Mutes notifications of matching alerts until {@code endsAt}. An alert matches when it belongs to {@code ruleId}
 * (if set) and has every one of {@code attributes} with exactly that value. Expiring a silence sets its
 * {@code endsAt} to now, so that silences stay as history.
 */
public record Silence(
        String id,
        String ruleId,
        Map<String, String> attributes,
        Instant startsAt,
        Instant endsAt,
        String comment,
        String createdBy,
        Instant createdAt) {

    public Silence {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public boolean isActive(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether this silence, if active at {@code now}, mutes an alert of this rule with these attributes. */
    public boolean mutes(String alertRuleId, Map<String, String> alertAttributes, Instant now) {
        if (!isActive(now)) {
            return false;
        }
        if (ruleId != null && !ruleId.equals(alertRuleId)) {
            return false;
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (!a.getValue().equals(alertAttributes.get(a.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public Silence expired(Instant at) {
        return new Silence(id, ruleId, attributes, startsAt, at.isBefore(endsAt) ? at : endsAt, comment, createdBy,
                createdAt);
    }
}
