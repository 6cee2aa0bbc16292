package io.bpmon.e2e;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing raw records and reading topics in end-to-end tests. */
final class TestKafka {

    private TestKafka() {}

    /** Sends each value with its key to the order-events topic and waits for the broker's acks. */
    static void send(String bootstrap, List<String[]> keyAndValue) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String[] kv : keyAndValue) {
                producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS,
                        kv[0] == null ? null : kv[0].getBytes(StandardCharsets.UTF_8),
                        kv[1].getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /**
     * Sends raw key and value bytes to the order-events topic, waiting for the broker's acks; returns each record's
     * timestamp as the broker stored it (the topic uses append time: when bpmon received it).
     */
    static List<Long> sendBytes(String bootstrap, List<byte[][]> keyAndValue) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[][] kv : keyAndValue) {
                sent.add(producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, kv[0], kv[1])));
            }
            List<Long> appended = new ArrayList<>();
            for (var f : sent) {
                appended.add(f.get().timestamp());
            }
            return appended;
        }
    }

    /** Reads a topic from the beginning until {@code expected} records arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
