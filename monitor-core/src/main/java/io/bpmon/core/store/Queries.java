package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.DoubleTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.HitsMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.preview.Condition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed queries, sorts and hit readers the stores share: one place that knows how bpmon's conditions
 * ({@link Condition}) and field types read in the client's query DSL. Only scriptless queries (range, term(s),
 * exists, ids, prefix, bool), which every supported server answers.
 */
final class Queries {

    private Queries() {}

    /** The condition as a query; {@link Condition#matches} evaluates the same in Java, for tests. */
    static Query of(Condition condition) {
        if (condition instanceof Condition.DateRange r) {
            return dateRange(r.field(), r.gte(), r.lt());
        }
        if (condition instanceof Condition.NumberRange r) {
            return Query.of(q -> q.range(g -> g.number(n -> {
                n.field(r.field());
                if (r.gte() != null) {
                    n.gte(r.gte().doubleValue());
                }
                if (r.lt() != null) {
                    n.lt(r.lt().doubleValue());
                }
                return n;
            })));
        }
        if (condition instanceof Condition.DecimalRange r) {
            return Query.of(q -> q.range(g -> g.number(n -> {
                n.field(r.field());
                if (r.gt() != null) {
                    n.gt(r.gt());
                }
                if (r.lt() != null) {
                    n.lt(r.lt());
                }
                return n;
            })));
        }
        if (condition instanceof Condition.Terms t) {
            return terms(t.field(), t.values());
        }
        if (condition instanceof Condition.Exists e) {
            return Query.of(q -> q.exists(x -> x.field(e.field())));
        }
        if (condition instanceof Condition.All a) {
            return all(a.conditions().stream().map(Queries::of).toList());
        }
        if (condition instanceof Condition.Any a) {
            return Query.of(q -> q.bool(b -> b.should(a.conditions().stream().map(Queries::of).toList())
                    .minimumShouldMatch("1")));
        }
        Condition.Not n = (Condition.Not) condition; // the last kind of the sealed interface
        return Query.of(q -> q.bool(b -> b.mustNot(of(n.condition()))));
    }

    /** A date field within [gte, lt); either bound may be null. */
    static Query dateRange(String field, Instant gte, Instant lt) {
        return Query.of(q -> q.range(g -> g.date(d -> {
            d.field(field);
            if (gte != null) {
                d.gte(gte.toString());
            }
            if (lt != null) {
                d.lt(lt.toString());
            }
            return d;
        })));
    }

    static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    static Query term(String field, boolean value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    static Query terms(String field, List<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(f -> f.value(v))));
    }

    static Query ids(List<String> ids) {
        return Query.of(q -> q.ids(i -> i.values(ids)));
    }

    /** Every one of the queries (a filter context: no scoring); matches everything when there are none. */
    static Query all(List<Query> filters) {
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /** Sort on a field; a field no document has yet sorts as {@code type} instead of failing the search. */
    static SortOptions sort(String field, boolean ascending, FieldType type) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(ascending ? SortOrder.Asc : SortOrder.Desc)
                .unmappedType(type)));
    }

    /** The total, counted exactly where the search tracked it (0 when it did not). */
    static long total(HitsMetadata<?> hits) {
        return hits.total() == null ? 0 : hits.total().value();
    }

    /** The sources of the hits, read as {@code type}; a source that does not read is an error naming the hit. */
    static <T> List<T> sources(HitsMetadata<JsonNode> hits, Class<T> type) {
        List<T> out = new ArrayList<>(hits.hits().size());
        for (Hit<JsonNode> hit : hits.hits()) {
            out.add(read(hit.source(), type, hit.id()));
        }
        return out;
    }

    /**
     * The buckets of a terms aggregation as key to document count, in the aggregation's order; empty when the search
     * had no such aggregation (no index yet). Keys of numeric fields read as their decimal text.
     */
    static Map<String, Long> termCounts(Map<String, Aggregate> aggregations, String name) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Aggregate a = aggregations.get(name);
        if (a == null) {
            return counts;
        }
        if (a.isSterms()) {
            for (StringTermsBucket b : a.sterms().buckets().array()) {
                counts.put(b.key().stringValue(), b.docCount());
            }
        } else if (a.isLterms()) {
            for (LongTermsBucket b : a.lterms().buckets().array()) {
                counts.put(String.valueOf(b.key()), b.docCount());
            }
        } else if (a.isDterms()) {
            for (DoubleTermsBucket b : a.dterms().buckets().array()) {
                counts.put(b.keyAsString() != null ? b.keyAsString() : String.valueOf(b.key()), b.docCount());
            }
        }
        return counts;
    }

    /** The sub-aggregations of a filter aggregation (empty when absent). */
    static Map<String, Aggregate> within(Map<String, Aggregate> aggregations, String filterName) {
        Aggregate a = aggregations.get(filterName);
        return a == null ? Map.of() : a.filter().aggregations();
    }

    /** The document count of a filter aggregation (0 when absent). */
    static long filterCount(Map<String, Aggregate> aggregations, String name) {
        Aggregate a = aggregations.get(name);
        return a == null ? 0 : a.filter().docCount();
    }

    /** Per bucket start, the document count of a date histogram (empty when absent). */
    static Map<Instant, Long> histogram(Map<String, Aggregate> aggregations, String name) {
        Map<Instant, Long> counts = new TreeMap<>();
        Aggregate a = aggregations.get(name);
        if (a != null) {
            for (DateHistogramBucket b : a.dateHistogram().buckets().array()) {
                counts.put(Instant.ofEpochMilli(b.key()), b.docCount());
            }
        }
        return counts;
    }

    static <T> T read(JsonNode source, Class<T> type, String id) {
        try {
            return Json.mapper().treeToValue(source, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName() + " " + id, e);
        }
    }
}
