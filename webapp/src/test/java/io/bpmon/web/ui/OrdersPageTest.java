package io.bpmon.web.ui;

import static io.bpmon.web.ui.StorePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderSort;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void shouldListTheMatchingOrdersAndLinkTheNextPage() {
        server.orders.stored.put("o-1", placedOrder("o-1"));
        server.orders.total = OrderSearch.PAGE_SIZE + 1;

        HttpResponse<String> page = server.get("/orders?status=PLACED&country=DE");

        assertThat(server.orders.asked).containsExactly(new StorePagesServer.FakeOrders.Asked(
                new OrderFilter("", Optional.of("PLACED"), Map.of("country", "DE"), Optional.empty()),
                new OrderSort(OrderSort.Field.UPDATED_AT, false), 0, OrderSearch.PAGE_SIZE));
        assertThat(page.body()).contains("href=\"/orders/o-1\"", "1 late", (OrderSearch.PAGE_SIZE + 1) + " orders",
                "Page 1 of 2", "id=\"next-page\"").doesNotContain("id=\"prev-page\"");
        assertThat(page.body()).as("the next page keeps the filters")
                .containsPattern("href=\"/orders\\?sort=updatedAt&amp;dir=desc&amp;page=2[^\"]*status=PLACED"
                        + "[^\"]*country=DE\"");
    }
}
