package io.bpmon.job;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Key = order id, so the compacted topic keeps each order's latest revision and one partition has all of an order. */
final class OrderStateSerializer implements KafkaRecordSerializationSchema<OrderStateChange> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OrderStateChange change, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.ORDER_STATES, null, null,
                change.orderId().getBytes(StandardCharsets.UTF_8), change.json());
    }
}
