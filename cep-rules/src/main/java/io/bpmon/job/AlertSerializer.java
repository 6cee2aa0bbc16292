package io.bpmon.job;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Every change of an alert to {@code bpmon.alerts}, key = alert id (docs/contract.md). */
final class AlertSerializer implements KafkaRecordSerializationSchema<AlertUpdate> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertUpdate alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.ALERTS, alert.id().getBytes(StandardCharsets.UTF_8), alert.json());
    }
}
