package io.bpmon.simulator;

/** Where simulated records go: Kafka in production ({@link KafkaRecordSink}), a list in tests. */
@FunctionalInterface
public interface RecordSink {

    /** Sends one record; may return before the broker acknowledged it. */
    void send(SimulatedRecord record);
}
