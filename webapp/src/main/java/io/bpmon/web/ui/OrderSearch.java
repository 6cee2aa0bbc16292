package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.OrderSort;
import io.bpmon.core.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order explorer's search: id prefix, status, attributes, time range; sorted and paged. Checks the request and
 * asks the {@link OrderReader} for the matching orders ({@link OrderReader#search(OrderFilter, OrderSort, int, int)}).
 */
public final class OrderSearch {

    public static final int PAGE_SIZE = 25;
    /** Elasticsearch pages from+size up to 10 000 hits; beyond that, narrow the filters. */
    static final int MAX_WINDOW = 10_000;
    /** The attributes offered as filters. */
    public static final List<String> FILTER_ATTRIBUTES = List.of("country", "channel", "paymentMethod", "carrier",
            "warehouse");
    /** Sortable columns: name in the request -> the order field. */
    static final Map<String, OrderSort.Field> SORTS = new LinkedHashMap<>();
    /** Time ranges offered, on the order's last activity. */
    public static final Map<String, Duration> RANGES = new LinkedHashMap<>();

    static {
        SORTS.put("updatedAt", OrderSort.Field.UPDATED_AT);
        SORTS.put("firstEventAt", OrderSort.Field.FIRST_EVENT_AT);
        SORTS.put("orderId", OrderSort.Field.ORDER_ID);
        SORTS.put("status", OrderSort.Field.STATUS);
        RANGES.put("15m", Duration.ofMinutes(15));
        RANGES.put("1h", Duration.ofHours(1));
        RANGES.put("24h", Duration.ofHours(24));
        RANGES.put("7d", Duration.ofDays(7));
        RANGES.put("30d", Duration.ofDays(30));
    }

    /** A validated query. */
    public record Query(String id, String status, Map<String, String> attributes, String range, String sort,
            boolean ascending, int page) {}

    /** One page of results. */
    public record Result(List<JsonNode> items, long total, int page, int pages) {}

    private final OrderReader orders;
    private final Lifecycle lifecycle;
    private final Clock clock;

    public OrderSearch(OrderReader orders, Lifecycle lifecycle, Clock clock) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Reads and checks the request parameters; a bad one is a 400 naming it. */
    public Query parse(Map<String, List<String>> params) {
        String id = first(params, "id").trim();
        if (id.length() > 128) {
            throw new UiException(400, "id: at most 128 characters");
        }
        String status = first(params, "status");
        if (!status.isEmpty() && lifecycle.step(status).isEmpty()) {
            throw new UiException(400, "status: unknown status");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String a : FILTER_ATTRIBUTES) {
            String v = first(params, a).trim();
            if (v.length() > 256) {
                throw new UiException(400, a + ": at most 256 characters");
            }
            if (!v.isEmpty()) {
                attributes.put(a, v);
            }
        }
        String range = first(params, "range");
        if (!range.isEmpty() && !RANGES.containsKey(range)) {
            throw new UiException(400, "range: one of " + RANGES.keySet());
        }
        String sort = first(params, "sort");
        if (sort.isEmpty()) {
            sort = "updatedAt";
        } else if (!SORTS.containsKey(sort)) {
            throw new UiException(400, "sort: one of " + SORTS.keySet());
        }
        String dir = first(params, "dir");
        if (!dir.isEmpty() && !dir.equals("asc") && !dir.equals("desc")) {
            throw new UiException(400, "dir: asc or desc");
        }
        boolean ascending = dir.isEmpty() ? sort.equals("orderId") || sort.equals("status") : dir.equals("asc");
        int page = 1;
        String p = first(params, "page");
        if (!p.isEmpty()) {
            try {
                page = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new UiException(400, "page: a number");
            }
            if (page < 1 || (long) page * PAGE_SIZE > MAX_WINDOW) {
                throw new UiException(400, "page: between 1 and " + MAX_WINDOW / PAGE_SIZE);
            }
        }
        return new Query(id, status, attributes, range, sort, ascending, page);
    }

    public Result search(Query q) {
        OrderFilter filter = new OrderFilter(q.id(), q.status().isEmpty() ? Optional.empty() : Optional.of(q.status()),
                q.attributes(), Optional.ofNullable(RANGES.get(q.range())).map(d -> clock.instant().minus(d)));
        Page<JsonNode> found = orders.search(filter, new OrderSort(SORTS.get(q.sort()), q.ascending()),
                (q.page() - 1) * PAGE_SIZE, PAGE_SIZE);
        long total = found.total();
        int pages = (int) Math.max(1, Math.min((total + PAGE_SIZE - 1) / PAGE_SIZE, MAX_WINDOW / PAGE_SIZE));
        return new Result(found.items(), total, q.page(), pages);
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }
}
