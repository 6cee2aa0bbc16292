package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderFilter;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.OrderSort;
import io.bpmon.core.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The order explorer's search: id prefix, status, attributes, time range; sorted and paged by cursor (docs/api.md,
 * "Paging"). Checks the request and asks the {@link OrderReader} for the matching orders
 * ({@link OrderReader#search(OrderFilter, OrderSort, int, Cursor.Walk)}).
 */
public final class OrderSearch {

    public static final int PAGE_SIZE = 25;
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

    /**
     * A validated query.
     *
     * @param after where the page starts (the {@code next} of the page before); empty for the first page
     */
    public record Query(String id, String status, Map<String, String> attributes, String range, String sort,
            boolean ascending, Optional<Cursor> after) {}

    /**
     * One page of results.
     *
     * @param page which page this is (1 for the first), counted from the cursor's position
     * @param next where the next page starts; null on the last page
     */
    public record Result(List<JsonNode> items, long total, int page, int pages, Cursor next) {}

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
        Optional<Cursor> after = Optional.empty();
        List<String> a = params.get("after");
        if (a != null && !a.isEmpty() && a.get(0) != null && !a.get(0).isEmpty()) {
            after = Optional.of(cursor(() -> Cursor.decode(a.get(0))));
        }
        return new Query(id, status, attributes, range, sort, ascending, after);
    }

    public Result search(Query q) {
        // a walk's pages count "active in the last hour" back from the moment of its first page
        Instant asOf = q.after().map(Cursor::asOf).orElseGet(clock::instant);
        OrderFilter filter = new OrderFilter(q.id(), q.status().isEmpty() ? Optional.empty() : Optional.of(q.status()),
                q.attributes(), Optional.ofNullable(RANGES.get(q.range())).map(asOf::minus));
        OrderSort sort = new OrderSort(SORTS.get(q.sort()), q.ascending());
        Page<JsonNode> found = cursor(() -> orders.search(filter, sort, PAGE_SIZE,
                filter.walk(sort, asOf, q.after())));
        long total = found.total();
        long position = q.after().map(Cursor::position).orElse(0L);
        int page = (int) (position / PAGE_SIZE) + 1;
        int pages = (int) Math.max(page, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Result(found.items(), total, page, pages, found.next());
    }

    /** Reads a cursor or a page of it; one the list refuses is a 400 naming {@code after}. */
    private static <T> T cursor(Supplier<T> read) {
        try {
            return read.get();
        } catch (Cursor.InvalidCursorException e) {
            throw new UiException(400, "after: " + e.getMessage());
        }
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }
}
