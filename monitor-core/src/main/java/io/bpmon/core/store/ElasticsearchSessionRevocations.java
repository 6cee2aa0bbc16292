package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revoked sessions in {@link Indices#revokedSessions()}, one document per session (doc id = session id). Looked up
 * with a get by id, which Elasticsearch answers in real time (no refresh to wait for), so a logout on one web server
 * is seen by the next lookup on another. Revocations whose session has expired anyway are deleted by
 * {@link #purgeExpired} (a search and a bulk delete: portable, no delete-by-query).
 */
public final class ElasticsearchSessionRevocations implements SessionRevocations {

    /** How many expired revocations one purge deletes at most; the next purge takes the rest. */
    static final int PURGE_BATCH = 1000;

    private final Elasticsearch es;
    private final String index;

    public ElasticsearchSessionRevocations(Elasticsearch es, Indices indices) {
        this.es = es;
        this.index = indices.revokedSessions();
    }

    @Override
    public void revoke(String sessionId, Instant revokedAt, Instant expiresAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sessionId", sessionId);
        doc.put("revokedAt", revokedAt.toString());
        doc.put("expiresAt", expiresAt.toString());
        try {
            es.call("/" + index + "/_doc", c -> c.index(i -> i.index(index).id(sessionId).document(doc)));
        } catch (ElasticsearchException e) {
            throw new Elasticsearch.UnavailableException("storing a logout failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
    }

    @Override
    public boolean isRevoked(String sessionId) {
        try {
            return es.call("/" + index + "/_doc", c -> c.get(g -> g.index(index).id(sessionId), JsonNode.class))
                    .found();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return false; // no logout was ever stored (no index)
            }
            throw new Elasticsearch.UnavailableException("looking up a logout failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
    }

    /** Deletes revocations of sessions that expired before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        List<Hit<JsonNode>> hits = es.search(index, s -> s.size(PURGE_BATCH).source(src -> src.fetch(false))
                .query(Queries.dateRange("expiresAt", null, now)), JsonNode.class).hits().hits();
        if (hits.isEmpty()) {
            return 0;
        }
        List<BulkOperation> deletes = hits.stream().map(h -> BulkOperation.of(o -> o.delete(d -> d.index(index)
                .id(h.id())))).toList();
        BulkResponse r = es.call("/_bulk", c -> c.bulk(b -> b.operations(deletes)));
        if (r.errors()) {
            throw new Elasticsearch.UnavailableException("purging expired logouts failed: " + r.items().stream()
                    .filter(i -> i.error() != null).map(i -> Elasticsearch.reason(i.error())).findFirst().orElse(""),
                    null);
        }
        return hits.size();
    }
}
