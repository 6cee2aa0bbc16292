package io.bpmon.core.store;

import io.bpmon.core.alerts.AlertStatus;
import java.util.Optional;

/** A search over alerts ({@code GET /api/alerts}); absent filters match everything. Newest first. */
public record AlertQuery(Optional<AlertStatus> status, Optional<String> ruleId, Optional<String> orderId, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public AlertQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
    }

    public static AlertQuery forOrder(String orderId) {
        return new AlertQuery(Optional.empty(), Optional.empty(), Optional.of(orderId), MAX_LIMIT);
    }
}
