package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyset paging with Elasticsearch's {@code search_after} (docs/api.md, "Paging"): a list's sort as keys ending in a
 * unique one, the client's {@link Cursor} as {@code search_after} values, and the page cut from an answer asked for
 * one item more than the page holds (so the last page says so, without an empty page after it).
 *
 * <p>Reading the live index is stable when no sort key of an item ever changes (alerts by {@code detectedAt}): an
 * item keeps its place, so it is handed out once, before or after the cursor. Where a key changes with every update
 * (orders by {@code updatedAt}), the walk reads a point in time instead ({@link #SHARD_DOC} ends its sort).
 */
final class SearchAfter {

    private SearchAfter() {}

    /** One sort key: a field, its direction, and what type its values have (for fields no document has yet). */
    record Key(String field, boolean ascending, FieldType type) {
        SortOptions sort() {
            return Queries.sort(field, ascending, type);
        }

        /** Whether a cursor's value can be this key's: epoch millis for dates, text (or missing) for keywords. */
        boolean accepts(Object value) {
            return switch (type) {
                case Date, Long, Integer -> value instanceof Long;
                case Keyword -> value == null || value instanceof String;
                default -> value == null || value instanceof Long || value instanceof Double || value instanceof String
                        || value instanceof Boolean;
            };
        }
    }

    /** The tiebreaker of a point in time: unique per document in the snapshot, and cheap to sort on. */
    static final Key SHARD_DOC = new Key("_shard_doc", true, FieldType.Long);

    static List<SortOptions> sort(List<Key> keys) {
        return keys.stream().map(k -> k == SHARD_DOC
                ? SortOptions.of(s -> s.field(f -> f.field(k.field()).order(SortOrder.Asc))) : k.sort()).toList();
    }

    /**
     * The cursor's sort values as {@code search_after}, checked against the keys, so that a cursor edited by hand
     * is refused here rather than by Elasticsearch.
     *
     * @throws Cursor.InvalidCursorException when the values do not fit the keys
     */
    static List<FieldValue> values(Cursor cursor, List<Key> keys) {
        List<Object> after = cursor.after();
        if (after.size() != keys.size()) {
            throw new Cursor.InvalidCursorException("not a cursor of this list's sort (" + keys.size()
                    + " sort values expected)");
        }
        List<FieldValue> values = new ArrayList<>(after.size());
        for (int i = 0; i < after.size(); i++) {
            Object v = after.get(i);
            if (!keys.get(i).accepts(v)) {
                throw new Cursor.InvalidCursorException("not a cursor of this list's sort (" + keys.get(i).field()
                        + ")");
            }
            values.add(fieldValue(v));
        }
        return values;
    }

    /** An answer's sort values as the cursor keeps them. */
    static List<Object> sortValues(List<FieldValue> sort) {
        List<Object> values = new ArrayList<>(sort.size());
        for (FieldValue v : sort) {
            if (v.isLong()) {
                values.add(v.longValue());
            } else if (v.isDouble()) {
                values.add(v.doubleValue());
            } else if (v.isBoolean()) {
                values.add(v.booleanValue());
            } else if (v.isString()) {
                values.add(v.stringValue());
            } else {
                values.add(null);
            }
        }
        return values;
    }

    private static FieldValue fieldValue(Object v) {
        if (v == null) {
            return FieldValue.NULL;
        }
        // unboxed: FieldValue.of(Object) would make them "any" values
        if (v instanceof Long l) {
            return FieldValue.of(l.longValue());
        }
        if (v instanceof Double d) {
            return FieldValue.of(d.doubleValue());
        }
        if (v instanceof Boolean b) {
            return FieldValue.of(b.booleanValue());
        }
        return FieldValue.of(v.toString());
    }

    /** A page of a walk over the live index: its hits, every match counted, and the cursor to the next page. */
    record LivePage(List<Hit<JsonNode>> hits, long total, Cursor next) {}

    /**
     * One page of {@code query}'s matches in {@code index}, newest first by {@code keys}, read live (no snapshot: for
     * lists whose sort keys never change, see the class comment), from where {@code walk} stands.
     */
    static LivePage live(Elasticsearch es, String index, Query query, List<Key> keys, Cursor.Walk walk, int limit) {
        List<FieldValue> after = walk.after().map(c -> values(c, keys)).orElse(null);
        SearchResponse<JsonNode> result = es.search(index, r -> {
            r.size(limit + 1).trackTotalHits(t -> t.enabled(true)).query(query).sort(sort(keys));
            return after == null ? r : r.searchAfter(after);
        }, JsonNode.class);
        List<Hit<JsonNode>> hits = result.hits().hits();
        Cut<Hit<JsonNode>> page = cut(hits, hits.stream().map(h -> sortValues(h.sort())).toList(), limit);
        return new LivePage(page.items(), Queries.total(result.hits()),
                page.more() ? walk.next(page.lastSortValues(), null, page.items().size()) : null);
    }

    /**
     * One page cut from an answer asked for {@code limit + 1} items, in their order.
     *
     * @param items      the answer's items (at most limit + 1)
     * @param sortValues the sort values of each answered item
     */
    static <T> Cut<T> cut(List<T> items, List<List<Object>> sortValues, int limit) {
        if (items.size() <= limit) {
            return new Cut<>(items, null);
        }
        return new Cut<>(items.subList(0, limit), limit == 0 ? null : sortValues.get(limit - 1));
    }

    /**
     * A page's items and, when more follow, the sort values of its last item.
     *
     * @param lastSortValues null on the last page
     */
    record Cut<T>(List<T> items, List<Object> lastSortValues) {
        boolean more() {
            return lastSortValues != null;
        }
    }
}
