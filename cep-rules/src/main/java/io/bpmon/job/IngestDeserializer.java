package io.bpmon.job;

import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka record to {@link Ingested}: parse and validate; the record timestamp (append time) is "received at". */
final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {

    private static final long serialVersionUID = 1L;

    private final EventParser parser;

    IngestDeserializer(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        out.collect(ingest(parser, record.key(), record.value(), record.timestamp(),
                record.topic() + "/" + record.partition() + "@" + record.offset()));
    }

    static Ingested ingest(EventParser parser, byte[] key, byte[] value, long receivedAtMillis, String origin) {
        Instant receivedAt = Instant.ofEpochMilli(receivedAtMillis);
        ValidationResult<OrderEvent> result = parser.parse(value, receivedAt);
        if (result.isValid()) {
            return Ingested.valid(result.value().ingested(receivedAt, origin));
        }
        return Ingested.invalid(new DeadLetter(key, value == null ? new byte[0] : value, result.reason(), origin));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
