package io.bpmon.job;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.kafka.StoreRefusalDeadLetters;
import io.bpmon.core.store.BulkWriter;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.VersionedDocument;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes versioned documents (orders, alerts) to Elasticsearch in bulk, idempotently (document id = order or alert
 * id, external version = its revision). At least once: everything buffered is written before a checkpoint completes
 * ({@link SinkWriter#flush}), and a replay after a restart writes the same versions again, which Elasticsearch
 * ignores. Each writer also reports its progress (watermark, documents written) to the status index, which is
 * how the web server knows the job is alive without calling into Flink. The order writers also report what came in
 * ({@code job-ingest-<subtask>}: events in and late events since the writer started, for the dashboard's rates).
 * A document Elasticsearch refuses for good is recorded and its events dead-lettered ({@link StoreRefusals}).
 */
public final class ElasticsearchSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    /** Whether an element counts as late in the ingest report; serializable, as it ships with the job. */
    @FunctionalInterface
    public interface LateFlag<T> extends java.io.Serializable {
        boolean isLate(T element);
    }

    /** How an element becomes a document; serializable, as it ships with the job. */
    @FunctionalInterface
    public interface ToDocument<T> extends java.io.Serializable {
        VersionedDocument apply(T element);
    }

    private final ElasticsearchConfig config;
    private final String component;
    private final ToDocument<T> toDocument;
    private final LateFlag<T> ingest;
    /** Kafka for the dead letters of refused documents; null when the documents come from no input event. */
    private final String deadLetterBootstrap;

    /**
     * @param component names this sink in the status reports ({@code job-orders-0}: component, subtask)
     */
    public ElasticsearchSink(ElasticsearchConfig config, String component, ToDocument<T> toDocument) {
        this(config, component, toDocument, null, null);
    }

    /** @param ingest non-null: also report elements in and late ones (the order sink: one element per event) */
    private ElasticsearchSink(ElasticsearchConfig config, String component, ToDocument<T> toDocument,
            LateFlag<T> ingest, String deadLetterBootstrap) {
        this.config = config;
        this.component = component;
        this.toDocument = toDocument;
        this.ingest = ingest;
        this.deadLetterBootstrap = deadLetterBootstrap;
    }

    /**
     * Order documents: id = orderId, version = the order's revision, in the order's monthly index.
     *
     * @param kafkaBootstrap where the events of a refused document are dead-lettered
     */
    public static ElasticsearchSink<OrderUpdate> orders(ElasticsearchConfig config, String kafkaBootstrap) {
        return new ElasticsearchSink<>(config, "orders", u -> new VersionedDocument(u.index(), u.orderId(),
                u.revision(), u.json(), u.origin() == null ? List.of() : List.of(u.origin())), OrderUpdate::late,
                kafkaBootstrap);
    }

    /** Alert documents: id = the alert's deterministic id, version = its revision. */
    public static ElasticsearchSink<AlertUpdate> alerts(ElasticsearchConfig config) {
        String index = new Indices(config.indexPrefix()).alerts();
        return new ElasticsearchSink<>(config, "alerts", a -> new VersionedDocument(index, a.id(), a.revision(), a.json()));
    }

    /** Incident documents: id = the incident's deterministic id, version = its revision (docs/incidents.md). */
    public static ElasticsearchSink<IncidentUpdate> incidents(ElasticsearchConfig config) {
        String index = new Indices(config.indexPrefix()).incidents();
        return new ElasticsearchSink<>(config, "incidents",
                i -> new VersionedDocument(index, i.id(), i.revision(), i.json()));
    }

    /** Rule versions the job applies: id = rule id, version = the rule's version (docs/contract.md). */
    public static ElasticsearchSink<RuleApplied> ruleStatus(ElasticsearchConfig config) {
        String index = new Indices(config.indexPrefix()).ruleStatus();
        return new ElasticsearchSink<>(config, "rule-status",
                r -> new VersionedDocument(index, r.ruleId(), r.version(), r.json()));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(config, component, toDocument, ingest, deadLetterBootstrap, context);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final ElasticsearchConfig config;
        private final String component;
        private final ToDocument<T> toDocument;
        private final LateFlag<T> ingest;
        private final Indices indices;
        private final Elasticsearch es;
        private final StoreRefusals refusals;
        private final BulkWriter bulk;
        private final ProcessingTimeService time;
        private final int subtask;
        private final Counter written;
        private long watermark = Long.MIN_VALUE;
        private long lastStatus;
        private long received;
        private long late;

        Writer(ElasticsearchConfig config, String component, ToDocument<T> toDocument, LateFlag<T> ingest,
                String deadLetterBootstrap, WriterInitContext context) {
            this.config = config;
            this.component = component;
            this.toDocument = toDocument;
            this.ingest = ingest;
            this.indices = new Indices(config.indexPrefix());
            this.es = Elasticsearch.of(config);
            this.refusals = new StoreRefusals(component, es, indices, deadLetterBootstrap == null ? null
                    : new StoreRefusalDeadLetters(deadLetterBootstrap, Duration.ofSeconds(30)), LOG);
            this.bulk = new BulkWriter(es, refusals);
            this.time = context.getProcessingTimeService();
            this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
            this.written = context.metricGroup().counter("documentsWritten");
            context.metricGroup().gauge("documentsRefused", bulk::refused);
            scheduleFlush();
        }

        private void scheduleFlush() {
            time.registerTimer(time.getCurrentProcessingTime() + config.flushInterval().toMillis(), now -> {
                flushBuffer();
                if (now - lastStatus >= STATUS_INTERVAL.toMillis()) {
                    reportStatus(now);
                }
                scheduleFlush();
            });
        }

        @Override
        public void write(T element, Context context) throws InterruptedException {
            bulk.add(toDocument.apply(element));
            received++;
            if (ingest != null && ingest.isLate(element)) {
                late++;
            }
            if (bulk.buffered() >= config.bulkActions()) {
                flushBuffer();
            }
        }

        @Override
        public void writeWatermark(Watermark wm) {
            watermark = Math.max(watermark, wm.getTimestamp());
        }

        @Override
        public void flush(boolean endOfInput) throws InterruptedException {
            flushBuffer();
            refusals.flush();
        }

        private void flushBuffer() throws InterruptedException {
            long before = bulk.written();
            bulk.flush();
            written.inc(bulk.written() - before);
        }

        private void reportStatus(long now) {
            lastStatus = now;
            new StatusReport(component, subtask, now).watermark(watermark)
                    .with("documentsWritten", bulk.written())
                    .with("documentsRefused", bulk.refused())
                    .send(es, indices, LOG);
            if (ingest != null) {
                new StatusReport("ingest", subtask, now).watermark(watermark)
                        .with("eventsIn", received)
                        .with("eventsLate", late)
                        .send(es, indices, LOG);
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                flushBuffer();
                refusals.flush();
            } finally {
                refusals.close();
                es.close();
            }
        }
    }
}
