package io.bpmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alerts of one incident (docs/incidents.md) with the same channels, and what was said about them; alerts from
 * before incidents group by rule and the grouping attribute values instead. Plain fields so that it is stored as JSON as it is (part of {@link GroupingState}); only {@link AlertGrouper}
 * reads and changes them.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class AlertGroup {

    /** incident (or rule and grouping values) and channels; stable while alerts of that kind keep coming */
    String key;
    /** the incident the group is; null for alerts from before incidents */
    String incidentId;
    /** {@code key} plus when the group opened: a group that closed and opens again gets a new id */
    String id;
    String ruleId;
    String ruleName;
    Severity severity;
    Map<String, String> labels = new TreeMap<>();
    List<String> channels = List.of();
    Map<String, Member> members = new TreeMap<>();
    Instant openedAt;
    Instant nextEvaluationAt;
    Instant lastNotifiedAt;
    /** messages sent for this group so far */
    long sequence;
    /** a firing message went out, so its end deserves a resolved notice */
    boolean announced;
    /** alerts the messages so far have covered and that are still open */
    TreeSet<String> announcedIds = new TreeSet<>();
    int resolvedCount;
    /** about orders, or about segments (velocity rules) */
    boolean perOrder = true;

    /** The latest known revision of one alert of the group. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    static final class Member {
        String alertId;
        String orderId;
        AlertStatus status;
        long revision;
        Map<String, String> attributes = new TreeMap<>();
        Instant detectedAt;
        /** held back by the group's velocity alert: counted as affected, never notified itself */
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) // states saved before incidents read and write back unchanged
        boolean inhibited;

        Member() {}

        Member(String alertId, String orderId, AlertStatus status, long revision, Map<String, String> attributes,
                Instant detectedAt) {
            this.alertId = alertId;
            this.orderId = orderId;
            this.status = status;
            this.revision = revision;
            this.attributes = new TreeMap<>(attributes);
            this.detectedAt = detectedAt;
        }
    }
}
