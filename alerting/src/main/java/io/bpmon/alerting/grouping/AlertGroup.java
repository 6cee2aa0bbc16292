package io.bpmon.alerting.grouping;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alerts of one rule with the same grouping attribute values and the same channels, and what was said about
 * them. Plain fields so that it is stored as JSON as it is (see {@link AlertingState}); only {@link AlertGrouper}
 * changes it.
 */
public final class AlertGroup {

    /** rule, grouping values and channels; stable while alerts of that kind keep coming */
    public String key;
    /** {@code key} plus when the group opened: a group that closed and opens again gets a new id */
    public String id;
    public String ruleId;
    public String ruleName;
    public Severity severity;
    public Map<String, String> labels = new TreeMap<>();
    public List<String> channels = List.of();
    public Map<String, Member> members = new TreeMap<>();
    public Instant openedAt;
    public Instant nextEvaluationAt;
    public Instant lastNotifiedAt;
    /** messages sent for this group so far */
    public long sequence;
    /** a firing message went out, so its end deserves a resolved notice */
    public boolean announced;
    /** alerts the messages so far have covered and that are still open */
    public TreeSet<String> announcedIds = new TreeSet<>();
    public int resolvedCount;
    /** about orders, or about segments (velocity rules) */
    public boolean perOrder = true;

    /** The latest known revision of one alert of the group. */
    public static final class Member {
        public String alertId;
        public String orderId;
        public AlertStatus status;
        public long revision;
        public Map<String, String> attributes = new TreeMap<>();
        public Instant detectedAt;

        public Member() {}

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
