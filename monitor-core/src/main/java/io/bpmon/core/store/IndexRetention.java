package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Retention of order documents by deleting whole monthly indices — the portable way: no ILM, scripting or
 * delete-by-query. An index goes once its whole month lies further back than the retention.
 */
public final class IndexRetention {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");

    private final Indices indices;
    private final Duration retention;

    public IndexRetention(Indices indices, Duration retention) {
        this.indices = indices;
        this.retention = retention;
    }

    /** Of the given index names, those to delete at {@code now}. Names that are not monthly order indices stay. */
    public List<String> expired(Collection<String> indexNames, Instant now) {
        String prefix = indices.orders() + "-";
        List<String> expired = new ArrayList<>();
        for (String name : indexNames) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            month(name.substring(prefix.length()))
                    .filter(m -> OrderPartitions.deletedFrom(m, retention).isBefore(now))
                    .ifPresent(m -> expired.add(name));
        }
        return expired;
    }

    /** Deletes the expired order indices (by name: wildcard deletes are refused by default). Returns their names. */
    public List<String> deleteExpired(Elasticsearch es, Instant now) {
        String pattern = indices.orders() + "-*";
        Set<String> names;
        try {
            names = es.call("/" + pattern, c -> c.indices().get(g -> g.index(pattern).allowNoIndices(true)))
                    .result().keySet();
        } catch (ElasticsearchException e) {
            return List.of();
        }
        List<String> expired = expired(names, now);
        for (String index : expired) {
            try {
                es.call("/" + index, c -> c.indices().delete(d -> d.index(index)));
            } catch (ElasticsearchException e) {
                if (e.status() != 404) { // 404: deleted meanwhile
                    throw e;
                }
            }
        }
        return expired;
    }

    private static Optional<YearMonth> month(String s) {
        try {
            return Optional.of(YearMonth.parse(s, MONTH));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
