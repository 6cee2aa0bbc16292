package io.bpmon.alerting.grouping;

import io.bpmon.alerting.silences.Silence;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns alert changes into few messages, the way Alertmanager does, in business terms.
 *
 * <ul>
 *   <li>An alert joins the group of its incident and its channels: a notification group is an incident
 *       (docs/incidents.md), its messages carry the incident's id. Alerts from before incidents (no
 *       {@code incidentId}) join the group of their rule, their values of the grouping attributes and channels.</li>
 *   <li>A new group is evaluated {@code groupWait} after its first alert, then every {@code groupInterval}.</li>
 *   <li>An evaluation sends a message when open, unsilenced, unacknowledged alerts joined since the last message;
 *       or, when nothing changed, once {@code repeatInterval} passed since the last message while such alerts
 *       remain; or, when every alert of an announced group is over, one resolved notice, silenced or not.</li>
 *   <li>Alerts found late ({@code detectedLate}), and alerts first seen already resolved, never start a message.</li>
 *   <li>Alerts a velocity episode inhibits ({@code inhibitedBy}, docs/incidents.md) are not notified on their own:
 *       they join the velocity alert's group as the orders it affects, which its messages count; they never start
 *       or update a message.</li>
 * </ul>
 *
 * <p>Pure: no clock, no I/O. Time comes in as arguments; the state is the {@link GroupingState} it works on, so the
 * caller can store it and a restart continues exactly where it stopped. Every change of an alert is applied once:
 * a revision not newer than the one known is ignored, so records read again after a restart change nothing.
 */
public final class AlertGrouper {

    private final GroupingPolicy policy;
    private final Router router;
    private final IncidentSegments segments;
    private final GroupingState state;

    /** Without a way to an incident's segment: incident groups show no segment values. */
    public AlertGrouper(GroupingPolicy policy, Router router, GroupingState state) {
        this(policy, router, IncidentSegments.NONE, state);
    }

    public AlertGrouper(GroupingPolicy policy, Router router, IncidentSegments segments, GroupingState state) {
        this.policy = policy;
        this.router = router;
        this.segments = segments;
        this.state = state;
    }

    public GroupingState state() {
        return state;
    }

    /**
     * Takes one alert change into its group.
     *
     * @return whether it changed anything
     */
    public boolean observe(Alert alert, Instant now) {
        if (alert.detectedLate()) {
            state.lateSkipped++;
            return false;
        }
        if (alert.inhibitedBy() != null) {
            return affects(alert, now);
        }
        List<String> channels = router.channels(alert.ruleId(), alert.severity(), alert.attributes());
        Map<String, String> labels = new TreeMap<>();
        String key;
        if (alert.incidentId() != null) {
            labels.putAll(segments.of(alert));
            key = incidentKey(alert.incidentId(), channels);
        } else {
            for (String attribute : policy.groupBy()) {
                String value = alert.attributes().get(attribute);
                if (value != null) {
                    labels.put(attribute, value);
                }
            }
            key = key(alert.ruleId(), labels, channels);
        }
        if (moved(alert, key)) {
            return false;
        }
        AlertGroup group = state.groups.get(key);
        AlertGroup.Member known = group == null ? null : group.members.get(alert.id());
        // An acknowledgement is published on the revision it acknowledges (the job owns the revisions; its next
        // change, e.g. the resolution, must not look older than the acknowledgement), and it is sticky: the job's
        // later rewrite of the still-open alert does not undo it (docs/rule-engine.md, Acknowledgements).
        boolean acknowledges = known != null && alert.status() == AlertStatus.ACKNOWLEDGED
                && known.status == AlertStatus.OPEN && alert.revision() == known.revision;
        if (known != null && alert.revision() <= known.revision && !acknowledges) {
            return false;
        }
        AlertStatus status = known != null && known.status == AlertStatus.ACKNOWLEDGED
                && alert.status() == AlertStatus.OPEN ? AlertStatus.ACKNOWLEDGED : alert.status();
        if (known == null && (alert.status() == AlertStatus.RESOLVED || channels.isEmpty())) {
            // nobody heard of it open (created over, or over before we saw it), or a route mutes it
            return false;
        }
        if (group == null) {
            group = new AlertGroup();
            group.key = key;
            group.incidentId = alert.incidentId();
            group.id = key + "@" + now.toEpochMilli();
            group.ruleId = alert.ruleId();
            group.labels = labels;
            group.channels = channels;
            group.openedAt = now;
            group.nextEvaluationAt = now.plus(policy.groupWait());
            state.groups.put(key, group);
        }
        group.ruleName = alert.ruleName();
        group.severity = alert.severity();
        group.perOrder = alert.orderId() != null;
        group.members.put(alert.id(), new AlertGroup.Member(alert.id(), alert.orderId(), status,
                alert.revision(), alert.attributes(), alert.detectedAt() == null ? now : alert.detectedAt()));
        return true;
    }

    /**
     * An inhibited alert joins the open group of its incident (the velocity alert's) as an order the incident
     * affects. Without such a group (the velocity alert is muted, or not seen yet) it is dropped, as before
     * incidents: it is never notified on its own.
     */
    private boolean affects(Alert alert, Instant now) {
        if (alert.incidentId() == null) {
            return false;
        }
        for (AlertGroup group : state.groups.values()) {
            if (!alert.incidentId().equals(group.incidentId)) {
                continue;
            }
            AlertGroup.Member known = group.members.get(alert.id());
            if (known == null ? alert.status() == AlertStatus.RESOLVED : alert.revision() <= known.revision) {
                return false;
            }
            AlertGroup.Member member = new AlertGroup.Member(alert.id(), alert.orderId(), alert.status(),
                    alert.revision(), alert.attributes(), alert.detectedAt() == null ? now : alert.detectedAt());
            member.inhibited = true;
            group.members.put(alert.id(), member);
            return true;
        }
        return false;
    }

