package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.lifecycle.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
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
}
