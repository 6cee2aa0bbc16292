package io.bpmon.core.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incidents of one incident key (docs/incidents.md): which incident each new version of an alert belongs to, and
 * how that incident changes. Pure and deterministic: the same alert versions at the same event times, in the same
 * order, always give the same incidents with the same ids and revisions, which is what lets the job replay them.
 */
public final class IncidentTracker {

    /** An alert that opens after all of the key's alerts were resolved for this long starts a new incident. */
    public static final Duration QUIET = Duration.ofMinutes(5);
    public static final int SAMPLE_SIZE = 10;

    private IncidentTracker() {}

    /**
     * What the job keeps per incident key.
     *
     * @param current    the newest incident, null before the first alert
     * @param members    every alert seen under this key, by id (older incidents' too, so their updates stay there)
     * @param quietSince event time when the current incident's last open alert resolved; {@link Long#MAX_VALUE}
     *                   while any is open
     */
    public record Track(Incident current, Map<String, Member> members, long quietSince) {

        public Track {
            members = members == null ? Map.of() : Map.copyOf(members);
        }

        public static Track empty() {
            return new Track(null, Map.of(), Long.MAX_VALUE);
        }
    }

    /** An alert under this key: its incident, whether it is open, its order. */
    public record Member(String incidentId, boolean open, String orderId, String inhibitedBy) {}

    /**
     * @param alert    the alert version with its {@code incidentId} (and {@code inhibitedBy}) set
     * @param incident the incident's new version, or null when this alert version did not change it
     */
    public record Outcome(Track track, Alert alert, Incident incident) {}

    /**
     * Applies one alert version seen at event time {@code at}.
     *
     * @param route where the alert goes (its key, the key's rule and segment, the inhibiting velocity alert)
     */
    public static Outcome apply(Track track, IncidentKeys.Route route, Alert alert, long at) {
        boolean open = alert.status() != AlertStatus.RESOLVED;
        Map<String, Member> members = new LinkedHashMap<>(track.members());
        Member before = members.get(alert.id());
        Incident current = track.current();
        if (before != null && (current == null || !before.incidentId().equals(current.id()))) {
            // an alert of an incident that is over for good: it keeps its incident, which stays as it was
            members.put(alert.id(), new Member(before.incidentId(), open, before.orderId(), before.inhibitedBy()));
            return new Outcome(new Track(current, members, track.quietSince()),
                    alert.inIncident(before.incidentId(), before.inhibitedBy()), null);
        }
        String inhibitedBy = before != null ? before.inhibitedBy() : route.inhibitedBy();
        boolean fresh = before == null && (current == null
                || (current.openAlertCount() == 0 && quietFor(track.quietSince(), at)));
        if (fresh) {
            current = new Incident(IncidentKeys.incidentId(route.key(), alert.id()), route.ruleId(),
                    alert.ruleName(), alert.severity(), route.segment(), AlertStatus.OPEN, alert.detectedAt(), null, 0,
                    0, List.of(), 0);
        }
        members.put(alert.id(), new Member(current.id(), open, alert.orderId(), inhibitedBy));
        Incident changed = recount(current, members, alert, before == null);
        long quietSince = changed.openAlertCount() > 0 ? Long.MAX_VALUE
                : current.openAlertCount() > 0 || fresh ? at : track.quietSince();
        Incident next = changed.equals(current) && !fresh ? current
                : new Incident(changed.id(), changed.ruleId(), changed.ruleName(), changed.severity(),
                        changed.segment(), changed.status(), changed.openedAt(), changed.resolvedAt(),
                        changed.alertCount(), changed.openAlertCount(), changed.sampleOrderIds(),
                        current.revision() + 1);
        return new Outcome(new Track(next, members, quietSince), alert.inIncident(next.id(), inhibitedBy),
                next == current ? null : next);
    }

    /** The incident with its counts, status and times after {@code alert} (a member now) changed. */
    private static Incident recount(Incident incident, Map<String, Member> members, Alert alert, boolean joined) {
        long all = 0;
        long open = 0;
        for (Member m : members.values()) {
            if (m.incidentId().equals(incident.id())) {
                all++;
                if (m.open()) {
                    open++;
                }
            }
        }
        List<String> sample = new ArrayList<>(incident.sampleOrderIds());
        if (joined && alert.orderId() != null && sample.size() < SAMPLE_SIZE && !sample.contains(alert.orderId())) {
            sample.add(alert.orderId());
        }
        // the owning rule names the incident: a velocity rule's incident keeps its name when inhibited alerts join
        boolean owner = alert.ruleId().equals(incident.ruleId());
        Instant resolvedAt = open > 0 ? null : latest(incident.resolvedAt(), alert.resolvedAt());
        return new Incident(incident.id(), incident.ruleId(),
                owner ? alert.ruleName() : incident.ruleName(), owner ? alert.severity() : incident.severity(),
                incident.segment(), open > 0 ? AlertStatus.OPEN : AlertStatus.RESOLVED, incident.openedAt(),
                resolvedAt, all, open, sample, incident.revision());
    }

    /** Whether the key was quiet for {@link #QUIET} at {@code at}; safe at the ends of the long range. */
    static boolean quietFor(long quietSince, long at) {
        return at >= quietSince && (at - quietSince >= QUIET.toMillis() || at - quietSince < 0);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
