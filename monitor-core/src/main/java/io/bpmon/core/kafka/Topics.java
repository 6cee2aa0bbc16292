package io.bpmon.core.kafka;

import io.bpmon.core.config.KafkaConfig;
import java.util.List;
import java.util.Map;

/** Every Kafka topic bpmon reads or writes, with the settings it is created with. */
public final class Topics {

    /** Order events from every producer (docs/contract.md); key = orderId. */
    public static final String ORDER_EVENTS = "bpmon.order-events";
    /** Invalid order events: the original bytes, with the reason in header {@value #REASON_HEADER}. */
    public static final String ORDER_EVENTS_DLQ = "bpmon.order-events.dlq";

    /** Current rules, compacted: key = rule id, value = the rule's JSON, an empty value (tombstone) = deleted. */
    public static final String RULES = "bpmon.rules";
    /** Every change of an alert (docs/contract.md); key = alert id. Compacted, so the latest state of each stays. */
    public static final String ALERTS = "bpmon.alerts";
    /**
     * Each order's state after every change (docs/order-states.md); key = orderId. Compacted, so the latest
     * revision of each order stays.
     */
    public static final String ORDER_STATES = "bpmon.order-states";
    /**
     * Orders, revenue, step durations and SLA compliance per day and segment (docs/daily-rollup.md); key = the day and
     * segment. Compacted, so the latest revision of each stays.
     */
    public static final String DAILY_ROLLUP = "bpmon.daily-rollup";

    public static final String REASON_HEADER = "bpmon.reason";
    public static final String ORIGIN_HEADER = "bpmon.origin";

    private Topics() {}

    /** One topic and how it is created. */
    public record Spec(String name, int partitions, Map<String, String> configs) {}

    /**
     * The topics bpmon creates. Both event topics use the broker's append time as record timestamp: it is the
     * "received at" time shown on timelines, it is the same when the job replays a record after a restart, and
     * time-based retention then counts from arrival, not from the (possibly back-dated) event time.
     */
    public static List<Spec> all(KafkaConfig config) {
        Map<String, String> events = Map.of(
                "message.timestamp.type", "LogAppendTime",
                "retention.ms", Long.toString(config.retention().toMillis()));
        // one partition: the job broadcasts rules, and their order must be total
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        return List.of(
                new Spec(ORDER_EVENTS, config.partitions(), events),
                new Spec(ORDER_EVENTS_DLQ, config.partitions(), events),
                new Spec(RULES, 1, compacted),
                new Spec(ALERTS, config.partitions(), compacted),
                new Spec(ORDER_STATES, config.partitions(), compacted),
                new Spec(DAILY_ROLLUP, config.partitions(), compacted));
    }
}
