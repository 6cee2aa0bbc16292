package io.bpmon.core.config;

import io.bpmon.core.rules.DefaultRules;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link MonitorConfig} from environment variables (docs/contract.md). The only place that knows the
 * variables' names; every value is checked and a bad one is reported with its name.
 */
public final class ConfigLoader {

    public static final String HTTP_PORT = "BPMON_HTTP_PORT";
    public static final String HTTP_HOST = "BPMON_HTTP_HOST";
    public static final String KAFKA_BOOTSTRAP = "BPMON_KAFKA_BOOTSTRAP";
    public static final String KAFKA_PARTITIONS = "BPMON_KAFKA_PARTITIONS";
    public static final String KAFKA_RETENTION = "BPMON_KAFKA_RETENTION";
    public static final String KAFKA_GROUP_ID = "BPMON_KAFKA_GROUP_ID";
    public static final String KAFKA_REPLICATION = "BPMON_KAFKA_REPLICATION";
    public static final String ES_URL = "BPMON_ES_URL";
    public static final String ES_INDEX_PREFIX = "BPMON_ES_INDEX_PREFIX";
    public static final String ES_BULK_ACTIONS = "BPMON_ES_BULK_ACTIONS";
    public static final String ES_FLUSH_INTERVAL = "BPMON_ES_FLUSH_INTERVAL";
    public static final String ES_RETENTION = "BPMON_ES_RETENTION";
    public static final String ES_API_KEY = "BPMON_ES_API_KEY";
    public static final String ES_USERNAME = "BPMON_ES_USERNAME";
    public static final String ES_PASSWORD = "BPMON_ES_PASSWORD";
    public static final String ES_CA_CERT = "BPMON_ES_CA_CERT";
    public static final String API_TOKEN = "BPMON_API_TOKEN";
    public static final String USERS = "BPMON_USERS";
    public static final String PUBLIC_URL = "BPMON_PUBLIC_URL";
    public static final String DEFAULT_RULES = "BPMON_DEFAULT_RULES";
    public static final String ALLOWED_LATENESS = "BPMON_ALLOWED_LATENESS";
    public static final String MAX_CLOCK_SKEW = "BPMON_MAX_CLOCK_SKEW";
    public static final String MAX_FUTURE = "BPMON_MAX_FUTURE";
    public static final String FINISHED_RETENTION = "BPMON_FINISHED_RETENTION";
    public static final String ABANDONED_RETENTION = "BPMON_ABANDONED_RETENTION";
    public static final String CHECKPOINT_INTERVAL = "BPMON_CHECKPOINT_INTERVAL";
    public static final String CHECKPOINT_DIR = "BPMON_CHECKPOINT_DIR";
    public static final String ROLLUP_SEGMENT_BY = "BPMON_ROLLUP_SEGMENT_BY";
    public static final String ROLLUP_INTERVAL = "BPMON_ROLLUP_INTERVAL";
    public static final String ROLLUP_RETENTION = "BPMON_ROLLUP_RETENTION";
    public static final String ROLLUP_ENABLED = "BPMON_ROLLUP_ENABLED";
    public static final String PARALLELISM = "BPMON_PARALLELISM";
    public static final String LIFECYCLE = "BPMON_LIFECYCLE";
    public static final String FLINK_REST_ADDRESS = "BPMON_FLINK_REST_ADDRESS";
    public static final String FLINK_REST_PORT = "BPMON_FLINK_REST_PORT";
    public static final String FLINK_WEB_SUBMIT = "BPMON_FLINK_WEB_SUBMIT";
    public static final String FLINK_REST_TLS = "BPMON_FLINK_REST_TLS";
    public static final String JOB_PID_FILE = "BPMON_JOB_PID_FILE";
    public static final String SLACK_WEBHOOK_URL = "BPMON_SLACK_WEBHOOK_URL";
    public static final String SMTP_HOST = "BPMON_SMTP_HOST";
    public static final String SMTP_PORT = "BPMON_SMTP_PORT";
    public static final String ALERT_EMAIL_FROM = "BPMON_ALERT_EMAIL_FROM";
    public static final String ALERT_EMAIL_TO = "BPMON_ALERT_EMAIL_TO";
    public static final String SMTP_USER = "BPMON_SMTP_USER";
    public static final String SMTP_PASSWORD = "BPMON_SMTP_PASSWORD";
    public static final String ALERT_GROUP_BY = "BPMON_ALERT_GROUP_BY";
    public static final String ALERT_GROUP_WAIT = "BPMON_ALERT_GROUP_WAIT";
    public static final String ALERT_GROUP_INTERVAL = "BPMON_ALERT_GROUP_INTERVAL";
    public static final String ALERT_REPEAT_INTERVAL = "BPMON_ALERT_REPEAT_INTERVAL";
    public static final String ALERT_ROUTES = "BPMON_ALERT_ROUTES";
    public static final String ALERTING = "BPMON_ALERTING";

