package io.bpmon.e2e;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

    /**
     * Reads a topic from the beginning until {@code expected} records arrived or the timeout passed, as a consumer
     * of bpmon's topics should: only committed records (the job writes dead letters in transactions).
     */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected, Duration timeout) {
        return read(bootstrap, topic, expected, timeout, "read_committed");
    }

    /**
     * Reads a topic from the beginning like {@link #read(String, String, int, Duration)}, but also records of open
     * or aborted transactions: what the job has written so far, whether or not it will count.
     */
    static List<ConsumerRecord<byte[], byte[]>> readUncommitted(String bootstrap, String topic, int expected,
            Duration timeout) {
        return read(bootstrap, topic, expected, timeout, "read_uncommitted");
    }

    /** Every committed record of a topic, read up to the end as it stands now (the last stable offset). */
    static List<ConsumerRecord<byte[], byte[]>> readAllCommitted(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, "read_committed")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected,
            Duration timeout, String isolation) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, isolation)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
