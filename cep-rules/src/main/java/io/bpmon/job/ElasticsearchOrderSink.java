package io.bpmon.job;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.BulkWriter;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.VersionedDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes order documents to Elasticsearch in bulk, idempotently (document id = orderId, external version =
 * the order's revision). At least once: everything buffered is written before a checkpoint completes
 * ({@link SinkWriter#flush}), and a replay after a restart writes the same versions again, which Elasticsearch
 * ignores. Each writer also reports its progress (watermark, documents written) to the status index, which is
 * how the web server knows the job is alive without calling into Flink.
 */
public final class ElasticsearchOrderSink implements Sink<OrderUpdate> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchOrderSink.class);
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    private final ElasticsearchConfig config;

    public ElasticsearchOrderSink(ElasticsearchConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<OrderUpdate> createWriter(WriterInitContext context) {
        return new Writer(config, context);
    }

    private static final class Writer implements SinkWriter<OrderUpdate> {
        private final ElasticsearchConfig config;
        private final Indices indices;
        private final ElasticsearchClient es;
        private final BulkWriter bulk;
        private final ProcessingTimeService time;
        private final int subtask;
        private final Counter written;
        private long watermark = Long.MIN_VALUE;
        private long lastStatus;

        Writer(ElasticsearchConfig config, WriterInitContext context) {
            this.config = config;
            this.indices = new Indices(config.indexPrefix());
            this.es = new ElasticsearchClient(config.url());
            this.bulk = new BulkWriter(es, BulkWriter.logTo(LOG::warn));
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
        public void write(OrderUpdate update, Context context) throws InterruptedException {
            bulk.add(new VersionedDocument(update.index(), update.orderId(), update.revision(), update.json()));
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
        }

        private void flushBuffer() throws InterruptedException {
            long before = bulk.written();
            bulk.flush();
            written.inc(bulk.written() - before);
        }

        private void reportStatus(long now) {
            lastStatus = now;
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("component", "job");
            status.put("subtask", subtask);
            if (watermark > Long.MIN_VALUE && watermark < Long.MAX_VALUE) {
                status.put("watermark", Instant.ofEpochMilli(watermark).toString());
            }
            status.put("updatedAt", Instant.ofEpochMilli(now).toString());
            status.put("documentsWritten", bulk.written());
            status.put("documentsRefused", bulk.refused());
            try {
                es.put("/" + indices.status() + "/_doc/job-" + subtask, Json.write(status));
            } catch (ElasticsearchClient.UnavailableException e) {
                LOG.warn("cannot report job status: {}", e.getMessage());
            }
        }

        @Override
        public void close() throws InterruptedException {
            flushBuffer();
        }
    }
}
