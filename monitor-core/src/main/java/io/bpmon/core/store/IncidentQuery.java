package io.bpmon.core.store;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.util.Optional;

/**
 * A search over incidents ({@code GET /api/incidents}, the incidents page); absent filters match everything. Newest
 * first ({@code openedAt}, which never changes once an incident exists, then the id), one page at a time.
 *
 * @param after where the page starts: the {@code next} of the page before, of the same filters; empty for the first
 *              page
 */
public record IncidentQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<Severity> severity,
        int limit, Optional<Cursor> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    /** Alerts shown with one incident ({@code GET /api/incidents/{id}}). */
    public static final int MAX_ALERTS = 1000;
    /** The list name in this search's cursors. */
    public static final String LIST = "incidents";

    public IncidentQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
        severity = severity == null ? Optional.empty() : severity;
        after = after == null ? Optional.empty() : after;
    }

    /** The first page, of every severity. */
    public IncidentQuery(Optional<AlertStatus> status, Optional<String> ruleId, int limit) {
        this(status, ruleId, Optional.empty(), limit, Optional.empty());
    }

    /** The same filters, from another page on. */
    public IncidentQuery after(Optional<Cursor> cursor) {
        return new IncidentQuery(status, ruleId, severity, limit, cursor);
    }

    /**
     * This search's walk through the incidents, from {@link #after}.
     *
     * @throws Cursor.InvalidCursorException when {@code after} is a cursor of another list or other filters
     */
    public Cursor.Walk walk() {
        return Cursor.Walk.start(LIST, Cursor.fingerprint(status, ruleId, severity), null, after);
    }
}
