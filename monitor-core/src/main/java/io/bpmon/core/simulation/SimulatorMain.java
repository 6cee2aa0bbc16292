package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.KafkaConfig;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * {@code bpmon simulate}: publishes simulated order traffic to Kafka until Ctrl-C / SIGTERM or {@code --duration}.
 * Exit status 0 when it ran, 2 for a bad flag or environment variable, 1 when Kafka cannot be reached.
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
        try {
            config = SimulatorCommandLine.parse(args);
            kafka = ConfigLoader.fromEnvironment().kafka();
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
        log("simulate: publishing to " + Topics.ORDER_EVENTS + " at " + kafka.bootstrap() + "; " + config.describe());

        Simulator simulator = Simulator.start(config, seed, kafka.bootstrap(), SimulatorMain::log);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "bpmon-simulator-shutdown"));
        simulator.awaitTermination();
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
