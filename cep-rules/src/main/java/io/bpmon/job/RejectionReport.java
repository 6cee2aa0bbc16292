package io.bpmon.job;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the dead letters (invalid records, beside their way to the DLQ topic) and reports the count to the status
 * index as {@code job-ingest-rejected-<subtask>} ({@code eventsRejected} since the writer started), next to the order
 * writers' {@code job-ingest-<subtask>} reports: the dashboard's "rejected" figure.
 */
public final class RejectionReport implements Sink<DeadLetter> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RejectionReport.class);

    private final ElasticsearchConfig config;

    public RejectionReport(ElasticsearchConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
        return new Writer(config, context);
    }

    private static final class Writer implements SinkWriter<DeadLetter> {
        private final ElasticsearchClient es;
        private final Indices indices;
        private final ProcessingTimeService time;
        private final int subtask;
        private long rejected;
        private long reported = -1;

        Writer(ElasticsearchConfig config, WriterInitContext context) {
            this.es = ElasticsearchClient.of(config);
            this.indices = new Indices(config.indexPrefix());
            this.time = context.getProcessingTimeService();
            this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
            schedule();
        }

        private void schedule() {
            time.registerTimer(time.getCurrentProcessingTime() + ElasticsearchSink.STATUS_INTERVAL.toMillis(), now -> {
                report(now);
                schedule();
            });
        }

        @Override
        public void write(DeadLetter element, Context context) {
            rejected++;
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput) {
                report(time.getCurrentProcessingTime());
            }
        }

        private void report(long now) {
            if (rejected == reported && reported > 0) {
                return; // nothing new; a report older than a few minutes means no rejections since
            }
            if (new StatusReport("ingest-rejected", subtask, now).with("eventsRejected", rejected)
                    .send(es, indices, LOG)) {
                reported = rejected;
            }
        }

        @Override
        public void close() {}
    }
}
