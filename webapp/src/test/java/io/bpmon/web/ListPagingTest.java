package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderQuery;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.OrderSort;
import io.bpmon.core.store.Page;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/orders} paged by cursor over a fake {@link OrderReader} that pages like the store: the answer's
 * {@code next}, the {@code after} it takes back, and the 400 naming {@code after} for every cursor it refuses
 * (docs/api.md, "Paging"). The alerts list goes through the same {@link Params}.
 */
class ListPagingTest {

    /** Orders o-1 … o-n in that order; pages from the walk's position; a refusal to throw, when set. */
    static final class FakeOrders implements OrderReader {
        final List<OrderQuery> asked = new CopyOnWriteArrayList<>();
        volatile int stored;
        volatile Cursor.InvalidCursorException refusal;

        @Override
        public Optional<JsonNode> find(String orderId) {
            return Optional.empty();
        }

        @Override
        public Page<JsonNode> search(OrderQuery query) {
            asked.add(query);
            Cursor.Walk walk = query.walk();
            if (refusal != null && walk.after().isPresent()) {
                throw refusal;
            }
            List<JsonNode> items = new ArrayList<>();
            int from = (int) walk.position();
            for (int i = from + 1; i <= Math.min(stored, from + query.limit()); i++) {
                items.add(Json.mapper().createObjectNode().put("orderId", "o-" + i));
            }
            Cursor next = from + items.size() < stored && !items.isEmpty()
                    ? walk.next(List.of(0L, "o-" + (from + items.size())), "snapshot", items.size()) : null;
            return new Page<>(items, stored, next);
        }

        @Override
        public Page<JsonNode> search(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {
            throw new UnsupportedOperationException("the API asks the API's question");
        }
    }

    private final FakeOrders orders = new FakeOrders();
    private final Javalin app = Javalin.create(cfg -> {
        cfg.startup.showJavalinBanner = false;
        cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
        cfg.routes.get(Routes.ORDERS, new OrdersController(orders, null, Lifecycle.defaultLifecycle())::list);
        cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    }).start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private void assertRefused(HttpResponse<String> r, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode detail = json(r).path("details").path(0);
        assertThat(detail.path("field").asText()).isEqualTo("after");
        assertThat(detail.path("message").asText()).startsWith(message);
    }

    @Test
    void shouldHandOutNextUntilTheLastPageAndTakeItBackAsAfter() {
        orders.stored = 5;
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = json(get(Routes.ORDERS + "?status=PLACED&limit=2" + (next == null ? "" : "&after=" + next)));
            pages++;
            assertThat(page.path("total").asLong()).isEqualTo(5);
            page.path("items").forEach(o -> seen.add(o.path("orderId").asText()));
            next = page.has("next") ? page.path("next").asText() : null;
        } while (next != null);

        assertThat(seen).containsExactly("o-1", "o-2", "o-3", "o-4", "o-5");
        assertThat(pages).isEqualTo(3);
        assertThat(orders.asked).extracting(q -> q.after().isPresent()).containsExactly(false, true, true);
        assertThat(orders.asked).extracting(OrderQuery::status).containsOnly(Optional.of("PLACED"));
    }

    @Test
    void shouldRefuseAMalformedOrForeignCursorNamingAfter() {
        orders.stored = 5;
        String next = json(get(Routes.ORDERS + "?status=PLACED&limit=2")).path("next").asText();
        String alerts = new Cursor("alerts", "q", null, List.of(1L, "a-1"), null, 2).encode();

        assertRefused(get(Routes.ORDERS + "?after=bm90LWEtY3Vyc29y"), "not a cursor of this server");
        assertThat(get(Routes.ORDERS + "?after=").statusCode()).as("empty: the first page").isEqualTo(200);
        assertRefused(get(Routes.ORDERS + "?after=" + alerts), "a cursor of the alerts list, not of orders");
        assertRefused(get(Routes.ORDERS + "?status=PAID&after=" + next), "a cursor of other filters");
        assertThat(get(Routes.ORDERS + "?status=PLACED&limit=3&after=" + next).statusCode())
                .as("another page size is the same walk").isEqualTo(200);
    }

    @Test
    void shouldAnswerTheStoresRefusalOfACursorAs400NamingAfter() {
        orders.stored = 5;
        String next = json(get(Routes.ORDERS + "?limit=2")).path("next").asText();
        orders.refusal = new Cursor.InvalidCursorException("expired: start again");

        assertRefused(get(Routes.ORDERS + "?limit=2&after=" + next), "expired");
    }
}
