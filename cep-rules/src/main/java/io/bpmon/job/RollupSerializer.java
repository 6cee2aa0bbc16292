package io.bpmon.job;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Key = the (day, segment), so the compacted topic keeps each one's latest revision. */
final class RollupSerializer implements KafkaRecordSerializationSchema<RollupChange> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RollupChange change, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.DAILY_ROLLUP, null, null, change.key().getBytes(StandardCharsets.UTF_8),
                change.json());
    }
}