    private final Map<String, String> env;

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public static MonitorConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static MonitorConfig from(Map<String, String> env) {
        return new ConfigLoader(env).load();
    }

    private MonitorConfig load() {
        int port = integer(HTTP_PORT, WebConfig.DEFAULT_PORT);
        KafkaConfig kafka = new KafkaConfig(
                text(KAFKA_BOOTSTRAP).orElse(KafkaConfig.DEFAULT_BOOTSTRAP),
                integer(KAFKA_PARTITIONS, KafkaConfig.DEFAULT_PARTITIONS),
                duration(KAFKA_RETENTION, KafkaConfig.DEFAULT_RETENTION),
                text(KAFKA_GROUP_ID).orElse(KafkaConfig.DEFAULT_GROUP_ID),
                integer(KAFKA_REPLICATION, KafkaConfig.DEFAULT_REPLICATION_FACTOR));
        ElasticsearchConfig es = new ElasticsearchConfig(
                uri(ES_URL, ElasticsearchConfig.DEFAULT_URL),
                text(ES_INDEX_PREFIX).orElse(ElasticsearchConfig.DEFAULT_INDEX_PREFIX),
                integer(ES_BULK_ACTIONS, ElasticsearchConfig.DEFAULT_BULK_ACTIONS),
                duration(ES_FLUSH_INTERVAL, ElasticsearchConfig.DEFAULT_FLUSH_INTERVAL),
                duration(ES_RETENTION, ElasticsearchConfig.DEFAULT_RETENTION),
                elasticsearchCredentials(),
                text(ES_CA_CERT).map(ConfigLoader::caCertificates).orElse(null));
        EngineConfig engine = new EngineConfig(
                duration(ALLOWED_LATENESS, EngineConfig.DEFAULT_ALLOWED_LATENESS),
                duration(MAX_CLOCK_SKEW, EngineConfig.DEFAULT_MAX_CLOCK_SKEW),
                duration(FINISHED_RETENTION, EngineConfig.DEFAULT_FINISHED_RETENTION),
                duration(ABANDONED_RETENTION, EngineConfig.DEFAULT_ABANDONED_RETENTION),
                duration(CHECKPOINT_INTERVAL, EngineConfig.DEFAULT_CHECKPOINT_INTERVAL),
                text(CHECKPOINT_DIR).orElse(null),
                integer(PARALLELISM, EngineConfig.DEFAULT_PARALLELISM),
                text(LIFECYCLE).orElse(io.bpmon.core.lifecycle.Lifecycle.DEFAULT_RESOURCE),
                duration(MAX_FUTURE, EngineConfig.DEFAULT_MAX_FUTURE),
                new JobRestConfig(
                        text(FLINK_REST_ADDRESS).orElse(JobRestConfig.DEFAULT_BIND_ADDRESS),
                        text(FLINK_REST_PORT).orElse(JobRestConfig.DEFAULT_PORT),
                        bool(FLINK_WEB_SUBMIT, false),
                        bool(FLINK_REST_TLS, true)),
                new RollupConfig(
                        text(ROLLUP_SEGMENT_BY).map(ConfigLoader::commaList).orElse(RollupConfig.DEFAULT_SEGMENT_BY),
                        duration(ROLLUP_INTERVAL, RollupConfig.DEFAULT_INTERVAL),
                        duration(ROLLUP_RETENTION, RollupConfig.DEFAULT_RETENTION),
                        bool(ROLLUP_ENABLED, true)));
        WebConfig web = new WebConfig(port, text(API_TOKEN),
                text(PUBLIC_URL).orElse("http://localhost:" + port), defaultRules(DEFAULT_RULES),
                ApiUser.parseAll(text(USERS).orElse(null)), text(HTTP_HOST), path(JOB_PID_FILE));
        AlertingConfig alerting = new AlertingConfig(
                text(SLACK_WEBHOOK_URL),
                text(SMTP_HOST),
                integer(SMTP_PORT, AlertingConfig.DEFAULT_SMTP_PORT),
                text(ALERT_EMAIL_FROM),
                text(ALERT_EMAIL_TO).map(ConfigLoader::commaList).orElse(List.of()),
                text(SMTP_USER),
                Optional.ofNullable(env.get(SMTP_PASSWORD)).filter(p -> !p.isEmpty()),
                text(ALERT_GROUP_BY).map(ConfigLoader::commaList).orElse(AlertingConfig.DEFAULT_GROUP_BY),
                duration(ALERT_GROUP_WAIT, AlertingConfig.DEFAULT_GROUP_WAIT),
                duration(ALERT_GROUP_INTERVAL, AlertingConfig.DEFAULT_GROUP_INTERVAL),
                duration(ALERT_REPEAT_INTERVAL, AlertingConfig.DEFAULT_REPEAT_INTERVAL),
                text(ALERT_ROUTES).map(AlertRoutes::parse).orElse(List.of()),
                alertingMode(ALERTING));
        return new MonitorConfig(kafka, es, engine, web, alerting);
    }

