package io.bpmon.alerting;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.StateStore;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.Elasticsearch;
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

    private final Elasticsearch es;
    private final String index;
    private long seqNo = -1;
    private long primaryTerm = -1;

    public ElasticsearchStateStore(Elasticsearch es, Indices indices) {
        this.es = es;
        this.index = indices.alertingState();
    }

    @Override
    public Optional<AlertingState> load() {
        Optional<GetResponse<JsonNode>> r = get(es, index, List.of());
        if (r.isEmpty()) {
            seqNo = -1;
            return Optional.empty();
        }
        seqNo = r.get().seqNo();
        primaryTerm = r.get().primaryTerm();
        try {
            return Optional.of(Json.mapper().treeToValue(r.get().source(), AlertingState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable alerting state", e);
        }
    }

    /**
     * The undelivered messages of the saved state, without their content: for the channels' status, read by any
     * process (the service may run elsewhere). Does not touch this store's write condition.
     */
    public static List<AlertingState.PendingDelivery> outbox(Elasticsearch es, Indices indices) {
        Optional<GetResponse<JsonNode>> r = get(es, indices.alertingState(), List.of("outbox.id", "outbox.channel",
                "outbox.attempts", "outbox.lastError", "outbox.nextAttemptAt"));
        if (r.isEmpty()) {
            return List.of();
        }
        List<AlertingState.PendingDelivery> out = new ArrayList<>();
        for (JsonNode p : r.get().source().path("outbox")) {
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
        IndexResponse r;
        try {
            r = es.call("/" + index + "/_doc/" + DOC_ID, c -> c.index(i -> {
                i.index(index).id(DOC_ID).document(state);
                return seqNo < 0 ? i.opType(OpType.Create) : i.ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm);
            }));
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw new ConcurrentWriterException("the alerting state was changed by another alerting service;"
                        + " run only one (BPMON_ALERTING=off on the web server when ./bpmon alerting runs)");
            }
            throw new Elasticsearch.UnavailableException("saving the alerting state failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
        seqNo = r.seqNo();
        primaryTerm = r.primaryTerm();
    }

    /** The state document (only {@code includes} of it, when given); empty when none was saved. */
    private static Optional<GetResponse<JsonNode>> get(Elasticsearch es, String index, List<String> includes) {
        GetResponse<JsonNode> r;
        try {
            // an empty includes list would still be sent, as "_source_includes=" (no field at all)
            r = es.call("/" + index + "/_doc/" + DOC_ID, c -> c.get(g -> includes.isEmpty() ? g.index(index).id(DOC_ID)
                    : g.index(index).id(DOC_ID).sourceIncludes(includes), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw new Elasticsearch.UnavailableException("reading the alerting state failed: "
                    + Elasticsearch.reason(e.error()), e);
        }
        return r.found() ? Optional.of(r) : Optional.empty();
    }
}
