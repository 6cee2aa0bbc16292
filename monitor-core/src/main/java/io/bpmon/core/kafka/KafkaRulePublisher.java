package io.bpmon.core.kafka;

import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** {@link RulePublisher} on a Kafka producer: acks from all replicas, idempotent, one record at a time. */
public final class KafkaRulePublisher implements RulePublisher {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaRulePublisher(String bootstrap, Duration timeout) {
        this.producer = Producers.reliable(bootstrap, timeout);
        this.timeout = timeout;
    }

    @Override
    public void publish(Rule rule) {
        send(rule.id(), Json.writeBytes(rule));
    }

    @Override
    public void deleted(String ruleId) {
        send(ruleId, null);
    }

    private void send(String ruleId, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.RULES, ruleId.getBytes(StandardCharsets.UTF_8), value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new PublishException("Kafka did not acknowledge rule " + ruleId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing rule " + ruleId, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
