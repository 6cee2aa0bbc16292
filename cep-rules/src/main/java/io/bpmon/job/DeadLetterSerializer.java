package io.bpmon.job;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A dead letter keeps its original key and bytes; the reason and origin travel as headers. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(Topics.ORDER_EVENTS_DLQ, null, null, letter.key(), letter.value());
        record.headers().add(Topics.REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.ORIGIN_HEADER, letter.origin().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
