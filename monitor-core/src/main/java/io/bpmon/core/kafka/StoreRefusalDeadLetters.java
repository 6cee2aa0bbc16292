package io.bpmon.core.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Puts an event that passed validation but whose document the store refused into the dead-letter topic, with its
 * original key and bytes (read back from where the job read it) and header {@value Topics#REASON_HEADER}
 * {@code store refused: <the store's reason>}. Rare by design (the parser refuses what the store cannot hold), so the
 * event's bytes are not carried through the job for it: its origin ({@code topic/partition@offset}) is enough.
 *
 * <p>Should the record be gone from its topic by then, the dead letter still goes out, with an empty value and the
 * reason saying so: a refusal is never only a log line. Not thread-safe.
 */
public final class StoreRefusalDeadLetters implements AutoCloseable {

    /** How long reading one record back may take. */
    static final Duration READ_BACK = Duration.ofSeconds(10);

    private final String bootstrap;
    private final Duration timeout;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;

    public StoreRefusalDeadLetters(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    /** The parts of an origin {@code topic/partition@offset}; null when it is not one. */
    record Origin(String topic, int partition, long offset) {
        static Origin parse(String origin) {
            int slash = origin == null ? -1 : origin.lastIndexOf('/');
            int at = origin == null ? -1 : origin.lastIndexOf('@');
            if (slash <= 0 || at < slash + 2 || at == origin.length() - 1) {
                return null;
            }
            try {
                return new Origin(origin.substring(0, slash), Integer.parseInt(origin.substring(slash + 1, at)),
                        Long.parseLong(origin.substring(at + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * Sends the record at {@code origin} to the dead-letter topic.
     *
     * @param storeReason what the store answered
     */
    public void send(String origin, String storeReason) {
        String reason = "store refused: " + storeReason;
        byte[] key = null;
        byte[] value = new byte[0];
        Origin at = Origin.parse(origin);
        if (at == null) {
            reason += "; the original record could not be read back (no origin)";
        } else {
            ConsumerRecord<byte[], byte[]> original = readBack(at);
            if (original == null) {
                reason += "; the original record could not be read back from " + origin;
            } else {
                key = original.key();
                value = original.value() == null ? new byte[0] : original.value();
            }
        }
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.ORDER_EVENTS_DLQ, null, null, key, value);
        letter.headers().add(Topics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add(Topics.ORIGIN_HEADER, String.valueOf(origin).getBytes(StandardCharsets.UTF_8));
        producer().send(letter);
    }

    /** Returns once every dead letter sent so far is stored in Kafka. */
    public void flush() {
        if (producer != null) {
            producer.flush();
        }
    }

    private ConsumerRecord<byte[], byte[]> readBack(Origin at) {
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        KafkaConsumer<byte[], byte[]> c = consumer();
        c.assign(List.of(partition));
        c.seek(partition, at.offset());
        long deadline = System.nanoTime() + READ_BACK.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)).records(partition)) {
                if (r.offset() == at.offset()) {
                    return r;
                }
                if (r.offset() > at.offset()) {
                    return null; // deleted by the topic's retention
                }
            }
        }
        return null;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = Producers.reliable(bootstrap, timeout);
        }
        return producer;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(props);
        }
        return consumer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(timeout);
        }
        if (consumer != null) {
            consumer.close(timeout);
        }
    }
}
