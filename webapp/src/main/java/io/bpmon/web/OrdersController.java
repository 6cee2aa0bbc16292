package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.lifecycle.Lifecycle;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.OrderQuery;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.Page;
import io.javalin.http.Context;
import java.util.Optional;

/** {@code GET /api/orders} and {@code GET /api/orders/{orderId}}: what the job stored. */
final class OrdersController {

    private final OrderReader orders;
    private final AlertStore alerts;
    private final Lifecycle lifecycle;

    OrdersController(OrderReader orders, AlertStore alerts, Lifecycle lifecycle) {
        this.orders = orders;
        this.alerts = alerts;
        this.lifecycle = lifecycle;
    }

    /** The order as the job stored it, with its alerts (which the rule evaluators write separately). */
    void get(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        JsonNode order = orders.find(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId));
        if (order instanceof ObjectNode document) {
            document.set("alerts", Json.mapper().valueToTree(alerts.search(AlertQuery.forOrder(orderId)).items()));
        }
        ctx.json(order);
    }

    void list(Context ctx) {
        Optional<String> status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank());
        if (status.isPresent() && lifecycle.step(status.get()).isEmpty()) {
            throw ApiException.badRequest("status", "unknown status '" + abbreviate(status.get()) + "', expected one of "
                    + lifecycle.steps().stream().map(s -> s.name()).toList());
        }
        int limit = Params.limit(ctx, OrderQuery.DEFAULT_LIMIT, OrderQuery.MAX_LIMIT);
        OrderQuery query = new OrderQuery(status, limit, Params.after(ctx));
        Page<JsonNode> page = Params.cursor(() -> orders.search(query));
        ctx.json(page);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
