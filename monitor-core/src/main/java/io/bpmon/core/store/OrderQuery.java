package io.bpmon.core.store;

import java.util.Optional;

/**
 * A search over stored orders ({@code GET /api/orders}): newest activity first, one page at a time.
 *
 * @param status only orders in this status, if present
 * @param limit  at most this many items (the total is counted regardless)
 * @param after  where the page starts: the {@code next} of the page before, of the same status; empty for the first
 */
public record OrderQuery(Optional<String> status, int limit, Optional<Cursor> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    /** The list name in the cursors of orders (this search and the explorer's). */
    public static final String LIST = "orders";

    public OrderQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
        after = after == null ? Optional.empty() : after;
    }

    /** The first page. */
    public OrderQuery(Optional<String> status, int limit) {
        this(status, limit, Optional.empty());
    }

    /**
     * This search's walk through the orders, from {@link #after}: the same as the explorer's without filters but the
     * status, newest activity first.
     *
     * @throws Cursor.InvalidCursorException when {@code after} is a cursor of another list or other filters
     */
    public Cursor.Walk walk() {
        return new OrderFilter("", status, java.util.Map.of(), Optional.empty())
                .walk(new OrderSort(OrderSort.Field.UPDATED_AT, false), null, after);
    }
}
