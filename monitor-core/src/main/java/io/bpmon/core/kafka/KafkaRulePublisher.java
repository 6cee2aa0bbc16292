package io.bpmon.core.kafka;

import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** {@link RulePublisher} on a Kafka producer: acks from all replicas, idempotent, one record at a time. */
public final class KafkaRulePublisher implements RulePublisher {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaRulePublisher(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 15000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10000));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
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
