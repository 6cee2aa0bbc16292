package io.bpmon.core.store;

import io.bpmon.core.alerts.AlertStatus;
import java.util.Optional;

/** A search over incidents ({@code GET /api/incidents}); absent filters match everything. Newest first. */
public record IncidentQuery(Optional<AlertStatus> status, Optional<String> ruleId, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    /** Alerts shown with one incident ({@code GET /api/incidents/{id}}). */
    public static final int MAX_ALERTS = 1000;

    public IncidentQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
    }
}
