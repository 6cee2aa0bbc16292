package io.bpmon.core.store;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.util.Optional;

/**
 * A search over alerts ({@code GET /api/alerts}, the alerts page); absent filters match everything. Newest first.
 *
 * @param attribute only alerts whose order has this attribute value (the alerts page's segment filter)
 */
public record AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId,
        Optional<Severity> severity, Optional<AttributeValue> attribute, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** One attribute and the value it must have. */
    public record AttributeValue(String name, String value) {}

    public AlertQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
    }

    /** Without severity and attribute filters (the API's search). */
    public AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId, int limit) {
        this(status, ruleId, orderId, Optional.empty(), Optional.empty(), limit);
    }

    public static AlertQuery forOrder(String orderId) {
        return new AlertQuery(Optional.empty(), Optional.empty(), Optional.of(orderId), MAX_LIMIT);
    }
}
