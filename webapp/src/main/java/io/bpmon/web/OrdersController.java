package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.OrderQuery;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.Page;
import io.javalin.http.Context;
import java.util.Optional;

/** {@code GET /api/orders} and {@code GET /api/orders/{orderId}}: what the job stored. */
final class OrdersController {

    private final OrderReader orders;
    private final Lifecycle lifecycle;

    OrdersController(OrderReader orders, Lifecycle lifecycle) {
        this.orders = orders;
        this.lifecycle = lifecycle;
    }

    void get(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        JsonNode order = orders.find(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId));
        ctx.json(order);
    }

    void list(Context ctx) {
        Optional<String> status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank());
        if (status.isPresent() && lifecycle.step(status.get()).isEmpty()) {
            throw ApiException.badRequest("status", "unknown status '" + abbreviate(status.get()) + "', expected one of "
                    + lifecycle.steps().stream().map(s -> s.name()).toList());
        }
        int limit = OrderQuery.DEFAULT_LIMIT;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null && !limitParam.isBlank()) {
            try {
                limit = Integer.parseInt(limitParam.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0 || limit > OrderQuery.MAX_LIMIT) {
                throw ApiException.badRequest("limit", "must be an integer from 0 to " + OrderQuery.MAX_LIMIT);
            }
        }
        Page<JsonNode> page = orders.search(new OrderQuery(status, limit));
        ctx.json(page);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
