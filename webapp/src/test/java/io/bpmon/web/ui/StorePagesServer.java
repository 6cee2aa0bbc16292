package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.config.ApiUser;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderQuery;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.OrderSort;
import io.bpmon.core.store.Page;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pages that read the store — orders, an order, alerts — on a local port over fakes of the store's read
 * interfaces: orders and alerts a test puts in, and every question the pages asked, for the test to check. Every
 * request comes from a logged-in operator (the session and CSRF checks are {@link UiSecurity}'s, tested on their
 * own).
 */
final class StorePagesServer implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    final MutableClock clock = new MutableClock(NOW);
    final FakeOrders orders = new FakeOrders();
    final FakeAlerts alerts = new FakeAlerts();
    final List<Rule> rules = new CopyOnWriteArrayList<>();
    /** The acknowledgements asked for, as "alertId by"; {@link #refusal}, when set, is the answer. */
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    volatile AlertsPage.Refusal refusal;

    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    StorePagesServer() {
        Templates templates = new Templates();
        OrdersPage ordersPage = new OrdersPage(templates, new OrderSearch(orders, LIFECYCLE, clock), orders, alerts,
                LIFECYCLE, () -> rules, clock, true);
        AlertsPage alertsPage = new AlertsPage(templates, alerts, () -> rules, (id, by) -> {
            acknowledged.add(id + " " + by);
            return refusal;
        }, true);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(ctx -> ctx.attribute(UiSecurity.SESSION_ATTRIBUTE,
                    new Sessions.Session("cookie", "session", "csrf", "erika", ApiUser.Role.OPERATOR, NOW)));
            cfg.routes.get(UiPaths.ORDERS, ordersPage::list);
            cfg.routes.get(UiPaths.ORDER, ordersPage::detail);
            cfg.routes.get(UiPaths.ALERTS, alertsPage::page);
            cfg.routes.get(UiPaths.ALERTS_FRAGMENT, alertsPage::fragment);
            cfg.routes.post(UiPaths.ALERT_ACK, alertsPage::acknowledge);
            cfg.routes.exception(UiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start(0);
    }

    /**
     * Stored orders by id, listed in the order they were put in; remembers the explorer's questions. Pages like the
     * store: from the walk's position, with a next cursor while more follow (which orders match is the store's
     * business, tested against Elasticsearch).
     */
    static final class FakeOrders implements OrderReader {
        record Asked(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {}

        final Map<String, JsonNode> stored = new LinkedHashMap<>();
        final List<Asked> asked = new CopyOnWriteArrayList<>();
        /** How many orders match in all; the number stored when negative. */
        volatile long total = -1;

        @Override
        public Optional<JsonNode> find(String orderId) {
            return Optional.ofNullable(stored.get(orderId));
        }

        @Override
        public Page<JsonNode> search(OrderQuery query) {
            throw new UnsupportedOperationException("the pages ask the explorer's question");
        }

        @Override
        public Page<JsonNode> search(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {
            asked.add(new Asked(filter, sort, size, walk));
            List<JsonNode> all = List.copyOf(stored.values());
            int from = (int) walk.position();
            List<JsonNode> items = all.stream().skip(from).limit(size).toList();
            Cursor next = from + size < all.size() ? walk.next(List.of(items.get(items.size() - 1).path("orderId")
                    .asText()), "fake-snapshot", items.size()) : null;
            return new Page<>(items, total < 0 ? all.size() : total, next);
        }
    }

    /**
     * Answers every search with the alerts a test put in (filtered by order only: which alerts match the other
     * filters is the store's business, tested against Elasticsearch), newest first and paged by cursor like the
     * store; remembers the questions.
     */
    static final class FakeAlerts implements AlertStore {
        final List<Alert> stored = new CopyOnWriteArrayList<>();
        final List<AlertQuery> asked = new CopyOnWriteArrayList<>();
        /** How many match in all; the number stored when negative. */
        volatile long total = -1;

        @Override
        public Optional<Alert> find(String alertId) {
            return stored.stream().filter(a -> a.id().equals(alertId)).findFirst();
        }

        @Override
        public Page<Alert> search(AlertQuery query) {
            asked.add(query);
            Cursor.Walk walk = query.walk();
            List<Alert> found = new ArrayList<>(stored.stream()
                    .filter(a -> query.orderId().map(id -> id.equals(a.orderId())).orElse(true))
                    .sorted(NEWEST_FIRST).toList());
            List<Alert> after = walk.after().map(c -> found.stream().filter(a -> NEWEST_FIRST.compare(a,
                    keyOf(c.after())) > 0).toList()).orElse(found);
            List<Alert> items = after.stream().limit(query.limit()).toList();
            Cursor next = after.size() > items.size() && !items.isEmpty() ? walk.next(List.of(items.get(items.size()
                    - 1).detectedAt().toEpochMilli(), items.get(items.size() - 1).id()), null, items.size()) : null;
            return new Page<>(items, total < 0 ? found.size() : total, next);
        }

        private static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::detectedAt).reversed()
                .thenComparing(Alert::id);

        /** An alert with just the sort keys of the cursor's values. */
        private static Alert keyOf(List<Object> sortValues) {
            return new Alert((String) sortValues.get(1), null, 0, null, null, null, null, null, null, null, null, null,
                    null, Instant.ofEpochMilli((Long) sortValues.get(0)), null, null, false, null, null, 0);
        }

        @Override
        public void acknowledge(Alert current, Instant at, String by) {
            throw new UnsupportedOperationException("the page acknowledges through the Acknowledger");
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A form POST of name/value pairs, as htmx sends it when {@code htmx} is true. */
    HttpResponse<String> post(String path, boolean htmx, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (htmx) {
            r.header("HX-Request", "true");
        }
        return send(r.build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
