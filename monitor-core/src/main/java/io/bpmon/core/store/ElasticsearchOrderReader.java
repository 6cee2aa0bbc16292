package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link OrderReader} over the orders alias.
 *
 * <p>Lists are paged with {@code search_after} on a point in time (docs/api.md, "Paging"): an order's sort keys
 * ({@code updatedAt}, {@code status}) change with every event, so a walk over the live index would skip an order
 * that moved ahead of the cursor. A walk of more than one page therefore reads the snapshot its first page opened,
 * kept alive {@link #KEEP_ALIVE} past each page; a list that fits on one page opens none.
 */
public final class ElasticsearchOrderReader implements OrderReader {

    /** How long a walk's snapshot is kept after each page: the longest pause between two pages. */
    public static final Duration KEEP_ALIVE = Duration.ofMinutes(10);
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
        return walk(q, keys(new OrderSort(OrderSort.Field.UPDATED_AT, false)), LIST_EXCLUDES, query.limit(),
                query.walk());
    }

    @Override
    public Page<JsonNode> search(OrderFilter filter, OrderSort sort, int size, Cursor.Walk walk) {
        List<Query> filters = new ArrayList<>();
        if (!filter.idPrefix().isEmpty()) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("orderId").value(filter.idPrefix()))));
        }
        filter.status().ifPresent(s -> filters.add(Queries.term("status", s)));
        filter.attributes().forEach((k, v) -> filters.add(Queries.term("attributes." + k, v)));
        filter.updatedSince().ifPresent(t -> filters.add(Queries.dateRange("updatedAt", t, null)));
        return walk(Queries.all(filters), keys(sort), EXPLORER_EXCLUDES, size, walk);
    }

    /** The sort, ending in the order id (unique: ties are never left to chance). */
    private static List<SearchAfter.Key> keys(OrderSort sort) {
        List<SearchAfter.Key> keys = new ArrayList<>();
        keys.add(new SearchAfter.Key(sort.field().field(), sort.ascending(), sort.field().type()));
        if (sort.field() != OrderSort.Field.ORDER_ID) {
            keys.add(new SearchAfter.Key("orderId", true, FieldType.Keyword));
        }
        return keys;
    }

    /**
     * One page of the walk. The first page is read live; only if more follow is it read again from a new point in
     * time, whose id the next cursor carries, so that all pages of the walk come from that one snapshot.
     */
    private Page<JsonNode> walk(Query query, List<SearchAfter.Key> keys, List<String> excludes, int size,
            Cursor.Walk walk) {
        List<SearchAfter.Key> snapshotKeys = new ArrayList<>(keys);
        snapshotKeys.add(SearchAfter.SHARD_DOC);
        String pit;
        List<FieldValue> after = null;
        if (walk.after().isEmpty()) {
            SearchResponse<JsonNode> live = es.search(indices.orders(), s -> s.size(size + 1)
                    .trackTotalHits(t -> t.enabled(true)).query(query).sort(SearchAfter.sort(keys))
                    .source(src -> src.filter(f -> f.excludes(excludes))), JsonNode.class);
            if (live.hits().hits().size() <= size || size == 0) { // one page, or a count alone: no snapshot
                return new Page<>(live.hits().hits().stream().limit(size).map(Hit::source).toList(),
                        Queries.total(live.hits()));
            }
            pit = es.call("/" + indices.orders() + "/_pit", c -> c.openPointInTime(o -> o.index(indices.orders())
                    .keepAlive(t -> t.time(keepAlive())))).id();
        } else {
            Cursor cursor = walk.after().get();
            pit = cursor.pointInTime();
            if (pit == null) {
                throw new Cursor.InvalidCursorException("not a cursor of this list (it has no snapshot)");
            }
            after = SearchAfter.values(cursor, snapshotKeys);
        }
        List<FieldValue> searchAfter = after;
        String pitId = pit;
        SearchRequest request = SearchRequest.of(s -> {
            s.pit(p -> p.id(pitId).keepAlive(t -> t.time(keepAlive()))).size(size + 1)
                    .trackTotalHits(t -> t.enabled(true)).query(query).sort(SearchAfter.sort(snapshotKeys))
                    .source(src -> src.filter(f -> f.excludes(excludes)));
            return searchAfter == null ? s : s.searchAfter(searchAfter);
        });
        SearchResponse<JsonNode> r;
        try {
            r = es.call("/_search", c -> c.search(request, JsonNode.class));
        } catch (ElasticsearchException e) {
            // the snapshot a client's cursor names may be gone or garbled; one opened just now is neither
            throw searchAfter == null ? e : snapshotRefused(e);
        }
        List<Hit<JsonNode>> hits = r.hits().hits();
        for (Hit<JsonNode> hit : hits) {
            if (hit.index() == null || !hit.index().startsWith(indices.orders() + "-")) {
                throw new Cursor.InvalidCursorException("not a cursor of this list (its snapshot is of another)");
            }
        }
        SearchAfter.Cut<JsonNode> page = SearchAfter.cut(hits.stream().map(Hit::source).toList(),
                hits.stream().map(h -> SearchAfter.sortValues(h.sort())).toList(), size);
        // the last page leaves its snapshot to expire rather than closing it: a reload of that page reads it again
        String nextPit = r.pitId() != null ? r.pitId() : pitId;
        return new Page<>(page.items(), Queries.total(r.hits()),
                page.more() ? walk.next(page.lastSortValues(), nextPit, page.items().size()) : null);
    }

    /**
     * A cursor's snapshot Elasticsearch no longer has (404: kept {@link #KEEP_ALIVE} after a page), or whose id it
     * cannot read (400).
     */
    private static RuntimeException snapshotRefused(ElasticsearchException e) {
        if (e.status() == 404) {
            return new Cursor.InvalidCursorException("expired: a walk's snapshot is kept " + KEEP_ALIVE.toMinutes()
                    + " minutes after each page; start again from the first page");
        }
        if (e.status() == 400) {
            return new Cursor.InvalidCursorException("not a cursor of this server (Elasticsearch refused its "
                    + "snapshot)");
        }
        return e;
    }

    private static String keepAlive() {
        return KEEP_ALIVE.toMinutes() + "m";
    }
}
