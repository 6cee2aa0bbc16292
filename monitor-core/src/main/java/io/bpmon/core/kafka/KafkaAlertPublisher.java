package io.bpmon.core.kafka;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link AlertPublisher} on a Kafka producer; waits for the broker's acknowledgement. */
public final class KafkaAlertPublisher implements AlertPublisher {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaAlertPublisher(String bootstrap, Duration timeout) {
        this.producer = Producers.reliable(bootstrap, timeout);
        this.timeout = timeout;
    }

    @Override
    public void publish(Alert alert) {
        try {
            producer.send(new ProducerRecord<>(Topics.ALERTS, alert.id().getBytes(StandardCharsets.UTF_8),
                    Json.writeBytes(alert))).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new EventPublisher.PublishException("Kafka did not acknowledge the alert: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublisher.PublishException("interrupted while publishing", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
