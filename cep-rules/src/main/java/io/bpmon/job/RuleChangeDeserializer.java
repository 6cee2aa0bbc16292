package io.bpmon.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record of the compacted rules topic: key = rule id, value = JSON, no value = deleted. */
final class RuleChangeDeserializer implements KafkaRecordDeserializationSchema<RuleChange> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleChange> out) {
        if (record.key() == null) {
            return; // not a rule record
        }
        String json = record.value() == null || record.value().length == 0
                ? null
                : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new RuleChange(new String(record.key(), StandardCharsets.UTF_8), json));
    }

    @Override
    public TypeInformation<RuleChange> getProducedType() {
        return TypeInformation.of(RuleChange.class);
    }
}
