package io.bpmon.e2e;

import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.job.MonitorJobMain;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The monitor job on an in-process Flink MiniCluster, exactly as {@code ./bpmon demo} runs it. */
final class RunningJob implements AutoCloseable {

    private final JobClient client;

    private RunningJob(JobClient client) {
        this.client = client;
    }

    static RunningJob start(MonitorConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                config.engine().parallelism(), MonitorJobMain.flinkConfiguration(config.engine(), true));
        MonitorJobMain.build(env, config, Lifecycle.defaultLifecycle());
        return new RunningJob(env.executeAsync("e2e " + config.elasticsearch().indexPrefix()));
    }

    /** Whether the job runs still (it did not fail or finish). */
    boolean isRunning() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS) == org.apache.flink.api.common.JobStatus.RUNNING;
    }

    @Override
    public void close() throws Exception {
        client.cancel().get(60, TimeUnit.SECONDS);
    }
}
