package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link JobReports} over the status and refusals indices. */
public final class ElasticsearchJobReports implements JobReports {

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchJobReports(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public List<Report> reports() {
        List<Report> reports = new ArrayList<>();
        for (Hit<JsonNode> hit : es.search(indices.status(), s -> s.size(MAX_REPORTS)
                .query(Queries.term("component", "job")), JsonNode.class).hits().hits()) {
            JsonNode s = hit.source();
            Map<String, Long> counters = new LinkedHashMap<>();
            s.fields().forEachRemaining(f -> {
                if (f.getValue().isIntegralNumber() && !f.getKey().equals("subtask")) {
                    counters.put(f.getKey(), f.getValue().asLong());
                }
            });
            reports.add(new Report(hit.id(), instant(s.path("updatedAt")), instant(s.path("watermark")), counters));
        }
        return reports;
    }

    @Override
    public Refusals refusals() {
        SearchResponse<JsonNode> r = es.search(indices.refusals(), s -> s.size(1).trackTotalHits(t -> t.enabled(true))
                .sort(Queries.sort("refusedAt", false, FieldType.Date)), JsonNode.class);
        if (r.hits().hits().isEmpty()) {
            return new Refusals(Queries.total(r.hits()), Optional.empty(), Optional.empty());
        }
        JsonNode newest = r.hits().hits().get(0).source();
        return new Refusals(Queries.total(r.hits()),
                newest.has("reason") ? Optional.of(newest.path("reason").asText()) : Optional.empty(),
                instant(newest.path("refusedAt")));
    }

    /** A time as the writers wrote it; anything else reads as none. */
    private static Optional<Instant> instant(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.asText()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
