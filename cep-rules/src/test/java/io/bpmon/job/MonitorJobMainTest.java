package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.lifecycle.Lifecycle;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The production wiring (Kafka in, Elasticsearch and the dead-letter topic out), built but not run: turning it into
 * a job graph serializes every function, source and sink the way a submission to a cluster does, so an operator
 * that cannot travel to a task manager fails here instead of at {@code ./bpmon demo}. Needs no broker.
 */
class MonitorJobMainTest {

    @Test
    void shouldBuildAJobGraphThatCanBeShippedToTaskManagers() {
        MonitorConfig config = ConfigLoader.from(Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                MonitorJobMain.flinkConfiguration(config.engine(), false));
        MonitorJobMain.build(env, config, Lifecycle.defaultLifecycle());

        StreamGraph streamGraph = env.getStreamGraph();
        List<String> uids = streamGraph.getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .filter(Objects::nonNull)
                .toList();
        JobGraph jobGraph = streamGraph.getJobGraph();

        assertThat(uids).contains("kafka-source", "validate", "dead-letter-sink", "order-state", "order-store");
        assertThat(jobGraph.getNumberOfVertices()).isPositive();
        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
    }

    /**
     * The order-state topic gets a record per event; its producer batches for as long as nobody can read them anyway
     * (read committed: until the checkpoint commits) instead of Kafka's 5 ms and 16 KiB (docs/order-states.md).
     */
    @Test
    void shouldLetTheTransactionalSinksFillLargeBatches() throws Exception {
        KafkaSink<OrderStateChange> sink = MonitorJobMain.transactionalSink(ConfigLoader.from(Map.of()).kafka(),
                new OrderStateSerializer(), "states");
        Method producerConfig = KafkaSink.class.getDeclaredMethod("getKafkaProducerConfig");
        producerConfig.setAccessible(true);
        Properties config = (Properties) producerConfig.invoke(sink);

        assertThat(config)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "100")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024))
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
    }
}
