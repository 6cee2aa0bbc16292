package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The order explorer's search: id prefix, status, attributes, time range; sorted and paged. */
public final class OrderSearch {

    public static final int PAGE_SIZE = 25;
    /** Elasticsearch pages from+size up to 10 000 hits; beyond that, narrow the filters. */
    static final int MAX_WINDOW = 10_000;
    /** The attributes offered as filters. */
    public static final List<String> FILTER_ATTRIBUTES = List.of("country", "channel", "paymentMethod", "carrier",
            "warehouse");
    /** Sortable columns: name shown -> indexed field. */
    static final Map<String, String> SORTS = new LinkedHashMap<>();
    /** Time ranges offered, on the order's last activity. */
    public static final Map<String, Duration> RANGES = new LinkedHashMap<>();

    static {
        SORTS.put("updatedAt", "updatedAt");
        SORTS.put("firstEventAt", "firstEventAt");
        SORTS.put("orderId", "orderId");
        SORTS.put("status", "status");
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

    private final ElasticsearchClient es;
    private final Indices indices;
    private final Lifecycle lifecycle;
    private final Clock clock;

    public OrderSearch(ElasticsearchClient es, Indices indices, Lifecycle lifecycle, Clock clock) {
        this.es = es;
        this.indices = indices;
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
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", PAGE_SIZE);
        body.put("from", (q.page() - 1) * PAGE_SIZE);
        body.put("track_total_hits", true);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        if (!q.id().isEmpty()) {
            filter.addObject().putObject("prefix").putObject("orderId").put("value", q.id());
        }
        if (!q.status().isEmpty()) {
            filter.addObject().putObject("term").put("status", q.status());
        }
        q.attributes().forEach((k, v) -> filter.addObject().putObject("term").put("attributes." + k, v));
        Optional.ofNullable(RANGES.get(q.range())).ifPresent(d -> filter.addObject().putObject("range")
                .putObject("updatedAt").put("gte", clock.instant().minus(d).toString()));
        ArrayNode sort = body.putArray("sort");
        String field = SORTS.get(q.sort());
        sort.addObject().putObject(field).put("order", q.ascending() ? "asc" : "desc")
                .put("unmapped_type", field.endsWith("At") ? "date" : "keyword");
        if (!field.equals("orderId")) {
            sort.addObject().putObject("orderId").put("order", "asc").put("unmapped_type", "keyword");
        }
        body.putObject("_source").putArray("excludes").add("events").add("alerts");
        JsonNode hits = es.search(indices.orders(), body).path("hits");
        List<JsonNode> items = new ArrayList<>();
        hits.path("hits").forEach(h -> items.add(h.path("_source")));
        long total = hits.path("total").path("value").asLong();
        int pages = (int) Math.max(1, Math.min((total + PAGE_SIZE - 1) / PAGE_SIZE, MAX_WINDOW / PAGE_SIZE));
        return new Result(items, total, q.page(), pages);
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }
}
