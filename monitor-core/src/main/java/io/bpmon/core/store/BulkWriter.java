package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Buffers versioned documents and writes them with the bulk API ({@code version_type=external}); each document goes
 * out as the bytes it was made as ({@link BinaryData}), so the job never serializes a document twice.
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

    /** Called between retries; tests and the job's metrics observe outages through it. */
    public interface Listener {
        void retrying(String reason, Duration backoff);

        void refused(VersionedDocument doc, String reason);
    }

    private final Elasticsearch es;
    private final Listener listener;
    private final Map<String, VersionedDocument> buffer = new LinkedHashMap<>();
    private long written;
    private long refused;

    public BulkWriter(Elasticsearch es, Listener listener) {
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
                BulkRequest request = request(pending);
                BulkResponse response = es.call("/_bulk", c -> c.bulk(request));
                pending = retryable(pending, response.items());
                if (pending.isEmpty()) {
                    return;
                }
                failure = pending.size() + " documents not stored yet";
            } catch (Elasticsearch.UnavailableException e) {
                failure = e.getMessage();
            } catch (ElasticsearchException e) {
                // the whole request refused (not one document): nothing was stored, so try it again
                failure = "bulk answered " + e.status() + ": " + Elasticsearch.reason(e.error());
            }
            listener.retrying(failure, backoff);
            // full jitter keeps parallel writers from retrying in lockstep
            Thread.sleep(backoff.toMillis() / 2 + (long) (Math.random() * backoff.toMillis() / 2));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** The documents of this bulk answer that are worth sending again; counts the rest. */
    private List<VersionedDocument> retryable(List<VersionedDocument> sent, List<BulkResponseItem> items) {
        List<VersionedDocument> again = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            BulkResponseItem result = i < items.size() ? items.get(i) : null;
            int status = result == null ? 500 : result.status();
            if (status < 300 || status == 409) {
                written++;
            } else if (status == 429 || status >= 500) {
                again.add(sent.get(i));
            } else {
                refused++;
                listener.refused(sent.get(i), Elasticsearch.reason(result.error()));
            }
        }
        return again;
    }

    /** Index operations with the document's revision as external version and its JSON bytes as they are. */
    private static BulkRequest request(List<VersionedDocument> docs) {
        List<BulkOperation> operations = new ArrayList<>(docs.size());
        for (VersionedDocument doc : docs) {
            BinaryData json = BinaryData.of(doc.json(), ContentType.APPLICATION_JSON);
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(doc.index()).id(doc.id())
                    .version(doc.version()).versionType(VersionType.External).document(json))));
        }
        return BulkRequest.of(b -> b.operations(operations));
    }
}
