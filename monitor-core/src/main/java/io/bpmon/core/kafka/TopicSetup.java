package io.bpmon.core.kafka;

import io.bpmon.core.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates bpmon's topics when they are missing; waits for the broker with a readable message instead of a trace. */
public final class TopicSetup {

    private TopicSetup() {}

    /**
     * Creates every topic of {@link Topics#all} that does not exist yet.
     *
     * @param waitFor how long to keep retrying while the broker is unreachable
     * @param log     receives one line per retry, e.g. "Kafka at localhost:9092 not reachable yet, retrying"
     * @throws IllegalStateException when the broker stayed unreachable for {@code waitFor}
     */
    public static void ensureTopics(KafkaConfig config, Duration waitFor, Consumer<String> log) {
        long deadline = System.nanoTime() + waitFor.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    create(admin, config);
                    return;
                } catch (TimeoutException | ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + config.bootstrap() + " is not reachable ("
                                + rootMessage(e) + "); is the broker running? Set BPMON_KAFKA_BOOTSTRAP to use another.");
                    }
                    log.accept("Kafka at " + config.bootstrap() + " not reachable yet (" + rootMessage(e)
                            + "), retrying");
                    sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka");
                }
            }
        }
    }

    private static void create(Admin admin, KafkaConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(3, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topics.Spec spec : Topics.all(config)) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), spec.partitions(), (short) config.replicationFactor()).configs(spec.configs()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> f : admin.createTopics(missing).values()
                .entrySet()) {
            try {
                f.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // a concurrent creator (job and web server starting together) is fine
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