    /**
     * An alert whose grouping changed (its rule's severity, and so its route, was edited) leaves its old group,
     * which could otherwise never resolve; it counts there as over. Groups are few, so looking through them is
     * cheap.
     *
     * @return whether the change is older than the one known in the old group, and so ignored
     */
    private boolean moved(Alert alert, String key) {
        for (AlertGroup other : state.groups.values()) {
            AlertGroup.Member m = other.key.equals(key) ? null : other.members.get(alert.id());
            if (m != null) {
                if (alert.revision() <= m.revision) {
                    return true;
                }
                m.status = io.bpmon.core.alerts.AlertStatus.RESOLVED;
                m.revision = alert.revision();
            }
        }
        return false;
    }

    /** When the next group is due, or null when none is open. */
    public Instant nextEvaluation() {
        return state.groups.values().stream().map(g -> g.nextEvaluationAt).min(Comparator.naturalOrder())
                .orElse(null);
    }

    /**
     * Evaluates every group that is due and returns the messages to send; the groups record them as sent (the
     * caller stores the messages with the state, before sending: see docs/alerting.md).
     */
    public List<Notification> evaluate(Instant now, List<Silence> silences) {
        List<Notification> out = new ArrayList<>();
        for (Iterator<AlertGroup> it = state.groups.values().iterator(); it.hasNext(); ) {
            AlertGroup g = it.next();
            if (g.nextEvaluationAt.isAfter(now)) {
                continue;
            }
            List<AlertGroup.Member> firing = new ArrayList<>();
            int acknowledged = 0;
            int silenced = 0;
            Set<String> active = new TreeSet<>();
            int affected = 0;
            for (Iterator<AlertGroup.Member> ms = g.members.values().iterator(); ms.hasNext(); ) {
                AlertGroup.Member m = ms.next();
                if (m.inhibited) {
                    if (m.status == AlertStatus.RESOLVED) {
                        ms.remove();
                    } else {
                        affected++;
                    }
                    continue;
                }
                if (m.status == AlertStatus.RESOLVED) {
                    // counted once, then forgotten: the state stays as small as the open alerts
                    g.resolvedCount++;
                    ms.remove();
                    continue;
                }
                active.add(m.alertId);
                if (m.status == AlertStatus.ACKNOWLEDGED) {
                    acknowledged++;
                } else if (silences.stream().anyMatch(s -> s.mutes(g.ruleId, m.attributes, now))) {
                    silenced++;
                } else {
                    firing.add(m);
                }
            }
            if (active.isEmpty()) {
                if (g.announced) {
                    out.add(notification(g, Notification.Kind.RESOLVED, List.of(), 0, 0, 0, affected, now));
                }
                it.remove();
                continue;
            }
            List<AlertGroup.Member> fresh = firing.stream().filter(m -> !g.announcedIds.contains(m.alertId)).toList();
            Notification.Kind kind = null;
            if (!fresh.isEmpty()) {
                kind = g.announced ? Notification.Kind.UPDATE : Notification.Kind.FIRING;
            } else if (!firing.isEmpty() && g.announced
                    && !now.isBefore(g.lastNotifiedAt.plus(policy.repeatInterval()))) {
                kind = Notification.Kind.REPEAT;
            }
            if (kind != null) {
                List<AlertGroup.Member> ordered = new ArrayList<>(fresh);
                firing.stream().filter(m -> !fresh.contains(m)).forEach(ordered::add);
                out.add(notification(g, kind, ordered, fresh.size(), acknowledged, silenced, affected, now));
                g.announced = true;
                firing.forEach(m -> g.announcedIds.add(m.alertId));
            }
            g.announcedIds.retainAll(active);
            g.nextEvaluationAt = now.plus(policy.groupInterval());
        }
        return out;
    }

    private Notification notification(AlertGroup g, Notification.Kind kind, List<AlertGroup.Member> firing,
            int fresh, int acknowledged, int silenced, int affected, Instant now) {
        g.sequence++;
        g.lastNotifiedAt = now;
        Instant since = firing.stream().map(m -> m.detectedAt).min(Comparator.naturalOrder()).orElse(null);
        List<Notification.Sample> samples = firing.stream().limit(policy.samples())
                .map(m -> new Notification.Sample(m.alertId, m.orderId, m.attributes, m.detectedAt)).toList();
        return new Notification(g.id + "#" + g.sequence, g.id, g.sequence, kind, g.ruleId, g.ruleName, g.severity,
                g.labels, firing.size(), fresh, acknowledged, silenced, g.resolvedCount, g.perOrder, since, now,
                samples, g.channels, g.incidentId, affected);
    }

    static String incidentKey(String incidentId, List<String> channels) {
        return "incident:" + incidentId + "|>" + String.join(",", channels);
    }

    static String key(String ruleId, Map<String, String> labels, List<String> channels) {
        StringBuilder b = new StringBuilder(ruleId);
        labels.forEach((k, v) -> b.append('|').append(k).append('=').append(v));
        return b.append("|>").append(String.join(",", channels)).toString();
    }
}
