package io.bpmon.job;

import io.bpmon.core.json.Json;
import io.bpmon.core.store.ElasticsearchClient;
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
    boolean send(ElasticsearchClient es, Indices indices, Logger log) {
        try {
            es.put("/" + indices.status() + "/_doc/" + docId, Json.write(fields));
            return true;
        } catch (ElasticsearchClient.UnavailableException e) {
            log.warn("cannot report {}: {}", docId, e.getMessage());
            return false;
        }
    }
}
