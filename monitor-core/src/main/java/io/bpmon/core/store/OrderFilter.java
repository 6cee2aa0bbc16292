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
}
