package io.bpmon.web;

import io.bpmon.alerting.Alerting;
import io.bpmon.alerting.AlertingService;
import io.bpmon.core.Version;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.kafka.KafkaAlertPublisher;
import io.bpmon.core.kafka.KafkaEventPublisher;
import io.bpmon.core.kafka.KafkaRulePublisher;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleSet;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleService;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchAlertStore;
import io.bpmon.core.store.ElasticsearchIncidentStore;
import io.bpmon.core.store.ElasticsearchDashboardReader;
import io.bpmon.core.store.ElasticsearchJobReports;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.ElasticsearchRulePreview;
import io.bpmon.core.store.ElasticsearchRuleStatusReader;
import io.bpmon.core.store.ElasticsearchRuleStore;
import io.bpmon.core.store.ElasticsearchSessionRevocations;
import io.bpmon.core.store.IndexRetention;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.JobReports;
import io.bpmon.core.store.SchemaSetup;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the web server against the Kafka and Elasticsearch named in the environment (docs/configuration.md). */
public final class WebMain {

    private static final Logger LOG = LoggerFactory.getLogger(WebMain.class);

    private WebMain() {}

    /**
     * Connects to Kafka and Elasticsearch (waiting for them, creating topics and index templates) and returns the
     * unstarted web server; stopping it closes the connections.
     *
     * @throws IllegalStateException when Kafka or Elasticsearch stay unreachable
     */
    public static Javalin create(MonitorConfig config) {
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());
        Elasticsearch es = Elasticsearch.of(config.elasticsearch());
        TopicSetup.ensureTopics(config.kafka(), Duration.ofMinutes(3), LOG::warn);
        SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofMinutes(3), LOG::warn);
        Indices indices = new Indices(config.elasticsearch().indexPrefix());
        KafkaEventPublisher publisher = new KafkaEventPublisher(config.kafka().bootstrap(), Duration.ofSeconds(10));
        RuleValidator ruleValidator = new RuleValidator(lifecycle);
        KafkaRulePublisher rulePublisher = new KafkaRulePublisher(config.kafka().bootstrap(), Duration.ofSeconds(10));
        RuleService rules = new RuleService(ruleValidator, new ElasticsearchRuleStore(es, indices), rulePublisher,
                Clock.systemUTC(), LOG::warn);
        startRules(rules, config.web().defaultRules().ruleSet(ruleValidator));
        Map<String, HealthProbe> probes = new LinkedHashMap<>();
        probes.put("kafka", Probes.kafka(config.kafka().bootstrap()));
        probes.put("elasticsearch", Probes.elasticsearch(es));
        JobReports jobReports = new ElasticsearchJobReports(es, indices);
        probes.put("job", Probes.job(jobReports, Clock.systemUTC(), config.web().jobPidFile().map(JobProcess::new)));
        KafkaAlertPublisher alertPublisher = new KafkaAlertPublisher(config.kafka().bootstrap(), Duration.ofSeconds(10));
        Alerting alerting = new Alerting(config, es, config.web().publicUrl());
        EventParser parser = new EventParser(lifecycle, config.engine().maxFuture(), Clock.systemUTC());
        ElasticsearchSessionRevocations revocations = new ElasticsearchSessionRevocations(es, indices);
        Javalin app = WebApp.create(config.web(), new WebApp.Dependencies(lifecycle, parser, publisher,
                new ElasticsearchOrderReader(es, indices), rules, new ElasticsearchAlertStore(es, indices),
                new ElasticsearchIncidentStore(es, indices), alertPublisher, probes, new ElasticsearchDashboardReader(es, indices, lifecycle), jobReports, alerting,
                new ElasticsearchRulePreview(es, indices, lifecycle),
                new ElasticsearchRuleStatusReader(es, indices), revocations));
        startAlerting(config, alerting, app);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bpmon-housekeeping");
            t.setDaemon(true);
            return t;
        });
        IndexRetention retention = new IndexRetention(indices, config.elasticsearch().retention());
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                retention.deleteExpired(es, Instant.now()).forEach(i -> LOG.info("retention: deleted index {}", i));
            } catch (RuntimeException e) {
                LOG.warn("retention: {}", e.getMessage());
            }
            try {
                revocations.purgeExpired(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("retention of logouts: {}", e.getMessage());
            }
        }, 0, 1, TimeUnit.HOURS);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                if (rules.retryFailedPublishes()) {
                    LOG.info("rules: published all rules again after an earlier failure");
                }
            } catch (RuntimeException e) {
                LOG.warn("rules: publishing still fails ({}); retrying in a minute", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        app.unsafe.events.serverStopped(housekeeping::shutdownNow);
        app.unsafe.events.serverStopped(rulePublisher::close);
        app.unsafe.events.serverStopped(es::close);
        return app;
    }

    /**
     * Installs the default rules on the first start, then publishes every rule, so the job has the stored rules
     * even if a publish was lost before. A Kafka failure here does not stop the server: the rules are stored and
     * the housekeeping thread publishes them once Kafka takes them.
     */
    private static void startRules(RuleService rules, Optional<RuleSet> defaults) {
        defaults.ifPresent(set -> {
            try {
                int installed = rules.installDefaults(set);
                if (installed > 0) {
                    LOG.info("rules: installed {} default rules ({})", installed, set.name());
                }
            } catch (Elasticsearch.UnavailableException e) {
                throw new IllegalStateException("could not install the default rules: " + e.getMessage(), e);
            }
        });
        try {
            LOG.info("rules: published {} rules to {}", rules.republishAll(), Topics.RULES);
        } catch (RuntimeException e) {
            LOG.warn("rules: could not publish the rules to {} ({}); retrying every minute", Topics.RULES,
                    e.getMessage());
        }
    }

    /**
     * Runs the alerting service in this process unless {@code BPMON_ALERTING=off} (then {@code ./bpmon alerting}
     * runs it), and only when a channel is configured: without one there is nobody to tell.
     */
    private static void startAlerting(MonitorConfig config, Alerting alerting, Javalin app) {
        if (!config.alerting().inProcess()) {
            LOG.info("alerting: not in this process (BPMON_ALERTING=off); run ./bpmon alerting to send notifications");
            return;
        }
        if (config.alerting().channels().isEmpty()) {
            LOG.warn("alerting: no channel configured (set BPMON_SLACK_WEBHOOK_URL, or BPMON_SMTP_HOST,"
                    + " BPMON_ALERT_EMAIL_FROM and BPMON_ALERT_EMAIL_TO): no notifications are sent");
            return;
        }
        try {
            AlertingService service = alerting.startService();
            app.unsafe.events.serverStopped(service::close);
        } catch (RuntimeException e) {
            // notifications are not worth refusing the API and UI for
            LOG.error("alerting: could not start ({}); no notifications are sent by this process", e.toString());
        }
    }

    public static void main(String[] args) {
        MonitorConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("bpmon: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Javalin app;
        try {
            app = create(config);
        } catch (IllegalStateException e) {
            System.err.println("bpmon: " + e.getMessage());
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "bpmon-web-shutdown"));
        app.start(config.web().port());
        LOG.info("bpmon {} web server listening on {} port {}", Version.current(),
                config.web().host().orElse("every interface"), app.port());
    }
}
