package io.bpmon.core.simulation;

import io.bpmon.core.fixtures.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaRecordSinkTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<String> log = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Simulation.BEGINNING);
    private final KafkaRecordSink sink = new KafkaRecordSink(producer, log::add, clock);

    private static SimulatedRecord record(String key, String value) {
        return new SimulatedRecord(key, value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH, Trouble.NONE, null);
    }

    @Test
    void shouldSendToTheOrderEventsTopicKeyedByOrderIdWithTheBytesAsTheyAre() {
        sink.send(record("o-ü-1", "{\"broken"));

        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.ORDER_EVENTS);
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("o-ü-1");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("{\"broken");
    }

    @Test
    void shouldCountAndLogFailedSendsWithoutFlooding() {
        for (int i = 0; i < 3; i++) {
            sink.send(record("o-" + i, "{}"));
        }
        producer.errorNext(new RuntimeException("broker gone"));
        producer.errorNext(new RuntimeException("broker gone"));
        producer.completeNext();

        assertThat(sink.failures()).isEqualTo(2);
        assertThat(log).hasSize(1).first().asString().contains("broker gone").contains("1 failed so far");
    }

    @Test
    void shouldKeepGoingWhenTheProducerRefusesARecord() {
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("buffer full for 60000 ms");
        sink.send(record("o-1", "{}"));
        producer.sendException = null;
        sink.send(record("o-2", "{}"));

        assertThat(sink.failures()).isEqualTo(1);
        assertThat(log).hasSize(1).first().asString().contains("buffer full");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldAskForAcksFromAllReplicasIdempotenceAndAShortLinger() {
        Properties p = KafkaRecordSink.producerProperties("localhost:9092");

        assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    }
}
