package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads stored order documents ({@link io.bpmon.core.order.OrderDocument}). */
public interface OrderReader {

    Optional<JsonNode> find(String orderId);

    /** Newest activity first. */
    Page<JsonNode> search(OrderQuery query);
}
