package io.bpmon.core.store;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.util.Optional;

/**
 * A search over alerts ({@code GET /api/alerts}, the alerts page); absent filters match everything. Newest first
 * ({@code detectedAt}, which never changes once an alert exists, then the id), one page at a time.
 *
 * @param attribute  only alerts whose order has this attribute value (the alerts page's segment filter)
 * @param incidentId only the alerts of this incident
 * @param after     where the page starts: the {@code next} of the page before, of the same filters; empty for the
 *                  first page
 */
public record AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId,
        Optional<Severity> severity, Optional<AttributeValue> attribute, int limit, Optional<Cursor> after,
        Optional<String> incidentId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    /** The list name in this search's cursors. */
    public static final String LIST = "alerts";

    /** One attribute and the value it must have. */
    public record AttributeValue(String name, String value) {}

    public AlertQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
        after = after == null ? Optional.empty() : after;
        incidentId = incidentId == null ? Optional.empty() : incidentId;
    }

    /** Of every incident. */
    public AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId,
            Optional<Severity> severity, Optional<AttributeValue> attribute, int limit, Optional<Cursor> after) {
        this(status, ruleId, orderId, severity, attribute, limit, after, Optional.empty());
    }

    /** The first page. */
    public AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId,
            Optional<Severity> severity, Optional<AttributeValue> attribute, int limit) {
        this(status, ruleId, orderId, severity, attribute, limit, Optional.empty());
    }

    /** The same filters, from another page on. */
    public AlertQuery after(Optional<Cursor> cursor) {
        return new AlertQuery(status, ruleId, orderId, severity, attribute, limit, cursor, incidentId);
    }

    /** The same filters, only the alerts of one incident (its affected orders). */
    public AlertQuery inIncident(Optional<String> incident) {
        return new AlertQuery(status, ruleId, orderId, severity, attribute, limit, after, incident);
    }

    /**
     * This search's walk through the alerts, from {@link #after}.
     *
     * @throws Cursor.InvalidCursorException when {@code after} is a cursor of another list or other filters
     */
    public Cursor.Walk walk() {
        return Cursor.Walk.start(LIST, incidentId.isEmpty()
                ? Cursor.fingerprint(status, ruleId, orderId, severity, attribute.map(a -> a.name() + "=" + a.value()))
                : Cursor.fingerprint(status, ruleId, orderId, severity, attribute.map(a -> a.name() + "=" + a.value()),
                        incidentId), null, after);
    }

    /** Without severity and attribute filters (the API's search). */
    public AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId, int limit) {
        this(status, ruleId, orderId, Optional.empty(), Optional.empty(), limit);
    }

    public static AlertQuery forOrder(String orderId) {
        return new AlertQuery(Optional.empty(), Optional.empty(), Optional.of(orderId), MAX_LIMIT);
    }
}
