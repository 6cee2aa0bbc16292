package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link OrderReader} over the orders alias. */
public final class ElasticsearchOrderReader implements OrderReader {

    /** The API's list leaves out the timeline; the order page has it. */
    private static final List<String> LIST_EXCLUDES = List.of("events");
    /** The explorer's rows leave out the timeline and the alerts too. */
    private static final List<String> EXPLORER_EXCLUDES = List.of("events", "alerts");

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchOrderReader(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<JsonNode> find(String orderId) {
        List<Hit<JsonNode>> hits = es.search(indices.orders(), s -> s.size(1).query(Queries.ids(List.of(orderId))),
                JsonNode.class).hits().hits();
        return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0).source());
    }

    @Override
    public Page<JsonNode> search(OrderQuery query) {
        Query q = query.status().map(s -> Queries.term("status", s)).orElse(Query.of(m -> m.matchAll(a -> a)));
        return page(es.search(indices.orders(), s -> s.size(query.limit()).trackTotalHits(t -> t.enabled(true))
                .query(q).sort(Queries.sort("updatedAt", false, FieldType.Date),
                        Queries.sort("orderId", true, FieldType.Keyword))
                .source(src -> src.filter(f -> f.excludes(LIST_EXCLUDES))), JsonNode.class));
    }

    @Override
    public Page<JsonNode> search(OrderFilter filter, OrderSort sort, int from, int size) {
        List<Query> filters = new ArrayList<>();
        if (!filter.idPrefix().isEmpty()) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("orderId").value(filter.idPrefix()))));
        }
        filter.status().ifPresent(s -> filters.add(Queries.term("status", s)));
        filter.attributes().forEach((k, v) -> filters.add(Queries.term("attributes." + k, v)));
        filter.updatedSince().ifPresent(t -> filters.add(Queries.dateRange("updatedAt", t, null)));
        List<SortOptions> order = new ArrayList<>();
        order.add(Queries.sort(sort.field().field(), sort.ascending(), sort.field().type()));
        if (sort.field() != OrderSort.Field.ORDER_ID) {
            order.add(Queries.sort("orderId", true, FieldType.Keyword));
        }
        return page(es.search(indices.orders(), s -> s.from(from).size(size).trackTotalHits(t -> t.enabled(true))
                .query(Queries.all(filters)).sort(order)
                .source(src -> src.filter(f -> f.excludes(EXPLORER_EXCLUDES))), JsonNode.class));
    }

    private static Page<JsonNode> page(SearchResponse<JsonNode> r) {
        return new Page<>(r.hits().hits().stream().map(Hit::source).toList(), Queries.total(r.hits()));
    }
}
