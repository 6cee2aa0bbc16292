package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Buffers versioned documents and writes them with the bulk API.
 *
 * <p>Only the newest version of each document is kept in the buffer, so a busy order costs one write per flush; it
 * carries the {@linkplain VersionedDocument#origins() origins} of every version it replaced, so a refusal names
 * every input the lost versions held.
 * {@link #flush()} returns only once every buffered document is stored or permanently refused: while
 * Elasticsearch is unreachable or overloaded it retries with exponential backoff (capped at
 * {@link #MAX_BACKOFF}), which back-pressures the job instead of losing writes. A version conflict means a
 * newer version is already stored: success. Not thread-safe.
 */
public final class BulkWriter {

    /**
     * The longest wait between two attempts: short, because the writers are few (one per sink subtask) and each
     * waits up to this long after Elasticsearch is back (30 s cost the chaos run's outage up to 30 s of recovery).
     */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final byte[] NEWLINE = {'\n'};

    /** Called between retries; tests and the job's metrics observe outages through it. */
    public interface Listener {
        void retrying(String reason, Duration backoff);

        void refused(VersionedDocument doc, String reason);
    }

    private final ElasticsearchClient es;
    private final Listener listener;
    private final Map<String, VersionedDocument> buffer = new LinkedHashMap<>();
    private long written;
    private long refused;

    public BulkWriter(ElasticsearchClient es, Listener listener) {
        this.es = es;
        this.listener = listener;
    }

    public static Listener logTo(Consumer<String> log) {
        return new Listener() {
            @Override
            public void retrying(String reason, Duration backoff) {
                log.accept("Elasticsearch write failed (" + reason + "), retrying in " + backoff.toMillis() + " ms");
            }

            @Override
            public void refused(VersionedDocument doc, String reason) {
                log.accept("Elasticsearch refused document " + doc.index() + "/" + doc.id() + " v" + doc.version()
                        + ": " + reason);
            }
        };
    }

    public void add(VersionedDocument doc) {
        String key = doc.index() + '\u0000' + doc.id();
        VersionedDocument previous = buffer.get(key);
        buffer.put(key, previous == null ? doc : previous.newerWithOriginsOf(doc));
    }

    public int buffered() {
        return buffer.size();
    }

    /** Documents stored (or already stored in a newer version) since creation. */
    public long written() {
        return written;
    }

    /** Documents Elasticsearch refused for good (e.g. a mapping error), since creation. */
    public long refused() {
        return refused;
    }

    public void flush() throws InterruptedException {
        List<VersionedDocument> pending = new ArrayList<>(buffer.values());
        buffer.clear();
        Duration backoff = FIRST_BACKOFF;
        while (!pending.isEmpty()) {
            String failure;
            try {
                ElasticsearchClient.Response response = es.bulk(body(pending));
                if (!response.ok()) {
                    failure = "bulk answered " + response.status() + ": " + response.body();
                } else {
                    pending = retryable(pending, response.body());
                    if (pending.isEmpty()) {
                        return;
                    }
                    failure = pending.size() + " documents not stored yet";
                }
            } catch (ElasticsearchClient.UnavailableException e) {
                failure = e.getMessage();
            }
            listener.retrying(failure, backoff);
            // full jitter keeps parallel writers from retrying in lockstep
            Thread.sleep(backoff.toMillis() / 2 + (long) (Math.random() * backoff.toMillis() / 2));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** The documents of this bulk answer that are worth sending again; counts the rest. */
    private List<VersionedDocument> retryable(List<VersionedDocument> sent, JsonNode answer) {
        List<VersionedDocument> again = new ArrayList<>();
        JsonNode items = answer.path("items");
        for (int i = 0; i < sent.size(); i++) {
            JsonNode result = items.path(i).path("index");
            int status = result.path("status").asInt(500);
            if (status < 300 || status == 409) {
                written++;
            } else if (status == 429 || status >= 500) {
                again.add(sent.get(i));
            } else {
                refused++;
                listener.refused(sent.get(i), reason(result.path("error")));
            }
        }
        return again;
    }

    /** Elasticsearch's error as a line a person reads: {@code mapper_parsing_exception: failed to parse ...}. */
    static String reason(JsonNode error) {
        if (!error.isObject()) {
            return error.asText(error.toString());
        }
        StringBuilder line = new StringBuilder(error.path("type").asText("error")).append(": ")
                .append(error.path("reason").asText(""));
        JsonNode cause = error.path("caused_by");
        if (cause.isObject()) {
            line.append(" (").append(cause.path("type").asText()).append(": ").append(cause.path("reason").asText())
                    .append(')');
        }
        return line.toString();
    }

    private static byte[] body(List<VersionedDocument> docs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(docs.size() * 1024);
        for (VersionedDocument doc : docs) {
            ObjectNode action = Json.mapper().createObjectNode();
            ObjectNode index = action.putObject("index");
            index.put("_index", doc.index());
            index.put("_id", doc.id());
            index.put("version", doc.version());
            index.put("version_type", "external");
            out.writeBytes(Json.writeBytes(action));
            out.writeBytes(NEWLINE);
            out.writeBytes(doc.json());
            out.writeBytes(NEWLINE);
        }
        return out.toByteArray();
    }
}
