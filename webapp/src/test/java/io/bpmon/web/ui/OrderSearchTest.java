package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderQuery;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.OrderSort;
import io.bpmon.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order explorer's search against a fake {@link OrderReader}: request parameters become a typed question. */
class OrderSearchTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    /** Remembers the question and answers with {@code total} matches, one item shown. */
    static final class FakeOrders implements OrderReader {
        record Asked(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {}

        final List<Asked> asked = new ArrayList<>();
        long total;

        @Override
        public Optional<JsonNode> find(String orderId) {
            return Optional.empty();
        }

        @Override
        public Page<JsonNode> search(OrderQuery query) {
            throw new UnsupportedOperationException("the explorer asks the explorer's question");
        }

        @Override
        public Page<JsonNode> search(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {
            asked.add(new Asked(filter, sort, size, walk));
            return new Page<>(List.of(Json.mapper().createObjectNode().put("orderId", "o-1")), total);
        }
    }

    private final FakeOrders orders = new FakeOrders();
    private final OrderSearch search = new OrderSearch(orders, Lifecycle.defaultLifecycle(), new MutableClock(NOW));

    @Test
    void shouldAskForTheNewestActivityFirstWithoutFilters() {
        OrderSearch.Result r = search.search(search.parse(Map.of()));

        assertThat(orders.asked).hasSize(1);
        assertThat(orders.asked.get(0).filter()).isEqualTo(new OrderFilter("", Optional.empty(), Map.of(),
                Optional.empty()));
        assertThat(orders.asked.get(0).sort()).isEqualTo(new OrderSort(OrderSort.Field.UPDATED_AT, false));
        assertThat(orders.asked.get(0).size()).isEqualTo(OrderSearch.PAGE_SIZE);
        assertThat(orders.asked.get(0).walk().after()).isEmpty();
        assertThat(r.items()).hasSize(1);
        assertThat(r.pages()).isEqualTo(1);
    }

    @Test
    void shouldTurnEveryFilterIntoTheQuestion() {
        search.search(search.parse(Map.of("id", List.of(" o-4 "), "status", List.of("PAID"), "country",
                List.of("DE"), "range", List.of("1h"), "sort", List.of("orderId"))));

        FakeOrders.Asked asked = orders.asked.get(0);
        assertThat(asked.filter()).isEqualTo(new OrderFilter("o-4", Optional.of("PAID"), Map.of("country", "DE"),
                Optional.of(NOW.minus(Duration.ofHours(1)))));
        assertThat(asked.sort()).as("ids sort ascending by default").isEqualTo(new OrderSort(OrderSort.Field.ORDER_ID,
                true));
        assertThat(asked.walk().asOf()).isEqualTo(NOW);
    }

    @Test
    void shouldCountThePagesPastTheOldTenThousandWindow() {
        orders.total = 1_000_000;
        OrderFilter filter = new OrderFilter("", Optional.empty(), Map.of(), Optional.empty());
        OrderSort sort = new OrderSort(OrderSort.Field.FIRST_EVENT_AT, true);
        Cursor deep = filter.walk(sort, NOW, Optional.empty()).next(List.of(1L, "o-1"), "snapshot", 20_000);

        OrderSearch.Result r = search.search(search.parse(Map.of("sort", List.of("firstEventAt"), "dir",
                List.of("asc"), "after", List.of(deep.encode()))));

        assertThat(orders.asked.get(0).sort()).isEqualTo(sort);
        assertThat(orders.asked.get(0).walk().after()).contains(deep);
        assertThat(r.total()).isEqualTo(1_000_000);
        assertThat(r.page()).isEqualTo(20_000 / OrderSearch.PAGE_SIZE + 1);
        assertThat(r.pages()).isEqualTo(1_000_000 / OrderSearch.PAGE_SIZE);
    }

    @Test
    void shouldRefuseAnUnknownSortNamingTheParameter() {
        assertThatThrownBy(() -> search.parse(Map.of("sort", List.of("attributes"))))
                .isInstanceOf(UiException.class).hasMessageStartingWith("sort: one of");
        assertThat(orders.asked).isEmpty();
    }
}
