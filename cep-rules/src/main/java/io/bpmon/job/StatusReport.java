package io.bpmon.job;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * One progress report of a job writer in the status index (doc id {@code job-<sink>-<subtask>}): how the web server
 * knows the job is alive and what came in, without calling into Flink. Best effort: a report Elasticsearch does
 * not take is logged, and the next one follows a few seconds later.
 */
final class StatusReport {

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final String docId;

    StatusReport(String sink, int subtask, long now) {
        this.docId = "job-" + sink + "-" + subtask;
        fields.put("component", "job");
        fields.put("sink", sink);
        fields.put("subtask", subtask);
        fields.put("updatedAt", Instant.ofEpochMilli(now).toString());
    }

    StatusReport with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** Adds the watermark unless there is none yet (or the input ended). */
    StatusReport watermark(long watermark) {
        if (watermark > Long.MIN_VALUE && watermark < Long.MAX_VALUE) {
            fields.put("watermark", Instant.ofEpochMilli(watermark).toString());
        }
        return this;
    }

    /** @return whether Elasticsearch took it */
    boolean send(Elasticsearch es, Indices indices, Logger log) {
        try {
            es.call("/" + indices.status() + "/_doc/" + docId, c -> c.index(i -> i.index(indices.status()).id(docId)
                    .document(fields)));
            return true;
        } catch (Elasticsearch.UnavailableException e) {
            log.warn("cannot report {}: {}", docId, e.getMessage());
            return false;
        } catch (ElasticsearchException e) {
            log.warn("cannot report {}: {}", docId, Elasticsearch.reason(e.error()));
            return false;
        }
    }
}
