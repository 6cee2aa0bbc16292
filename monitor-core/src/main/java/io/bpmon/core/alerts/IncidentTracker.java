package io.bpmon.core.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
     * What the job keeps per incident key, besides one {@link Member} per alert.
     *
     * @param current    the newest incident, null before the first alert
     * @param quietSince event time when the current incident's last open alert resolved; {@link Long#MAX_VALUE}
     *                   while any is open
     */
    public record Track(Incident current, long quietSince) {

        public static Track empty() {
            return new Track(null, Long.MAX_VALUE);
        }
    }

    /**
     * An alert under this key: its incident, whether it is open, the velocity alert that inhibited it. Kept for every
     * alert seen under the key (older incidents' too, so their later versions stay there).
     */
    public record Member(String incidentId, boolean open, String inhibitedBy) {}

    /**
     * @param member   what to keep for the alert from now on
     * @param alert    the alert version with its {@code incidentId} (and {@code inhibitedBy}) set
     * @param incident the incident's new version, or null when this alert version did not change it
     */
    public record Outcome(Track track, Member member, Alert alert, Incident incident) {}

    /**
     * Applies one alert version seen at event time {@code at}. Constant time: the counts change by what this version
     * changes, so an incident of many thousand alerts costs no more per alert than one of ten.
     *
     * @param before what was kept for this alert, null if it is new to the key
     * @param route  where the alert goes (its key, the key's rule and segment, the inhibiting velocity alert)
     */
    public static Outcome apply(Track track, Member before, IncidentKeys.Route route, Alert alert, long at) {
        boolean open = alert.status() != AlertStatus.RESOLVED;
        Incident current = track.current();
        if (before != null && (current == null || !before.incidentId().equals(current.id()))) {
            // an alert of an incident that is over for good: it keeps its incident, which stays as it was
            return new Outcome(track, new Member(before.incidentId(), open, before.inhibitedBy()),
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
        Incident changed = count(current, before, open, alert);
        long quietSince = changed.openAlertCount() > 0 ? Long.MAX_VALUE
                : current.openAlertCount() > 0 || fresh ? at : track.quietSince();
        Incident next = changed.equals(current) && !fresh ? current
                : new Incident(changed.id(), changed.ruleId(), changed.ruleName(), changed.severity(),
                        changed.segment(), changed.status(), changed.openedAt(), changed.resolvedAt(),
                        changed.alertCount(), changed.openAlertCount(), changed.sampleOrderIds(),
                        current.revision() + 1);
        return new Outcome(new Track(next, quietSince), new Member(next.id(), open, inhibitedBy),
                alert.inIncident(next.id(), inhibitedBy), next == current ? null : next);
    }

    /** The incident with its counts, status and times after {@code alert} (new, or a member before) changed. */
    private static Incident count(Incident incident, Member before, boolean open, Alert alert) {
        long all = incident.alertCount() + (before == null ? 1 : 0);
        long openCount = incident.openAlertCount() + (open ? 1 : 0) - (before != null && before.open() ? 1 : 0);
        List<String> sample = new ArrayList<>(incident.sampleOrderIds());
        if (before == null && alert.orderId() != null && sample.size() < SAMPLE_SIZE
                && !sample.contains(alert.orderId())) {
            sample.add(alert.orderId());
        }
        // the owning rule names the incident: a velocity rule's incident keeps its name when inhibited alerts join
        boolean owner = alert.ruleId().equals(incident.ruleId());
        Instant resolvedAt = openCount > 0 ? null : latest(incident.resolvedAt(), alert.resolvedAt());
        return new Incident(incident.id(), incident.ruleId(),
                owner ? alert.ruleName() : incident.ruleName(), owner ? alert.severity() : incident.severity(),
                incident.segment(), openCount > 0 ? AlertStatus.OPEN : AlertStatus.RESOLVED, incident.openedAt(),
                resolvedAt, all, openCount, sample, incident.revision());
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
