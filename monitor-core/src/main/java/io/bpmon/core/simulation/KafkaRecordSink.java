package io.bpmon.core.simulation;

import io.bpmon.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends simulated records to {@link Topics#ORDER_EVENTS}: key = orderId (UTF-8), value = the bytes as they are,
 * so malformed records reach the broker exactly as broken as intended. Acknowledged by all replicas and
 * idempotent, so the only duplicates are the simulator's deliberate ones.
 *
 * <p>Sends are asynchronous; a failed send is counted and logged (at most every {@link #FAILURE_LOG_INTERVAL}),
 * never retried by the simulator: the producer already retries until its delivery timeout.
 */
public final class KafkaRecordSink implements SimulatedRecordSink, AutoCloseable {

    public static final int LINGER_MS = 5;
    public static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final Consumer<String> log;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Instant> lastFailureLog = new AtomicReference<>(Instant.MIN);

    public KafkaRecordSink(String bootstrap, Consumer<String> log) {
        this(new KafkaProducer<>(producerProperties(bootstrap)), log, Clock.systemUTC());
    }

    KafkaRecordSink(Producer<byte[], byte[]> producer, Consumer<String> log, Clock clock) {
        this.producer = producer;
        this.log = log;
        this.clock = clock;
    }

    static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bpmon-simulator");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    static ProducerRecord<byte[], byte[]> toProducerRecord(SimulatedRecord record) {
        return new ProducerRecord<>(Topics.ORDER_EVENTS, record.key().getBytes(StandardCharsets.UTF_8),
                record.value());
    }

    @Override
    public void send(SimulatedRecord record) {
        try {
            producer.send(toProducerRecord(record), (metadata, error) -> {
                if (error != null) {
                    failed(error);
                }
            });
        } catch (KafkaException e) {
            failed(e); // e.g. the buffer stayed full for max.block.ms: count it and keep simulating
        }
    }

    /** Records the broker did not take. */
    public long failures() {
        return failures.get();
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    private void failed(Exception error) {
        long n = failures.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastFailureLog.get();
        if (Duration.between(last == Instant.MIN ? now.minus(FAILURE_LOG_INTERVAL) : last, now)
                .compareTo(FAILURE_LOG_INTERVAL) >= 0 && lastFailureLog.compareAndSet(last, now)) {
            log.accept("Kafka did not take a record (" + n + " failed so far): " + error.getMessage());
        }
    }
}
