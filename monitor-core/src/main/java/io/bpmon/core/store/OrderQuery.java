package io.bpmon.core.store;

import java.util.Optional;

/**
 * A search over stored orders.
 *
 * @param status only orders in this status, if present
 * @param limit  at most this many items (the total is counted regardless)
 */
public record OrderQuery(Optional<String> status, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public OrderQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
    }
}
