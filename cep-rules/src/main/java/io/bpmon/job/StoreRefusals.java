package io.bpmon.job;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.bpmon.core.kafka.StoreRefusalDeadLetters;
import io.bpmon.core.store.BulkWriter;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.VersionedDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a job writer does when Elasticsearch refuses a document for good: never only a log line. The refusal is
 * recorded in the refusals index (the durable count the health report and the dashboard show; doc id = the document
 * version, so a replay does not count it twice), and the events that made the document go to the dead-letter topic
 * with the store's reason (docs/contract.md, validation).
 */
final class StoreRefusals implements BulkWriter.Listener, AutoCloseable {

    private final String sink;
    private final Elasticsearch es;
    private final Indices indices;
    private final StoreRefusalDeadLetters deadLetters;
    private final Logger log;

    /** @param deadLetters null for documents made of no input event (alerts, rule status) */
    StoreRefusals(String sink, Elasticsearch es, Indices indices, StoreRefusalDeadLetters deadLetters,
            Logger log) {
        this.sink = sink;
        this.es = es;
        this.indices = indices;
        this.deadLetters = deadLetters;
        this.log = log;
    }

    @Override
    public void retrying(String reason, Duration backoff) {
        log.warn("Elasticsearch write failed ({}), retrying in {} ms", reason, backoff.toMillis());
    }

    @Override
    public void refused(VersionedDocument doc, String reason) {
        log.warn("Elasticsearch refused document {}/{} v{}: {}", doc.index(), doc.id(), doc.version(), reason);
        Map<String, Object> refusal = new LinkedHashMap<>();
        refusal.put("sink", sink);
        refusal.put("index", doc.index());
        refusal.put("documentId", doc.id());
        refusal.put("version", doc.version());
        refusal.put("reason", reason);
        refusal.put("origins", doc.origins());
        refusal.put("refusedAt", Instant.now().toString());
        String id = sink + ":" + doc.index() + "/" + doc.id() + "@" + doc.version();
        try {
            es.call("/" + indices.refusals() + "/_doc/" + id, c -> c.index(i -> i.index(indices.refusals()).id(id)
                    .document(refusal)));
        } catch (ElasticsearchException e) {
            log.error("cannot record the refusal of {}: {}", id, Elasticsearch.reason(e.error()));
        } catch (Elasticsearch.UnavailableException e) {
            log.error("cannot record the refusal of {}: {}", id, e.getMessage());
        }
        if (deadLetters != null) {
            for (String origin : doc.origins()) {
                deadLetters.send(origin, reason);
            }
        }
    }

    /** Returns once the dead letters sent so far are in Kafka: before a checkpoint completes. */
    void flush() {
        if (deadLetters != null) {
            deadLetters.flush();
        }
    }

    @Override
    public void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
