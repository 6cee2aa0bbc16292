package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Revoked sessions in {@link Indices#revokedSessions()}, one document per session (doc id = session id). Looked up
 * with a get by id, which Elasticsearch answers in real time (no refresh to wait for), so a logout on one web server
 * is seen by the next lookup on another. Revocations whose session has expired anyway are deleted by
 * {@link #purgeExpired} (a search and a bulk delete: portable, no delete-by-query).
 */
public final class ElasticsearchSessionRevocations implements SessionRevocations {

    /** How many expired revocations one purge deletes at most; the next purge takes the rest. */
    static final int PURGE_BATCH = 1000;

    private final ElasticsearchClient es;
    private final String index;

    public ElasticsearchSessionRevocations(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.index = indices.revokedSessions();
    }

    @Override
    public void revoke(String sessionId, Instant revokedAt, Instant expiresAt) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("sessionId", sessionId);
        doc.put("revokedAt", revokedAt.toString());
        doc.put("expiresAt", expiresAt.toString());
        ElasticsearchClient.Response r = es.put("/" + index + "/_doc/" + ElasticsearchClient.encode(sessionId),
                Json.write(doc));
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("storing a logout failed: " + r.body(), null);
        }
    }

    @Override
    public boolean isRevoked(String sessionId) {
        ElasticsearchClient.Response r = es.get("/" + index + "/_doc/" + ElasticsearchClient.encode(sessionId));
        if (r.status() == 404) {
            return false; // no such document, or no logout was ever stored (no index)
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("looking up a logout failed: " + r.body(), null);
        }
        return r.body().path("found").asBoolean(false);
    }

    /** Deletes revocations of sessions that expired before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", PURGE_BATCH);
        body.put("_source", false);
        body.putObject("query").putObject("range").putObject("expiresAt").put("lt", now.toString());
        JsonNode hits = es.search(index, body).path("hits").path("hits");
        if (hits.isEmpty()) {
            return 0;
        }
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        for (JsonNode hit : hits) {
            ObjectNode action = Json.mapper().createObjectNode();
            action.putObject("delete").put("_index", index).put("_id", hit.path("_id").asText());
            ndjson.writeBytes((Json.write(action) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ElasticsearchClient.Response r = es.bulk(ndjson.toByteArray());
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("purging expired logouts failed: " + r.body(), null);
        }
        return hits.size();
    }
}
