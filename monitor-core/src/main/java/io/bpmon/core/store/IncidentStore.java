package io.bpmon.core.store;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.Incident;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the incidents the job wrote (docs/incidents.md), and records acknowledgements. Every incident read here is
 * seen as people see it: an open incident someone acknowledged is {@code ACKNOWLEDGED}; its alerts are seen as
 * {@link AlertStore} shows them.
 */
public interface IncidentStore {

    /** Open alerts one acknowledgement of an incident reaches: far more than an incident ever holds open. */
    int MAX_ACKNOWLEDGED_ALERTS = 10_000;

    Optional<Incident> find(String incidentId);

    Page<Incident> search(IncidentQuery query);

    /** The incident's alerts, newest first (by detection), at most {@code limit}. */
    List<Alert> alerts(String incidentId, int limit);

    /**
     * The incident's breach curve from its opening to its end (or {@code now}) and the values of
     * {@code segmentAttributes} its alerts share most (at most {@code topValues} per attribute).
     */
    IncidentProfile profile(Incident incident, Instant now, List<String> segmentAttributes, int topValues);

    /**
     * Alerts detected per minute in each of the incidents over the {@code minutes} minutes up to {@code now}, oldest
     * first: a sparkline per row of the incidents list, from one question for the whole page.
     */
    Map<String, List<Long>> perMinute(List<String> incidentIds, Instant now, int minutes);

    /**
     * Records that someone acknowledged the incident and, in one go, each of {@code openAlerts} as
     * {@link AlertStore#acknowledge} would (idempotent); visible to the next read.
     */
    void acknowledge(Incident incident, List<Alert> openAlerts, Instant at, String by);
}
