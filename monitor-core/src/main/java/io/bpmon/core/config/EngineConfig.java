package io.bpmon.core.config;

import java.time.Duration;

/**
 * Settings of the Flink job.
 *
 * @param allowedLateness    bound of out-of-orderness; events later than this are applied but counted as late
 * @param maxClockSkew       event times further ahead of the wall clock than this do not move event time
 *                           (one producer with a wrong clock must not fire every deadline at once)
 * @param finishedRetention  how long the state of a finished order is kept after its last event (event time)
 * @param abandonedRetention how long the state of an unfinished order is kept after its last event
 * @param checkpointInterval how often the job checkpoints
 * @param checkpointDir      where checkpoints go (a URI such as {@code file:///var/bpmon/checkpoints}); null = memory
 * @param parallelism        job parallelism
 * @param lifecycle          classpath resource or file path of the process definition
 * @param maxFuture          how far past its receipt an event's occurredAt may lie before it is invalid
 * @param rest               the REST endpoint of the in-process Flink cluster ({@code --local})
 * @param rollup             the daily roll-up (docs/daily-rollup.md)
 */
public record EngineConfig(
        Duration allowedLateness,
        Duration maxClockSkew,
        Duration finishedRetention,
        Duration abandonedRetention,
        Duration checkpointInterval,
        String checkpointDir,
        int parallelism,
        String lifecycle,
        Duration maxFuture,
        JobRestConfig rest,
        RollupConfig rollup) {

    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FINISHED_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_ABANDONED_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_MAX_FUTURE = io.bpmon.core.event.EventParser.DEFAULT_MAX_FUTURE;

    public EngineConfig {
        Checks.notNegative(ConfigLoader.ALLOWED_LATENESS, allowedLateness);
        Checks.notNegative(ConfigLoader.MAX_CLOCK_SKEW, maxClockSkew);
        Checks.positive(ConfigLoader.FINISHED_RETENTION, finishedRetention);
        Checks.positive(ConfigLoader.ABANDONED_RETENTION, abandonedRetention);
        Checks.positive(ConfigLoader.CHECKPOINT_INTERVAL, checkpointInterval);
        Checks.range(ConfigLoader.PARALLELISM, parallelism, 1, 1024);
        Checks.notBlank(ConfigLoader.LIFECYCLE, lifecycle);
        Checks.notNegative(ConfigLoader.MAX_FUTURE, maxFuture);
        rest = rest == null ? JobRestConfig.defaults() : rest;
        rollup = rollup == null ? RollupConfig.defaults() : rollup;
    }

    /** Settings with the default roll-up. */
    public EngineConfig(Duration allowedLateness, Duration maxClockSkew, Duration finishedRetention,
            Duration abandonedRetention, Duration checkpointInterval, String checkpointDir, int parallelism,
            String lifecycle, Duration maxFuture, JobRestConfig rest) {
        this(allowedLateness, maxClockSkew, finishedRetention, abandonedRetention, checkpointInterval, checkpointDir,
                parallelism, lifecycle, maxFuture, rest, RollupConfig.defaults());
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_ALLOWED_LATENESS, DEFAULT_MAX_CLOCK_SKEW, DEFAULT_FINISHED_RETENTION,
                DEFAULT_ABANDONED_RETENTION, DEFAULT_CHECKPOINT_INTERVAL, null, DEFAULT_PARALLELISM,
                io.bpmon.core.lifecycle.Lifecycle.DEFAULT_RESOURCE, DEFAULT_MAX_FUTURE, JobRestConfig.defaults());
    }
}
