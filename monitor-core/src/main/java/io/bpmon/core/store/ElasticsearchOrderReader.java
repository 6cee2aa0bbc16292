package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link OrderReader} over the orders alias. */
public final class ElasticsearchOrderReader implements OrderReader {

    /** The list view leaves out the timeline; the order page has it. */
    private static final List<String> LIST_EXCLUDES = List.of("events");

    private final ElasticsearchClient es;
    private final Indices indices;

    public ElasticsearchOrderReader(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<JsonNode> find(String orderId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("query").putObject("ids").putArray("values").add(orderId);
        body.put("size", 1);
        JsonNode hits = es.search(indices.orders(), body).path("hits").path("hits");
        return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0).path("_source"));
    }

    @Override
    public Page<JsonNode> search(OrderQuery query) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", query.limit());
        body.put("track_total_hits", true);
        ObjectNode q = body.putObject("query");
        if (query.status().isPresent()) {
            q.putObject("term").put("status", query.status().get());
        } else {
            q.putObject("match_all");
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("updatedAt").put("order", "desc").put("unmapped_type", "date");
        sort.addObject().putObject("orderId").put("order", "asc").put("unmapped_type", "keyword");
        ArrayNode excludes = body.putObject("_source").putArray("excludes");
        LIST_EXCLUDES.forEach(excludes::add);
        JsonNode hits = es.search(indices.orders(), body).path("hits");
        List<JsonNode> items = new ArrayList<>();
        hits.path("hits").forEach(h -> items.add(h.path("_source")));
        return new Page<>(items, hits.path("total").path("value").asLong());
    }
}