    /** An API key, or a user with a password, or none; never a mix (docs/elasticsearch-access.md). */
    private ElasticsearchCredentials elasticsearchCredentials() {
        Optional<String> apiKey = text(ES_API_KEY);
        Optional<String> username = text(ES_USERNAME);
        // a password is taken as given: leading or trailing spaces may be part of it
        Optional<String> password = Optional.ofNullable(env.get(ES_PASSWORD)).filter(p -> !p.isEmpty());
        if (apiKey.isPresent() && (username.isPresent() || password.isPresent())) {
            throw new ConfigException(ES_API_KEY, "set either " + ES_API_KEY + ", or " + ES_USERNAME + " and "
                    + ES_PASSWORD + ", not both");
        }
        if (apiKey.isPresent()) {
            return new ElasticsearchCredentials.ApiKey(apiKey.get());
        }
        if (username.isPresent() != password.isPresent()) {
            String missing = username.isPresent() ? ES_PASSWORD : ES_USERNAME;
            String given = username.isPresent() ? ES_USERNAME : ES_PASSWORD;
            throw new ConfigException(missing, "must be set when " + given + " is set");
        }
        return username.map(u -> new ElasticsearchCredentials.Basic(u, password.get())).orElse(null);
    }

    private static CaCertificates caCertificates(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(ES_CA_CERT, "must be the path of a PEM file, was '" + file + "'");
        }
        return CaCertificates.read(path);
    }

    private boolean alertingMode(String key) {
        String v = text(key).orElse("in-process");
        return switch (v) {
            case "in-process" -> true;
            case "off" -> false;
            default -> throw new ConfigException(key, "must be 'in-process' or 'off', was '" + v + "'");
        };
    }

    private Optional<String> text(String key) {
        return Optional.ofNullable(env.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private boolean bool(String key, boolean fallback) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be 'true' or 'false', was '" + v.get() + "'");
        };
    }

    private int integer(String key, int fallback) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be an integer, was '" + v.get() + "'");
        }
    }

    private Duration duration(String key, Duration fallback) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.parse(v.get());
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "must be an ISO-8601 duration such as PT10S, was '" + v.get() + "'");
        }
    }

    private DefaultRules defaultRules(String key) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return WebConfig.DEFAULT_RULE_SET;
        }
        return DefaultRules.fromConfigName(v.get()).orElseThrow(() -> new ConfigException(key, "must be one of "
                + Arrays.stream(DefaultRules.values()).map(DefaultRules::configName).toList() + ", was '" + v.get()
                + "'"));
    }

    private Optional<Path> path(String key) {
        Optional<String> v = text(key);
        try {
            return v.map(Path::of);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "must be a file path, was '" + v.get() + "'");
        }
    }

    private URI uri(String key, URI fallback) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return URI.create(v.get().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            // a URL may carry a password before its host: never echo that part
            throw new ConfigException(key, "must be a URL, was '"
                    + v.get().replaceFirst("//[^/?#]*@", "//<user info hidden>@") + "'");
        }
    }

    private static List<String> commaList(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
