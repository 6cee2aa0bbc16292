package io.bpmon.e2e;

import static io.bpmon.e2e.FlinkClusterFixture.deleteTree;
import static io.bpmon.e2e.FlinkClusterFixture.freePortWithRpcPort;
import static io.bpmon.e2e.FlinkClusterFixture.millisSince;
import static io.bpmon.e2e.FlinkClusterFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.Version;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The release as an operator installs it (docs/operations.md, install): {@code scripts/dist.sh} (what
 * {@code ./bpmon dist} runs after the build) packs {@code bpmon-<version>.tar.gz}, {@code tar} unpacks it into a
 * temporary directory, and its {@code bin/bpmon} starts the web server and the alerting service with {@code HOME} and
 * the Maven repository pointing at empty folders and Maven itself replaced by {@code false}, from a working directory
 * outside the source tree. {@code bin/bpmon submit} sends the release's job jar to a standalone Flink cluster
 * ({@code scripts/flink-cluster.sh}, one TaskManager; its Flink client comes from the same cache as the cluster's).
 * One order breaches a rule: the alert shows in the API and reaches a Slack webhook receiver through the separate
 * alerting service. Then {@code bin/bpmon upgrade} stops the job with a savepoint and submits it from there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistIT {

    private static final String TOKEN = "e2e-dist-token-0123456789";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final String VERSION = Version.current();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final WebhookReceiver slack = new WebhookReceiver();

    private Path repo;
    private Path tmp;
    private Path install;
    private Path clusterDir;
    private int restPort;
    private String base;
    private final TestApi api = new TestApi(() -> base, TOKEN);
    private Map<String, String> env;
    private Process web;
    private Process alerting;
    private String jobId;

    @BeforeAll
    void packUnpackAndStart() throws Exception {
        repo = Path.of(System.getProperty("bpmon.repo", ".")).toAbsolutePath().normalize();
        tmp = Files.createTempDirectory("bpmon-dist-it");
        Path out = repo.resolve("target").resolve("e2e").resolve("dist");

        // the cluster starts meanwhile (it needs nothing of the release)
        clusterDir = tmp.resolve("cluster");
        restPort = freePortWithRpcPort();
        long t1 = System.nanoTime();
        CompletableFuture<String> cluster = CompletableFuture.supplyAsync(() -> {
            try {
                String started = run(repo, Duration.ofSeconds(180), Map.of(), "scripts/flink-cluster.sh", "start",
                        clusterDir.toString(), Integer.toString(restPort), "1");
                System.out.printf("DistIT: Flink cluster (1 TaskManager) ready in %d ms%n", millisSince(t1));
                return started;
            } catch (Exception | AssertionError e) {
                throw new IllegalStateException(e);
            }
        });

        long t0 = System.nanoTime();
        run(repo, Duration.ofSeconds(180), Map.of(), "scripts/dist.sh", "--out", out.toString());
        Path archive = out.resolve("bpmon-" + VERSION + ".tar.gz");
        assertThat(archive).as("the release archive").isRegularFile();
        System.out.printf("DistIT: %s (%d MiB) packed in %d ms%n", archive.getFileName(),
                Files.size(archive) >> 20, millisSince(t0));

        Path unpackTo = Files.createDirectories(tmp.resolve("opt"));
        run(unpackTo, Duration.ofSeconds(60), Map.of(), "tar", "-xzf", archive.toString());
        install = unpackTo.resolve("bpmon-" + VERSION);

        String prefix = "e2e-dist";
        int webPort;
        try (ServerSocket s = new ServerSocket(0)) {
            webPort = s.getLocalPort();
        }
        MonitorConfig config = TestServers.config(prefix, tmp.resolve("checkpoints"), Map.of());
        TestServers.freshTopicsAndSchema(config);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path emptyRepository = Files.createDirectories(tmp.resolve("empty-m2"));
        env = new HashMap<>();
        // nothing of a Maven repository: an empty one, no ~/.m2, and a Maven that fails if anything calls it
        env.put("HOME", home.toString());
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + emptyRepository);
        env.put("MVN", "false");
        // the Flink client for submit: the cache the test cluster's start filled (infra-common.sh)
        env.put("BPMON_CACHE_DIR", infraCacheDir().toString());
        env.put(ConfigLoader.KAFKA_BOOTSTRAP, config.kafka().bootstrap());
        env.put(ConfigLoader.KAFKA_GROUP_ID, config.kafka().groupId());
        env.put(ConfigLoader.ES_URL, config.elasticsearch().url().toString());
        env.put(ConfigLoader.ES_INDEX_PREFIX, prefix);
        env.put(ConfigLoader.ES_FLUSH_INTERVAL, "PT0.2S");
        env.put(ConfigLoader.CHECKPOINT_DIR, clusterDir.resolve("job-checkpoints").toUri().toString());
        env.put("BPMON_API_TOKEN", TOKEN);
        env.put("BPMON_DEFAULT_RULES", "none");
        env.put("BPMON_ALLOWED_LATENESS", "PT2S");
        env.put("BPMON_HTTP_HOST", "127.0.0.1");
        env.put("BPMON_HTTP_PORT", Integer.toString(webPort));
        env.put("BPMON_FLINK_REST_ADDRESS", "127.0.0.1");
        env.put("BPMON_FLINK_REST_PORT", Integer.toString(restPort));
        base = "http://127.0.0.1:" + webPort;

        long t2 = System.nanoTime();
        Map<String, String> webEnv = new HashMap<>(env);
        webEnv.put("BPMON_ALERTING", "off");
        web = start(webEnv, "web");
        Map<String, String> alertingEnv = new HashMap<>(env);
        alertingEnv.put("BPMON_SLACK_WEBHOOK_URL",
                slack.url("/services/T/B/secret"));
        alertingEnv.put("BPMON_ALERT_GROUP_WAIT", "PT1S");
        alertingEnv.put("BPMON_ALERT_GROUP_INTERVAL", "PT2S");
        alerting = start(alertingEnv, "alerting");
        TestServers.await(Duration.ofSeconds(90), () -> status("/api/health") > 0);
        System.out.printf("DistIT: web server from the release answering in %d ms%n", millisSince(t2));

        cluster.get(200, TimeUnit.SECONDS);
        long t3 = System.nanoTime();
        jobId = submit("submit");
        TestServers.await(Duration.ofSeconds(60), this::jobRunning);
        TestServers.await(Duration.ofSeconds(60), () -> status("/api/health") == 200);
        System.out.printf("DistIT: job submitted, running and healthy in %d ms%n", millisSince(t3));
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            for (Process p : new Process[] {web, alerting}) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        } finally {
            try {
                if (clusterDir != null) {
                    // stopping the cluster ends the job too
                    run(repo, Duration.ofSeconds(90), Map.of(), "scripts/flink-cluster.sh", "stop",
                            clusterDir.toString());
                }
            } finally {
                keepLogsAndDelete();
            }
        }
    }

    @Test
    @Order(1)
    void shouldBeARelease() throws Exception {
        assertThat(install.resolve("bin/bpmon")).isExecutable();
        assertThat(install.resolve("VERSION")).hasContent(VERSION);
        assertThat(install.resolve("lib/webapp-" + VERSION + ".jar")).isRegularFile();
        assertThat(install.resolve("lib/alerting-" + VERSION + ".jar")).isRegularFile();
        assertThat(install.resolve("lib/monitor-core-" + VERSION + ".jar")).isRegularFile();
        assertThat(install.resolve("job/bpmon-job-" + VERSION + ".jar")).isRegularFile();
        assertThat(install.resolve("conf/lifecycle-order.json")).isRegularFile();
        assertThat(install.resolve("conf/rules/standard.json")).isRegularFile();
        String envFile = Files.readString(install.resolve("conf/bpmon.env"));
        assertThat(envFile.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .as("conf/bpmon.env sets nothing, only explains").isEmpty();
        assertThat(Files.readString(install.resolve("LICENSE")))
                .contains("org.apache.kafka:kafka-clients:", "io.javalin:javalin:", "Apache");
        assertThat(Files.readString(install.resolve("NOTICE"))).contains("Apache Kafka");
        assertThat(run(install, Duration.ofSeconds(30), env, "bin/bpmon", "--version").trim())
                .isEqualTo("bpmon " + VERSION);

        // the web server and the alerting service run the release's jars alone: no source tree, no Maven repository
        for (Process p : List.of(web, alerting)) {
            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).contains(" -cp " + install.resolve("lib") + "/* ")
                    .doesNotContain(repo.toString() + "/").doesNotContain(".m2");
        }
        assertThat(install.resolve("data")).as("nothing written into the release by web or alerting")
                .doesNotExist();
        try (Stream<Path> files = Files.walk(tmp.resolve("empty-m2"))) {
            assertThat(files.filter(Files::isRegularFile)).as("the empty Maven repository").isEmpty();
        }
    }

    @Test
    @Order(2)
    void shouldShowTheVersionInHealthTheUiAndTheJobName() throws Exception {
        HttpResponse<String> health = api.as(null).send("GET", "/api/health", null);
        assertThat(Json.mapper().readTree(health.body()).path("version").asText()).isEqualTo(VERSION);
        assertThat(api.as(null).send("GET", "/login", null).body()).contains("<span id=\"version\">" + VERSION
                + "</span>");
        JsonNode job = rest("/jobs/" + jobId);
        assertThat(job.path("name").asText()).isEqualTo("bpmon monitor " + VERSION);
    }

    @Test
    @Order(3)
    void shouldTakeAnEventAllTheWayToANotification() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ruleId = "dist-pay-2s-" + run;
        api.expect(201, "POST", "/api/rules", """
                {"id":"%s","name":"Payment within 2 s (dist)","kind":"STEP_SLA","from":"PLACED",
                 "to":"PAID","maxDuration":"PT2S","scope":{"country":["XR"]},"severity":"CRITICAL"}"""
                .formatted(ruleId));
        String orderId = "dist-" + run;
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        api.postEvents(EventJson.event(orderId + "-1", "ORDER_PLACED", orderId, placedAt,
                "{\"country\":\"XR\"}"));

        TestServers.await(Duration.ofSeconds(60), () -> api.get("/api/alerts?ruleId=" + ruleId + "&orderId="
                + orderId).path("total").asLong() == 1);
        JsonNode alert = api.get("/api/alerts?orderId=" + orderId).path("items").get(0);
        assertThat(alert.path("status").asText()).isEqualTo("OPEN");
        assertThat(alert.path("kind").asText()).isEqualTo("SLA_BREACH");
        TestServers.await(Duration.ofSeconds(60), () -> slack.bodies().stream()
                .anyMatch(m -> m.contains("Payment within 2 s (dist)")));
        System.out.printf("DistIT: event to alert to Slack message in %d ms%n", millisSince(t0));
    }

    @Test
    @Order(4)
    void shouldUpgradeTheJobThroughASavepoint() throws Exception {
        String old = jobId;
        long t0 = System.nanoTime();
        jobId = submit("upgrade");
        assertThat(jobId).isNotEqualTo(old);
        assertThat(rest("/jobs/" + old).path("state").asText()).isEqualTo("FINISHED");
        TestServers.await(Duration.ofSeconds(60), this::jobRunning);
        JsonNode restored = rest("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).as("restored: %s", restored).isTrue();
        assertThat(restored.path("external_path").asText()).contains(clusterDir.resolve("flink/savepoints").toString());
        System.out.printf("DistIT: upgrade (stop with savepoint, submit from it, running) in %d ms%n",
                millisSince(t0));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** bin/bpmon submit or upgrade; returns the new job's id. */
    private String submit(String command) throws Exception {
        String out = run(install, Duration.ofSeconds(300), env, "bin/bpmon", command, "--parallelism", "1");
        Matcher m = JOB_ID.matcher(out);
        assertThat(m.find()).as("the Flink CLI prints the job id: %s", out).isTrue();
        return m.group(1);
    }

    private boolean jobRunning() {
        JsonNode job = rest("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING") || job.path("vertices").isEmpty()) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!v.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** Starts bin/bpmon COMMAND from the release, its output into tmp/COMMAND.log. */
    private Process start(Map<String, String> environment, String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/bpmon").toString(), command)
                .directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(command + ".log").toFile());
        pb.environment().putAll(environment);
        return pb.start();
    }

    private int status(String path) {
        try {
            return api.as(null).send("GET", path, null).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }



    private JsonNode rest(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where scripts/infra-common.sh keeps fetched artifacts for this user (its default, or BPMON_CACHE_DIR). */
    private static Path infraCacheDir() {
        String set = System.getenv("BPMON_CACHE_DIR");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/cache/bpmon");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("bpmon");
    }

    /** The logs go to target/e2e/dist-it-logs (for a failed run); the rest of the temp dir is removed. */
    private void keepLogsAndDelete() throws IOException {
        if (tmp == null) {
            return;
        }
        Path kept = repo.resolve("target").resolve("e2e").resolve("dist-it-logs");
        deleteTree(kept);
        Files.createDirectories(kept);
        for (Path log : List.of(tmp.resolve("web.log"), tmp.resolve("alerting.log"))) {
            if (Files.isRegularFile(log)) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path clusterLogs = tmp.resolve("cluster").resolve("flink").resolve("logs");
        if (Files.isDirectory(clusterLogs)) {
            try (Stream<Path> files = Files.list(clusterLogs)) {
                for (Path f : files.toList()) {
                    Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        deleteTree(tmp);
    }
}
