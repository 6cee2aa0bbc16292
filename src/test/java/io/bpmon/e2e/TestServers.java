package io.bpmon.e2e;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.SchemaSetup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real Kafka broker and Elasticsearch server the end-to-end tests run against. {@code ./bpmon test} starts
 * both with the project's own scripts and passes their addresses in {@code BPMON_TEST_KAFKA} and
 * {@code BPMON_TEST_ES_URL}.
 */
final class TestServers {

    private TestServers() {}

    static String kafka() {
        return required("BPMON_TEST_KAFKA");
    }

    static URI elasticsearch() {
        return URI.create(required("BPMON_TEST_ES_URL"));
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the end-to-end tests with ./bpmon test, "
                    + "which starts a Kafka broker and Elasticsearch for them");
        }
        return v;
    }

    /** A configuration against the test servers, with its own index prefix and consumer group. */
    static MonitorConfig config(String name, Path checkpointDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.KAFKA_BOOTSTRAP, kafka());
        env.put(ConfigLoader.ES_URL, elasticsearch().toString());
        env.put(ConfigLoader.ES_INDEX_PREFIX, name);
        env.put(ConfigLoader.KAFKA_GROUP_ID, name + "-" + UUID.randomUUID());
        env.put(ConfigLoader.CHECKPOINT_DIR, checkpointDir.toUri().toString());
        env.put(ConfigLoader.CHECKPOINT_INTERVAL, "PT2S");
        env.put(ConfigLoader.PARALLELISM, "2");
        env.put(ConfigLoader.ES_FLUSH_INTERVAL, "PT0.2S");
        env.putAll(extra);
        return ConfigLoader.from(env);
    }

    /** Deletes and recreates bpmon's topics, so a test sees only its own records; creates index templates. */
    static void freshTopicsAndSchema(MonitorConfig config) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> ours = Topics.all(config.kafka()).stream().map(Topics.Spec::name)
                    .filter(existing::contains).toList();
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
            }
            List<String> all = Topics.all(config.kafka()).stream().map(Topics.Spec::name).toList();
            await(Duration.ofSeconds(60), () -> {
                try { // a deleted topic takes a moment to go; creating it meanwhile is refused
                    TopicSetup.ensureTopics(config.kafka(), Duration.ofSeconds(5), s -> {});
                    return admin.listTopics().names().get().containsAll(all);
                } catch (Exception e) {
                    return false;
                }
            });
        }
        ElasticsearchClient es = ElasticsearchClient.of(config.elasticsearch());
        // by name: wildcard deletes are refused (action.destructive_requires_name)
        ElasticsearchClient.Response existing = es.get("/" + config.elasticsearch().indexPrefix() + "-*");
        if (existing.ok()) {
            existing.body().fieldNames().forEachRemaining(index -> es.delete("/" + index));
        }
        SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofSeconds(30), s -> {});
    }

    /** Polls until the condition holds; end-to-end results arrive asynchronously through Kafka and Elasticsearch. */
    static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) { // e.g. a new index whose shard is not allocated yet
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout, last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
