package io.bpmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.alerting.delivery.DeliveryPipeline;
import io.bpmon.alerting.delivery.RetryPolicy;
import io.bpmon.alerting.grouping.GroupingPolicy;
import io.bpmon.alerting.grouping.Router;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.alerting.storage.StateStore;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A service started while {@code bpmon.alerts} has no partitions yet (created a moment ago, or Kafka still
 * starting: seen with {@code bin/bpmon alerting} started beside a fresh web server) takes the topic up once it is
 * there, instead of failing every poll for good.
 */
class AlertingServiceStartTest {

    @Test
    void shouldAssignTheTopicOnceItHasPartitions() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
        AlertingService service = new AlertingService(
                new GroupingPolicy(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(4), 5),
                new Router(List.of(), List.of()),
                new AlertingService.Dependencies(consumer, new MemoryState(), new NoSilences(),
                        new DeliveryPipeline(Map.of(), new NoLog(), new NoSilences(), RetryPolicy.standard(),
                                n -> "t", clock),
                        clock, Duration.ofMillis(10)));

        // (a real consumer with nothing assigned throws on poll; the mock just returns nothing)
        assertThatThrownBy(service::step).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.ALERTS);
        assertThat(consumer.assignment()).isEmpty();

        TopicPartition tp = new TopicPartition(Topics.ALERTS, 0);
        consumer.updatePartitions(Topics.ALERTS, List.of(new PartitionInfo(Topics.ALERTS, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        service.step();
        assertThat(consumer.assignment()).containsExactly(tp);
    }

    private static final class MemoryState implements StateStore {
        private AlertingState saved;

        @Override
        public Optional<AlertingState> load() {
            return Optional.ofNullable(saved);
        }

        @Override
        public void save(AlertingState state) {
            saved = state;
        }
    }

    private static final class NoSilences implements SilenceStore {
        private final Map<String, Silence> all = new HashMap<>();

        @Override
        public void save(Silence silence) {
            all.put(silence.id(), silence);
        }

        @Override
        public Optional<Silence> find(String id) {
            return Optional.ofNullable(all.get(id));
        }

        @Override
        public List<Silence> list(int limit) {
            return List.copyOf(all.values());
        }

        @Override
        public List<Silence> active(Instant now) {
            return List.of();
        }
    }

    private static final class NoLog implements DeliveryLog {
        @Override
        public void record(DeliveryRecord record) {}

        @Override
        public boolean wasDelivered(String deliveryId) {
            return false;
        }

        @Override
        public List<DeliveryRecord> forIncident(String incidentId, int limit) {
            return List.of();
        }

        @Override
        public List<DeliveryRecord> recent(int limit) {
            return List.of();
        }

        @Override
        public Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome) {
            return Optional.empty();
        }
    }
}
