package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads stored order documents ({@link io.bpmon.core.order.OrderDocument}). */
public interface OrderReader {

    Optional<JsonNode> find(String orderId);

    /**
     * Newest activity first, without the timeline ({@code GET /api/orders}); one page, and the cursor of the next.
     *
     * @throws Cursor.InvalidCursorException when the query's cursor is not one of this search, or has expired
     */
    Page<JsonNode> search(OrderQuery query);

    /**
     * The orders matching the explorer's search, one page of them: without the timeline and the alerts.
     *
     * @param size at most this many items (the total is counted regardless)
     * @param walk where the page starts ({@link OrderFilter#walk}); the page's {@code next} continues it
     * @throws Cursor.InvalidCursorException when the walk's cursor does not fit this sort, or has expired
     */
    Page<JsonNode> search(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk);
}
