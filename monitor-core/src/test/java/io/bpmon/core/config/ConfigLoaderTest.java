package io.bpmon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.DefaultRules;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String TOKEN = "s3cr3t-t0ken-0123456789";

    private static MonitorConfig load(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.from(env);
    }

    @Nested
    class Defaults {

        @Test
        void shouldUseDefaultsWhenNothingIsSet() {
            MonitorConfig config = load();

            assertThat(config.web().port()).isEqualTo(8080);
            assertThat(config.web().apiToken()).isEmpty();
            assertThat(config.web().publicUrl()).isEqualTo("http://localhost:8080");
            assertThat(config.web().defaultRules()).isEqualTo(DefaultRules.STANDARD);
            assertThat(config.kafka()).isEqualTo(KafkaConfig.defaults());
            assertThat(config.kafka().bootstrap()).isEqualTo("localhost:9092");
            assertThat(config.elasticsearch()).isEqualTo(ElasticsearchConfig.defaults());
            assertThat(config.elasticsearch().url()).isEqualTo(URI.create("http://localhost:9200"));
            assertThat(config.engine()).isEqualTo(EngineConfig.defaults());
            assertThat(config.engine().allowedLateness()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.engine().checkpointDir()).isNull();
            assertThat(config.engine().lifecycle()).isEqualTo(Lifecycle.DEFAULT_RESOURCE);
            assertThat(config.alerting().slackWebhookUrl()).isEmpty();
            assertThat(config.alerting().smtpHost()).isEmpty();
            assertThat(config.alerting().smtpPort()).isEqualTo(25);
            assertThat(config.alerting().emailFrom()).isEmpty();
            assertThat(config.alerting().emailTo()).isEmpty();
        }

        @Test
        void shouldTreatBlankValuesAsUnset() {
            MonitorConfig config = load(
                    ConfigLoader.HTTP_PORT, "  ",
                    ConfigLoader.API_TOKEN, "",
                    ConfigLoader.ALLOWED_LATENESS, " ",
                    ConfigLoader.SLACK_WEBHOOK_URL, "   ",
                    ConfigLoader.DEFAULT_RULES, " ");

            assertThat(config).isEqualTo(load());
        }

        @Test
        void shouldIgnoreUnrelatedVariables() {
            assertThat(load("PATH", "/usr/bin", "BPMON_UNKNOWN", "x")).isEqualTo(load());
        }
    }

    @Nested
    class Overrides {

        @Test
        void shouldReadHttpPortAndDerivePublicUrlFromIt() {
            MonitorConfig config = load(ConfigLoader.HTTP_PORT, "9090");

            assertThat(config.web().port()).isEqualTo(9090);
            assertThat(config.web().publicUrl()).isEqualTo("http://localhost:9090");
        }

        @Test
        void shouldReadPublicUrl() {
            MonitorConfig config = load(ConfigLoader.PUBLIC_URL, "https://bpmon.example.com");

            assertThat(config.web().publicUrl()).isEqualTo("https://bpmon.example.com");
        }

        @Test
        void shouldReadApiToken() {
            assertThat(load(ConfigLoader.API_TOKEN, TOKEN).web().apiToken()).contains(TOKEN);
        }

        @ParameterizedTest
        @CsvSource({"standard, STANDARD", "demo, DEMO", "none, NONE", "Demo, DEMO", "' NONE ', NONE"})
        void shouldReadWhichDefaultRulesToInstall(String value, DefaultRules expected) {
            assertThat(load(ConfigLoader.DEFAULT_RULES, value).web().defaultRules()).isEqualTo(expected);
        }

        @Test
        void shouldTrimValues() {
            MonitorConfig config = load(ConfigLoader.HTTP_PORT, " 8081 ", ConfigLoader.API_TOKEN, " " + TOKEN + "\n");

            assertThat(config.web().port()).isEqualTo(8081);
            assertThat(config.web().apiToken()).contains(TOKEN);
        }

        @Test
        void shouldReadKafkaSettings() {
            MonitorConfig config = load(
                    ConfigLoader.KAFKA_BOOTSTRAP, "kafka-1:9092,kafka-2:9092",
                    ConfigLoader.KAFKA_PARTITIONS, "12",
                    ConfigLoader.KAFKA_RETENTION, "P30D",
                    ConfigLoader.KAFKA_GROUP_ID, "bpmon-test",
                    ConfigLoader.KAFKA_REPLICATION, "3");

            assertThat(config.kafka()).isEqualTo(
                    new KafkaConfig("kafka-1:9092,kafka-2:9092", 12, Duration.ofDays(30), "bpmon-test", 3));
        }

        @Test
        void shouldReadElasticsearchSettings() {
            MonitorConfig config = load(
                    ConfigLoader.ES_URL, "https://es.example.com:9243",
                    ConfigLoader.ES_INDEX_PREFIX, "bpmon-staging",
                    ConfigLoader.ES_BULK_ACTIONS, "500",
                    ConfigLoader.ES_FLUSH_INTERVAL, "PT2S",
                    ConfigLoader.ES_RETENTION, "P90D");

            assertThat(config.elasticsearch()).isEqualTo(new ElasticsearchConfig(
                    URI.create("https://es.example.com:9243"), "bpmon-staging", 500, Duration.ofSeconds(2),
                    Duration.ofDays(90)));
        }

        @Test
        void shouldStripTrailingSlashesOfElasticsearchUrl() {
            assertThat(load(ConfigLoader.ES_URL, "http://es:9200//").elasticsearch().url())
                    .isEqualTo(URI.create("http://es:9200"));
        }

        @Test
        void shouldAcceptElasticsearchUrlSchemeInAnyCase() {
            assertThat(load(ConfigLoader.ES_URL, "HTTPS://es:9200").elasticsearch().url().getHost()).isEqualTo("es");
        }

        @Test
        void shouldReadEngineSettings() {
            MonitorConfig config = load(
                    ConfigLoader.ALLOWED_LATENESS, "PT30S",
                    ConfigLoader.MAX_CLOCK_SKEW, "PT1M",
                    ConfigLoader.FINISHED_RETENTION, "P1D",
                    ConfigLoader.ABANDONED_RETENTION, "P60D",
                    ConfigLoader.CHECKPOINT_INTERVAL, "PT1M",
                    ConfigLoader.CHECKPOINT_DIR, "file:///var/bpmon/checkpoints",
                    ConfigLoader.PARALLELISM, "8",
                    ConfigLoader.LIFECYCLE, "/etc/bpmon/tickets.json",
                    ConfigLoader.MAX_FUTURE, "PT2H");

            assertThat(config.engine()).isEqualTo(new EngineConfig(
                    Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofDays(60),
                    Duration.ofMinutes(1), "file:///var/bpmon/checkpoints", 8, "/etc/bpmon/tickets.json",
                    Duration.ofHours(2), JobRestConfig.defaults()));
        }

        @Test
        void shouldBoundEventTimesOneDayAheadOfReceiptByDefault() {
            assertThat(load().engine().maxFuture()).isEqualTo(Duration.ofDays(1));
        }

        @Test
        void shouldRejectANegativeFutureBound() {
            assertThatThrownBy(() -> load(ConfigLoader.MAX_FUTURE, "-PT1H"))
                    .hasMessageContaining(ConfigLoader.MAX_FUTURE);
        }

        @Test
        void shouldAcceptZeroAllowedLatenessAndClockSkew() {
            MonitorConfig config = load(ConfigLoader.ALLOWED_LATENESS, "PT0S", ConfigLoader.MAX_CLOCK_SKEW, "PT0S");

            assertThat(config.engine().allowedLateness()).isZero();
            assertThat(config.engine().maxClockSkew()).isZero();
        }

        @Test
        void shouldRollUpByCountryEveryTenSecondsForFortyDaysByDefault() {
            assertThat(load().engine().rollup()).isEqualTo(
                    new RollupConfig(List.of("country"), Duration.ofSeconds(10), Duration.ofDays(40)));
        }

        @Test
        void shouldReadRollupSettings() {
            MonitorConfig config = load(ConfigLoader.ROLLUP_SEGMENT_BY, " country, channel ",
                    ConfigLoader.ROLLUP_INTERVAL, "PT1M", ConfigLoader.ROLLUP_RETENTION, "P7D");

            assertThat(config.engine().rollup()).isEqualTo(
                    new RollupConfig(List.of("country", "channel"), Duration.ofMinutes(1), Duration.ofDays(7)));
            assertThat(config.engine().rollup().enabled()).as("on unless switched off").isTrue();
            assertThat(load(ConfigLoader.ROLLUP_ENABLED, "false").engine().rollup().enabled()).isFalse();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "BPMON_ROLLUP_SEGMENT_BY | ' , '            | at least one attribute",
                "BPMON_ROLLUP_SEGMENT_BY | country,country  | twice",
                "BPMON_ROLLUP_SEGMENT_BY | a,b,c,d,e        | at most 4",
                "BPMON_ROLLUP_SEGMENT_BY | 'coun try'       | attribute names",
                "BPMON_ROLLUP_INTERVAL   | PT0S             | positive",
                "BPMON_ROLLUP_INTERVAL   | soon             | ISO-8601",
                "BPMON_ROLLUP_RETENTION  | PT1H             | at least one day",
                "BPMON_ROLLUP_ENABLED    | no               | 'true' or 'false'"})
        void shouldRejectABadRollupSettingNamingIt(String key, String value, String problem) {
            assertThatThrownBy(() -> load(key, value)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + ":").hasMessageContaining(problem);
        }

        @Test
        void shouldReadAlertingSettings() {
            MonitorConfig config = load(
                    ConfigLoader.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/T0/B0/XYZ",
                    ConfigLoader.SMTP_HOST, "mail.example.com",
                    ConfigLoader.SMTP_PORT, "587",
                    ConfigLoader.ALERT_EMAIL_FROM, "bpmon@example.com",
                    ConfigLoader.ALERT_EMAIL_TO, "ops@example.com, shop@example.com,,");

            assertThat(config.alerting()).isEqualTo(new AlertingConfig(
                    Optional.of("https://hooks.slack.com/services/T0/B0/XYZ"), Optional.of("mail.example.com"), 587,
                    Optional.of("bpmon@example.com"), List.of("ops@example.com", "shop@example.com")));
        }
    }

    @Nested
    class BadValues {

        @ParameterizedTest
        @CsvSource({
                "BPMON_HTTP_PORT,             http",
                "BPMON_HTTP_PORT,             8080.0",
                "BPMON_HTTP_PORT,             -1",
                "BPMON_HTTP_PORT,             65536",
                "BPMON_KAFKA_PARTITIONS,      four",
                "BPMON_KAFKA_PARTITIONS,      0",
                "BPMON_KAFKA_RETENTION,       7 days",
                "BPMON_KAFKA_RETENTION,       PT0S",
                "BPMON_KAFKA_RETENTION,       -P1D",
                "BPMON_ES_URL,                localhost:9200",
                "BPMON_ES_URL,                ftp://es:9200",
                "BPMON_ES_URL,                httpx://es:9200",
                "BPMON_ES_URL,                http://es 9200",
                "BPMON_ES_URL,                http:/",
                "BPMON_ES_URL,                http:es",
                "BPMON_ES_URL,                /es",
                "BPMON_ES_INDEX_PREFIX,       BPMON",
                "BPMON_ES_INDEX_PREFIX,       -bpmon",
                "BPMON_ES_INDEX_PREFIX,       bp*mon",
                "BPMON_ES_BULK_ACTIONS,       0",
                "BPMON_ES_BULK_ACTIONS,       100001",
                "BPMON_ES_FLUSH_INTERVAL,     500ms",
                "BPMON_ES_FLUSH_INTERVAL,     PT0S",
                "BPMON_ALLOWED_LATENESS,      10s",
                "BPMON_ALLOWED_LATENESS,      -PT1S",
                "BPMON_MAX_CLOCK_SKEW,        -PT1M",
                "BPMON_FINISHED_RETENTION,    PT0S",
                "BPMON_ABANDONED_RETENTION,   P",
                "BPMON_CHECKPOINT_INTERVAL,   -PT10S",
                "BPMON_PARALLELISM,           0",
                "BPMON_PARALLELISM,           1025",
                "BPMON_SMTP_PORT,             0",
                "BPMON_SMTP_PORT,             65536",
                "BPMON_SMTP_PORT,             smtp",
                "BPMON_DEFAULT_RULES,         production",
                "BPMON_DEFAULT_RULES,         demo-rules"})
        void shouldNameTheVariableOfABadValue(String variable, String value) {
            assertThatThrownBy(() -> load(variable, value))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + ": ");
        }

        @Test
        void shouldQuoteTheBadValue() {
            assertThatThrownBy(() -> load(ConfigLoader.ALLOWED_LATENESS, "10 seconds"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("BPMON_ALLOWED_LATENESS: must be an ISO-8601 duration such as PT10S, was '10 seconds'");
            assertThatThrownBy(() -> load(ConfigLoader.HTTP_PORT, "http"))
                    .hasMessage("BPMON_HTTP_PORT: must be an integer, was 'http'");
            assertThatThrownBy(() -> load(ConfigLoader.HTTP_PORT, "70000"))
                    .hasMessage("BPMON_HTTP_PORT: must be between 0 and 65535, was 70000");
            assertThatThrownBy(() -> load(ConfigLoader.DEFAULT_RULES, "production"))
                    .hasMessage("BPMON_DEFAULT_RULES: must be one of [standard, demo, none], was 'production'");
        }

        @Test
        void shouldBeAnIllegalArgumentException() {
            assertThatThrownBy(() -> load(ConfigLoader.PARALLELISM, "0")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Secrets {

        @ParameterizedTest
        @ValueSource(strings = {"x", "short-token", "0123456789abcde"})
        void shouldRejectApiTokenShorterThan16Characters(String token) {
            assertThatThrownBy(() -> load(ConfigLoader.API_TOKEN, token))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_API_TOKEN: ")
                    .hasMessageContaining("16")
                    .hasMessageNotContaining(token);
        }

        @Test
        void shouldAcceptApiTokenOfExactly16Characters() {
            assertThat(load(ConfigLoader.API_TOKEN, "0123456789abcdef").web().apiToken()).contains("0123456789abcdef");
        }

        @Test
        void shouldNeverShowTheApiTokenInToString() {
            MonitorConfig config = load(ConfigLoader.API_TOKEN, TOKEN);

            assertThat(config.web().toString()).doesNotContain(TOKEN).contains("apiToken=<set>");
            assertThat(config.toString()).doesNotContain(TOKEN);
            assertThat(load().web().toString()).contains("apiToken=<none>");
        }

        @Test
        void shouldReadUsersWithRolesAndNeverShowTheirTokens() {
            MonitorConfig config = load(ConfigLoader.USERS,
                    " alice:editor:alice-token-0123456789 , bob:VIEWER:bob:token:with:colons ");

            assertThat(config.web().users()).containsExactly(
                    new ApiUser("alice", ApiUser.Role.EDITOR, "alice-token-0123456789"),
                    new ApiUser("bob", ApiUser.Role.VIEWER, "bob:token:with:colons"));
            assertThat(config.web().authenticationOn()).isTrue();
            assertThat(config.toString()).doesNotContain("alice-token").doesNotContain("with:colons")
                    .contains("alice:EDITOR");
            assertThat(load().web().users()).isEmpty();
            assertThat(load().web().authenticationOn()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice:editor", "alice:admin:alice-token-0123456789", "alice:editor:short",
                "al ice:editor:alice-token-0123456789",
                "alice:editor:alice-token-0123456789,alice:viewer:other-token-0123456789",
                "alice:editor:alice-token-0123456789,bob:viewer:alice-token-0123456789"})
        void shouldRejectMalformedUsersNamingTheVariableButNoToken(String spec) {
            assertThatThrownBy(() -> load(ConfigLoader.USERS, spec))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_USERS: ")
                    .hasMessageNotContaining("alice-token")
                    .hasMessageNotContaining("other-token");
        }

        @Test
        void shouldReadTheOperatorRoleBetweenViewerAndEditor() {
            MonitorConfig config = load(ConfigLoader.USERS, "otto:Operator:otto-token-0123456789");
            assertThat(config.web().users()).containsExactly(
                    new ApiUser("otto", ApiUser.Role.OPERATOR, "otto-token-0123456789"));
            assertThat(ApiUser.Role.OPERATOR.mayOperate()).isTrue();
            assertThat(ApiUser.Role.OPERATOR.mayEditRules()).isFalse();
            assertThat(ApiUser.Role.VIEWER.mayOperate()).isFalse();
            assertThat(ApiUser.Role.EDITOR.includes(ApiUser.Role.OPERATOR)).isTrue();
            assertThat(ApiUser.Role.VIEWER.includes(ApiUser.Role.OPERATOR)).isFalse();
        }

        @Test
        void shouldListenWhereBpmonHttpHostSaysOrEverywhere() {
            assertThat(load().web().host()).isEmpty();
            assertThat(load(ConfigLoader.HTTP_HOST, " 127.0.0.1 ").web().host()).contains("127.0.0.1");
            assertThat(load(ConfigLoader.HTTP_HOST, "[::1]").web().host()).contains("::1");
            assertThat(load(ConfigLoader.HTTP_HOST, "::").web().host()).contains("::");
            assertThat(load(ConfigLoader.HTTP_HOST, "monitor.internal").web().host()).contains("monitor.internal");
            assertThat(load(ConfigLoader.HTTP_HOST, "127.0.0.1").web().toString()).contains("host=127.0.0.1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1", "127.0.0.1:8080", "local host", "-bad.example", "[::1",
                "host/path"})
        void shouldRejectAHostThatIsNotAnAddressNamingTheVariable(String host) {
            assertThatThrownBy(() -> load(ConfigLoader.HTTP_HOST, host))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_HTTP_HOST: ");
        }

        @Test
        void shouldRejectAUserTokenEqualToTheApiToken() {
            assertThatThrownBy(() -> load(ConfigLoader.API_TOKEN, TOKEN, ConfigLoader.USERS, "alice:viewer:" + TOKEN))
                    .hasMessageStartingWith("BPMON_USERS: ").hasMessageNotContaining(TOKEN);
        }

        @Test
        void shouldNeverShowTheSlackWebhookInToString() {
            String webhook = "https://hooks.slack.com/services/T0/B0/s3cr3t";
            MonitorConfig config = load(ConfigLoader.SLACK_WEBHOOK_URL, webhook);

            assertThat(config.alerting().toString()).doesNotContain(webhook).doesNotContain("s3cr3t");
            assertThat(config.toString()).doesNotContain("s3cr3t");
        }
    }

    @Nested
    class Records {

        @Test
        void shouldRejectBadValuesAlsoWhenBuiltInCode() {
            assertThatThrownBy(() -> KafkaConfig.defaults().withBootstrap(" "))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_KAFKA_BOOTSTRAP: ");
            assertThatThrownBy(() -> ElasticsearchConfig.defaults().withIndexPrefix("Upper"))
                    .hasMessageStartingWith("BPMON_ES_INDEX_PREFIX: ");
            assertThatThrownBy(() -> ElasticsearchConfig.defaults().withUrl(null))
                    .hasMessageStartingWith("BPMON_ES_URL: ");
            assertThatThrownBy(() -> new WebConfig(8080, Optional.empty(), " "))
                    .hasMessageStartingWith("BPMON_PUBLIC_URL: ");
        }

        @Test
        void shouldTreatNullOrEmptyTokenAsNoAuthentication() {
            assertThat(new WebConfig(8080, null, "http://x").apiToken()).isEmpty();
            assertThat(new WebConfig(8080, Optional.of(""), "http://x").apiToken()).isEmpty();
        }

        @Test
        void shouldInstallTheStandardRulesUnlessToldOtherwise() {
            assertThat(new WebConfig(8080, Optional.empty(), "http://x").defaultRules())
                    .isEqualTo(DefaultRules.STANDARD);
            assertThat(new WebConfig(8080, Optional.empty(), "http://x", null).defaultRules())
                    .isEqualTo(DefaultRules.STANDARD);
            assertThat(new WebConfig(8080, Optional.empty(), "http://x", DefaultRules.NONE).toString())
                    .contains("defaultRules=none");
        }

        @Test
        void shouldCopyEmailRecipients() {
            List<String> to = new java.util.ArrayList<>(List.of("a@example.com"));
            AlertingConfig alerting = new AlertingConfig(Optional.empty(), Optional.empty(), 25, Optional.empty(), to);
            to.add("b@example.com");

            assertThat(alerting.emailTo()).containsExactly("a@example.com");
        }
    }

    @Nested
    class FlinkRest {

        @Test
        void shouldListenOnLoopbackWithTlsAndWithoutWebSubmissionByDefault() {
            JobRestConfig rest = load().engine().rest();

            assertThat(rest).isEqualTo(JobRestConfig.defaults());
            assertThat(rest.bindAddress()).isEqualTo("127.0.0.1");
            assertThat(rest.port()).isEqualTo("8081-8099");
            assertThat(rest.webSubmit()).isFalse();
            assertThat(rest.tls()).isTrue();
            assertThat(rest.loopbackOnly()).isTrue();
        }

        @Test
        void shouldReadAddressPortTlsAndWebSubmission() {
            JobRestConfig rest = load(ConfigLoader.FLINK_REST_ADDRESS, "0.0.0.0",
                    ConfigLoader.FLINK_REST_PORT, "9081,9090-9099",
                    ConfigLoader.FLINK_REST_TLS, "false",
                    ConfigLoader.FLINK_WEB_SUBMIT, "true").engine().rest();

            assertThat(rest).isEqualTo(new JobRestConfig("0.0.0.0", "9081,9090-9099", true, false));
            assertThat(load(ConfigLoader.FLINK_REST_TLS, "false").engine().rest())
                    .isEqualTo(new JobRestConfig("127.0.0.1", "8081-8099", false, false));
            assertThat(rest.loopbackOnly()).isFalse();
            assertThat(load(ConfigLoader.FLINK_REST_ADDRESS, "::1").engine().rest().loopbackOnly()).isTrue();
            assertThat(load(ConfigLoader.FLINK_REST_ADDRESS, "flink-1.internal").engine().rest().bindAddress())
                    .isEqualTo("flink-1.internal");
        }

        @ParameterizedTest
        @CsvSource({
                "BPMON_FLINK_REST_ADDRESS,  http://0.0.0.0",
                "BPMON_FLINK_REST_ADDRESS,  127.0.0.1:8081",
                "BPMON_FLINK_REST_ADDRESS,  two words",
                "BPMON_FLINK_REST_ADDRESS,  -host",
                "BPMON_FLINK_REST_PORT,     http",
                "BPMON_FLINK_REST_PORT,     0",
                "BPMON_FLINK_REST_PORT,     65536",
                "BPMON_FLINK_REST_PORT,     8099-8081",
                "BPMON_FLINK_REST_PORT,     8081-",
                "BPMON_FLINK_REST_PORT,     '8081,'",
                "BPMON_FLINK_WEB_SUBMIT,    yes",
                "BPMON_FLINK_WEB_SUBMIT,    TRUE",
                "BPMON_FLINK_REST_TLS,      no",
                "BPMON_FLINK_REST_TLS,      0",
        })
        void shouldRejectBadValuesNamingTheVariable(String key, String value) {
            assertThatThrownBy(() -> load(key, value))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + ": ");
        }

        @Test
        void shouldRefuseWebSubmissionThatNoBrowserCouldReachBecauseOfTls() {
            assertThatThrownBy(() -> load(ConfigLoader.FLINK_WEB_SUBMIT, "true"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("BPMON_FLINK_WEB_SUBMIT: true needs BPMON_FLINK_REST_TLS=false (with TLS the REST API"
                            + " serves the job alone, so no browser could upload a jar)");
            assertThatThrownBy(() -> load(ConfigLoader.FLINK_WEB_SUBMIT, "true", ConfigLoader.FLINK_REST_TLS, "true"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_FLINK_WEB_SUBMIT: ");
        }
    }

    @Nested
    class Supervision {

        @Test
        void shouldReadTheJobsPidFile() {
            assertThat(load().web().jobPidFile()).isEmpty();
            assertThat(load(ConfigLoader.JOB_PID_FILE, "/var/lib/bpmon/run/job.pid").web().jobPidFile())
                    .contains(java.nio.file.Path.of("/var/lib/bpmon/run/job.pid"));
        }

        @Test
        void shouldRejectAPathWithANulCharacter() {
            assertThatThrownBy(() -> load(ConfigLoader.JOB_PID_FILE, "run/\u0000job.pid"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BPMON_JOB_PID_FILE: ");
        }
    }
}
