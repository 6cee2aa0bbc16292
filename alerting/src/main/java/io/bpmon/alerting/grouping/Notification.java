package io.bpmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bpmon.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message about one group of alerts, before it is rendered for a channel.
 *
 * @param id           {@code <groupId>#<sequence>}: the same message of the same group always has the same id
 * @param labels       the group's attribute values (the grouping attributes)
 * @param firing       alerts of the group that are open, not acknowledged and not silenced
 * @param newFiring    of those, how many were not in the previous message
 * @param acknowledged open alerts somebody took
 * @param silenced     open alerts muted by a silence
 * @param resolved     alerts of the group resolved so far
 * @param perOrder     whether the alerts are about orders (else about segments: velocity rules)
 * @param since        earliest detection among the firing alerts; null for a resolved notice
 * @param samples      a few of the firing alerts, the new ones first
 * @param incidentId   the incident the group is (docs/incidents.md); null for alerts from before incidents
 * @param affected     open alerts of other rules the incident holds back (inhibited by this velocity alert): the
 *                     orders an outage affects; they never start a message themselves
 */
public record Notification(
        String id,
        String groupId,
        long sequence,
        Kind kind,
        String ruleId,
        String ruleName,
        Severity severity,
        Map<String, String> labels,
        int firing,
        int newFiring,
        int acknowledged,
        int silenced,
        int resolved,
        boolean perOrder,
        Instant since,
        Instant at,
        List<Sample> samples,
        List<String> channels,
        String incidentId,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int affected) {

    public Notification {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        samples = samples == null ? List.of() : List.copyOf(samples);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** A message about alerts that belong to no incident. */
    public Notification(String id, String groupId, long sequence, Kind kind, String ruleId, String ruleName,
            Severity severity, Map<String, String> labels, int firing, int newFiring, int acknowledged, int silenced,
            int resolved, boolean perOrder, Instant since, Instant at, List<Sample> samples, List<String> channels) {
        this(id, groupId, sequence, kind, ruleId, ruleName, severity, labels, firing, newFiring, acknowledged,
                silenced, resolved, perOrder, since, at, samples, channels, null, 0);
    }

    /** What the message says. */
    public enum Kind {
        /** The group's first message. */
        FIRING,
        /** New alerts joined a group that was announced already. */
        UPDATE,
        /** Nothing changed, but the group is still open and nobody acknowledged it. */
        REPEAT,
        /** Every alert of the announced group is over. */
        RESOLVED,
        /** Sent on request to check a channel. */
        TEST
    }

    /** One alert shown as an example. */
    public record Sample(String alertId, String orderId, Map<String, String> attributes, Instant detectedAt) {
        public Sample {
            attributes = attributes == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
        }
    }
}
