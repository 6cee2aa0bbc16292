package io.bpmon.web.ui;

import static io.bpmon.web.ui.StorePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderSort;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /orders} and {@code /orders/{id}} over fakes of the store's {@link io.bpmon.core.store.OrderReader} and
 * {@link io.bpmon.core.store.AlertStore}: what the pages ask, and that they show what the store answered.
 */
class OrdersPageTest {

    private static final Rule PAY_30M = new Rule("pay-30m", "Payment within 30 min", RuleKind.STEP_SLA, "PLACED",
            "PAID", Duration.ofMinutes(30), List.of(), null, null, null, null, List.of(),
            Map.of("country", List.of("DE")), Severity.CRITICAL, true, 1, NOW, "test");

    private final StorePagesServer server = new StorePagesServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** An order placed 40 minutes ago in DE and not paid: one event, late. */
    private static JsonNode placedOrder(String orderId) {
        ObjectNode doc = Json.mapper().createObjectNode().put("orderId", orderId).put("status", "PLACED")
                .put("terminal", false).put("eventCount", 1).put("lateEvents", 1)
                .put("firstEventAt", NOW.minus(Duration.ofMinutes(40)).toString())
                .put("updatedAt", NOW.minus(Duration.ofMinutes(40)).toString());
        doc.putObject("attributes").put("country", "DE");
        doc.putObject("steps").put("PLACED", NOW.minus(Duration.ofMinutes(40)).toString());
        ObjectNode event = doc.putArray("events").addObject().put("eventId", "e-1").put("type", "ORDER_PLACED")
                .put("occurredAt", NOW.minus(Duration.ofMinutes(40)).toString())
                .put("receivedAt", NOW.minus(Duration.ofMinutes(39)).toString()).put("source", "checkout")
                .put("late", true).put("duplicates", 2);
        event.putObject("attributes").put("channel", "web");
        return doc;
    }

    @Test
    void shouldShowTheStoredOrderWithItsTimelineDeadlinesAndAlerts() {
        server.orders.stored.put("o-1", placedOrder("o-1"));
        server.rules.add(PAY_30M);
        server.alerts.stored.add(AlertsPageTest.alert("a-1", "o-1", AlertStatus.OPEN, Map.of()));
        server.alerts.stored.add(AlertsPageTest.alert("a-2", "o-2", AlertStatus.OPEN, Map.of()));

        HttpResponse<String> page = server.get("/orders/o-1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(server.alerts.asked).containsExactly(AlertQuery.forOrder("o-1"));
        assertThat(page.body()).contains("id=\"order-id\">o-1<", "country=DE", "ORDER_PLACED", "e-1", "checkout",
                "duplicate ×2", "flag-late", "channel=web", "Payment within 30 min", "state-overdue",
                "href=\"/alerts?ruleId=pay-30m\"");
        assertThat(page.body()).as("one alert of this order").containsOnlyOnce("rule's alerts");
    }

    @Test
    void shouldAnswer404ForAnOrderTheStoreDoesNotHave() {
        HttpResponse<String> page = server.get("/orders/o-9");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).isEqualTo("No order with id o-9");
        assertThat(server.alerts.asked).isEmpty();
    }

    @Test
    void shouldListTheMatchingOrdersAndFollowTheNextLinkWithTheFiltersKept() {
        for (int i = 1; i <= OrderSearch.PAGE_SIZE + 1; i++) {
            server.orders.stored.put("o-" + i, placedOrder("o-" + i));
        }

        HttpResponse<String> first = server.get("/orders?status=PLACED&country=DE");

        OrderFilter filter = new OrderFilter("", Optional.of("PLACED"), Map.of("country", "DE"), Optional.empty());
        OrderSort sort = new OrderSort(OrderSort.Field.UPDATED_AT, false);
        assertThat(server.orders.asked).extracting(StorePagesServer.FakeOrders.Asked::filter,
                StorePagesServer.FakeOrders.Asked::sort, StorePagesServer.FakeOrders.Asked::size)
                .containsExactly(tuple(filter, sort, OrderSearch.PAGE_SIZE));
        assertThat(server.orders.asked.get(0).walk().after()).isEmpty();
        assertThat(first.body()).contains("href=\"/orders/o-1\"", "1 late", (OrderSearch.PAGE_SIZE + 1) + " orders",
                "Page 1 of 2", "id=\"next-page\"").doesNotContain("id=\"first-page\"", "href=\"/orders/o-26\"");
        String next = href(first.body(), "next-page");
        assertThat(next).as("the next page keeps the sort and the filters")
                .startsWith("/orders?sort=updatedAt&dir=desc&status=PLACED&country=DE&after=");

        HttpResponse<String> second = server.get(next);

        assertThat(second.statusCode()).isEqualTo(200);
        StorePagesServer.FakeOrders.Asked asked = server.orders.asked.get(1);
        assertThat(asked.filter()).isEqualTo(filter);
        assertThat(asked.walk().after()).hasValueSatisfying(c -> assertThat(c.position())
                .isEqualTo(OrderSearch.PAGE_SIZE));
        assertThat(second.body()).contains("href=\"/orders/o-26\"", "Page 2 of 2", "id=\"first-page\"")
                .doesNotContain("href=\"/orders/o-1\"", "id=\"next-page\"");
        assertThat(href(second.body(), "first-page")).isEqualTo("/orders?sort=updatedAt&dir=desc&status=PLACED"
                + "&country=DE");
    }

    @Test
    void shouldCountTheTimeRangeBackFromTheWalksFirstPageOnEveryPage() {
        for (int i = 1; i <= OrderSearch.PAGE_SIZE + 1; i++) {
            server.orders.stored.put("o-" + i, placedOrder("o-" + i));
        }
        String next = href(server.get("/orders?range=1h").body(), "next-page");
        server.clock.advance(Duration.ofMinutes(30));

        assertThat(server.get(next).statusCode()).isEqualTo(200);

        assertThat(server.orders.asked).extracting(a -> a.filter().updatedSince())
                .containsExactly(Optional.of(NOW.minus(Duration.ofHours(1))), Optional.of(NOW.minus(Duration.ofHours(1))));
    }

    @Test
    void shouldRefuseAMalformedOrForeignCursorNamingAfter() {
        for (int i = 1; i <= OrderSearch.PAGE_SIZE + 1; i++) {
            server.orders.stored.put("o-" + i, placedOrder("o-" + i));
        }
        String next = href(server.get("/orders?status=PLACED").body(), "next-page");
        String cursor = next.substring(next.indexOf("after=") + "after=".length());

        HttpResponse<String> otherFilters = server.get("/orders?status=PAID&after=" + cursor);
        HttpResponse<String> garbage = server.get("/orders?after=bm90LWEtY3Vyc29y");
        HttpResponse<String> alertsCursor = server.get("/orders?after=" + new Cursor("alerts", "q", null,
                List.of(1L, "a-1"), null, 100).encode());

        assertThat(otherFilters.statusCode()).isEqualTo(400);
        assertThat(otherFilters.body()).startsWith("after: a cursor of other filters");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).startsWith("after: not a cursor");
        assertThat(alertsCursor.statusCode()).isEqualTo(400);
        assertThat(alertsCursor.body()).startsWith("after: a cursor of the alerts list");
        assertThat(server.orders.asked).as("only the first page was read").hasSize(1);
    }

    /** The target of the link with this id, as a browser would follow it. */
    static String href(String html, String id) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\"[^>]*id=\"" + id + "\"").matcher(html);
        assertThat(m.find()).as("a link with id " + id).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}
