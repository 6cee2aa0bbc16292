package io.bpmon.alerting;

import io.bpmon.core.Version;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.SchemaSetup;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./bpmon alerting}: the alerting service on its own, for production. Set {@code BPMON_ALERTING=off} on the
 * web server then, so that only one process sends.
 */
public final class AlertingMain {

    private static final Logger LOG = LoggerFactory.getLogger(AlertingMain.class);

    private AlertingMain() {}

    public static void main(String[] args) throws InterruptedException {
        MonitorConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("bpmon: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        AlertingService service;
        try {
            ElasticsearchClient es = ElasticsearchClient.of(config.elasticsearch());
            TopicSetup.ensureTopics(config.kafka(), Duration.ofMinutes(3), LOG::warn);
            SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofMinutes(3), LOG::warn);
            service = new Alerting(config, es, config.web().publicUrl()).startService();
        } catch (IllegalStateException e) {
            System.err.println("bpmon: " + e.getMessage());
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "bpmon-alerting-shutdown"));
        LOG.info("bpmon {} alerting service running", Version.current());
        Thread.currentThread().join();
    }
}
