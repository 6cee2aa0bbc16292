package io.bpmon.core.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** {@link EventPublisher} on a Kafka producer: acks from all replicas, idempotent, keyed by orderId. */
public final class KafkaEventPublisher implements EventPublisher {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaEventPublisher(String bootstrap, Duration timeout) {
        this.producer = Producers.reliable(bootstrap, timeout);
        this.timeout = timeout;
    }

    @Override
    public void publish(List<Outgoing> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (Outgoing e : events) {
                acks.add(producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS,
                        e.orderId().getBytes(StandardCharsets.UTF_8), e.json())));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new PublishException("Kafka did not acknowledge the events: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
