package io.bpmon.core.simulation;

import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A running simulator: the {@link TrafficModel} and {@link SimulatorRunner} on their own thread, publishing to
 * Kafka. {@link SimulatorMain} uses it for {@code bpmon simulate}; a launcher may embed it the same way.
 */
public final class Simulator implements AutoCloseable {

    /** How long {@link #close()} waits for the last records to be acknowledged. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final SimulatorRunner runner;
    private final Thread thread;

    private Simulator(SimulatorRunner runner, Thread thread) {
        this.runner = runner;
        this.thread = thread;
    }

    /**
     * Starts publishing on a new thread named {@code bpmon-simulator}. The topics must exist
     * ({@link io.bpmon.core.kafka.TopicSetup#ensureTopics}).
     *
     * @param lifecycle the process the orders follow, the job's ({@code BPMON_LIFECYCLE})
     * @param seed      the seed actually used (so a run can be repeated with {@code --seed})
     * @param log       receives the summary lines and Kafka failures
     */
    public static Simulator start(SimulatorConfig config, Lifecycle lifecycle, long seed, String bootstrap,
            Consumer<String> log) {
        Clock clock = Clock.systemUTC();
        TrafficModel model = new TrafficModel(config, lifecycle, new Random(seed), clock);
        KafkaRecordSink sink = new KafkaRecordSink(bootstrap, log);
        SimulatorRunner runner = new SimulatorRunner(model, sink, clock, d -> Thread.sleep(d.toMillis()),
                config.summaryInterval(), config.stopAfter(), log);
        Thread thread = new Thread(() -> {
            try {
                runner.run();
            } finally {
                // Flushing here, on the loop's own thread, means a stop request never races a send.
                sink.flush();
                log.accept(runner.summary());
                sink.close();
                log.accept("simulate: stopped; " + (sink.failures() == 0 ? "every record was acknowledged"
                        : sink.failures() + " records were not acknowledged by Kafka"));
            }
        }, "bpmon-simulator");
        thread.start();
        return new Simulator(runner, thread);
    }

    /** Waits until the simulator stops by itself ({@code --duration}) or through {@link #close()}. */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Stops publishing, then waits up to {@link #CLOSE_WAIT} for the sent records to be acknowledged. */
    @Override
    public void close() {
        runner.stop();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
