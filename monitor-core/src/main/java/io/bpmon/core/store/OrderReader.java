package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads stored order documents ({@link io.bpmon.core.order.OrderDocument}). */
public interface OrderReader {

    Optional<JsonNode> find(String orderId);

    /** Newest activity first, without the timeline ({@code GET /api/orders}). */
    Page<JsonNode> search(OrderQuery query);

    /**
     * The orders matching the explorer's search, one page of them: without the timeline and the alerts.
     *
     * @param from how many matching orders to skip
     * @param size at most this many items (the total is counted regardless)
     */
    Page<JsonNode> search(OrderFilter filter, OrderSort sort, int from, int size);
}
