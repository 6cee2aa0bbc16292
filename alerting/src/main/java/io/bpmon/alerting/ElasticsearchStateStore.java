package io.bpmon.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.StateStore;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link StateStore} as one document. Writes are conditional on the version last read or written
 * ({@code if_seq_no}/{@code if_primary_term}): a second alerting service on the same state fails on its first write
 * instead of notifying everything a second time.
 */
public final class ElasticsearchStateStore implements StateStore {

    static final String DOC_ID = "state";

    private final ElasticsearchClient es;
    private final String path;
    private long seqNo = -1;
    private long primaryTerm = -1;

    public ElasticsearchStateStore(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.path = "/" + indices.alertingState() + "/_doc/" + DOC_ID;
    }

    @Override
    public Optional<AlertingState> load() {
        ElasticsearchClient.Response r = es.get(path);
        if (r.status() == 404 || !r.body().path("found").asBoolean(false)) {
            seqNo = -1;
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("reading the alerting state failed: " + r.body(), null);
        }
        seqNo = r.body().path("_seq_no").asLong();
        primaryTerm = r.body().path("_primary_term").asLong();
        try {
            return Optional.of(Json.mapper().treeToValue(r.body().path("_source"), AlertingState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable alerting state", e);
        }
    }

    /**
     * The undelivered messages of the saved state, without their content: for the channels' status, read by any
     * process (the service may run elsewhere). Does not touch this store's write condition.
     */
    public static List<AlertingState.PendingDelivery> outbox(ElasticsearchClient es, Indices indices) {
        ElasticsearchClient.Response r = es.get("/" + indices.alertingState() + "/_doc/" + DOC_ID
                + "?_source_includes=outbox.id,outbox.channel,outbox.attempts,outbox.lastError,outbox.nextAttemptAt");
        if (r.status() == 404 || !r.body().path("found").asBoolean(false)) {
            return List.of();
        }
        List<AlertingState.PendingDelivery> out = new ArrayList<>();
        for (JsonNode p : r.body().path("_source").path("outbox")) {
            try {
                out.add(Json.mapper().treeToValue(p, AlertingState.PendingDelivery.class));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable outbox entry", e);
            }
        }
        return out;
    }

    @Override
    public void save(AlertingState state) {
        String condition = seqNo < 0 ? "?op_type=create" : "?if_seq_no=" + seqNo + "&if_primary_term=" + primaryTerm;
        ElasticsearchClient.Response r = es.put(path + condition, Json.write(state));
        if (r.status() == 409) {
            throw new ConcurrentWriterException("the alerting state was changed by another alerting service;"
                    + " run only one (BPMON_ALERTING=off on the web server when ./bpmon alerting runs)");
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("saving the alerting state failed: " + r.body(), null);
        }
        JsonNode body = r.body();
        seqNo = body.path("_seq_no").asLong();
        primaryTerm = body.path("_primary_term").asLong();
    }
}
