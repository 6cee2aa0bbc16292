package io.bpmon.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which stored orders the order explorer lists; absent or empty parts match every order.
 *
 * @param idPrefix     order ids starting with this ("" for any)
 * @param status       orders in this status
 * @param attributes   orders with each of these attribute values
 * @param updatedSince orders with activity at or after this time
 */
public record OrderFilter(String idPrefix, Optional<String> status, Map<String, String> attributes,
        Optional<Instant> updatedSince) {

    public OrderFilter {
        attributes = Map.copyOf(attributes);
    }

    /**
     * A walk through the orders matching this filter in this sort.
     *
     * @param asOf  when the walk's first page was asked, if the filter counts back from it ({@code updatedSince});
     *              later pages take it from their cursor, so every page answers the same filter
     * @param after where the page starts; empty for the first page
     * @throws Cursor.InvalidCursorException when {@code after} is a cursor of another list, filter or sort
     */
    public Cursor.Walk walk(OrderSort sort, Instant asOf, Optional<Cursor> after) {
        return Cursor.Walk.start(OrderQuery.LIST, Cursor.fingerprint(idPrefix, status, attributes, updatedSince,
                sort.field(), sort.ascending()), asOf, after);
    }
}
