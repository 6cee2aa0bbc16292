package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.KafkaConfig;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * {@code bpmon simulate}: publishes simulated order traffic to Kafka until Ctrl-C / SIGTERM or {@code --duration}.
 * Orders follow the lifecycle the job monitors ({@code BPMON_LIFECYCLE}). Exit status 0 when it ran, 2 for a bad
 * flag or environment variable, 1 when Kafka cannot be reached.
 */
public final class SimulatorMain {

    /** How long to wait for the broker at start-up (it may be starting beside us in {@code bpmon demo}). */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(60);

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (SimulatorCommandLine.wantsHelp(args)) {
            System.out.print(SimulatorCommandLine.USAGE);
            return;
        }
        SimulatorConfig config;
        KafkaConfig kafka;
        Lifecycle lifecycle;
        try {
            config = SimulatorCommandLine.parse(args);
            MonitorConfig monitor = ConfigLoader.fromEnvironment();
            kafka = monitor.kafka();
            lifecycle = lifecycle(monitor, config);
        } catch (ConfigException e) {
            System.err.println("bpmon simulate: " + e.getMessage());
            System.err.println("Run 'bpmon simulate --help' for the options.");
            System.exit(2);
            return;
        }
        if (config.kafkaBootstrap() != null) {
            kafka = kafka.withBootstrap(config.kafkaBootstrap());
        }
        try {
            TopicSetup.ensureTopics(kafka, KAFKA_WAIT, SimulatorMain::log);
        } catch (IllegalStateException e) {
            System.err.println("bpmon simulate: " + e.getMessage());
            System.exit(1);
            return;
        }
        long seed = config.seed() != null ? config.seed() : new SecureRandom().nextLong();
        config = config.withSeed(seed);
        log("simulate: publishing to " + Topics.ORDER_EVENTS + " at " + kafka.bootstrap() + "; lifecycle '"
                + lifecycle.name() + "'; " + config.describe());

        Simulator simulator = Simulator.start(config, lifecycle, seed, kafka.bootstrap(), SimulatorMain::log);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "bpmon-simulator-shutdown"));
        simulator.awaitTermination();
    }

    /**
     * The lifecycle the job monitors, loaded as the job loads it, checked to be one the simulator can walk with
     * {@code config}.
     *
     * @throws ConfigException naming {@code BPMON_LIFECYCLE} when it cannot be read or walked, or the flag that asks
     *                         for what it lacks
     */
    static Lifecycle lifecycle(MonitorConfig monitor, SimulatorConfig config) {
        String location = monitor.engine().lifecycle();
        Lifecycle lifecycle;
        try {
            lifecycle = Lifecycle.load(location);
            ProcessPlan.of(lifecycle);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException(ConfigLoader.LIFECYCLE, location + ": " + e.getMessage());
        }
        TrafficModel.plan(config, lifecycle);
        return lifecycle;
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
