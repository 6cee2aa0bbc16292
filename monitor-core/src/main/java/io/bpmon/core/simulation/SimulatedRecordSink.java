package io.bpmon.core.simulation;

/** Where the simulator's records go: Kafka in production ({@link KafkaRecordSink}), a list in tests. */
@FunctionalInterface
public interface SimulatedRecordSink {

    /** Sends one record; may return before the broker acknowledged it. */
    void send(SimulatedRecord record);
}
