package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static io.bpmon.e2e.FlinkClusterFixture.deleteTree;
import static io.bpmon.e2e.FlinkClusterFixture.freePortWithRpcPort;
import static io.bpmon.e2e.FlinkClusterFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.Version;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

/**
 * The job jar on a real Flink cluster: {@code scripts/flink-cluster.sh} starts a standalone session cluster from
 * Maven artifacts — a JobManager and two TaskManagers (2 slots each), three separate JVMs — and submits the shaded
 * jar with the Flink CLI at parallelism 2, configured only by BPMON_* environment variables as on a real
 * deployment. Events go into the test broker; the order documents must come out in the test Elasticsearch, the
 * job's subtasks must be spread over both TaskManagers, and after {@code kill -9} of one TaskManager the job must
 * restore its last checkpoint on the surviving one and go on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int TASK_MANAGERS = 2;
    private static final int PARALLELISM = 2;
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path repo;
    private Path dataDir;
    private int restPort;
    private MonitorConfig config;
    private ElasticsearchOrderReader orders;
    private final List<Long> clusterPids = new ArrayList<>();
    private String jobId;

    @BeforeAll
    void startTheClusterAndSubmitTheJobJar() throws Exception {
        repo = Path.of(System.getProperty("bpmon.repo", "."));
        Path jar = Path.of(System.getProperty("bpmon.jobJar", "cep-rules/target/cep-rules-0.1.0-SNAPSHOT-job.jar"));
        assertThat(jar).as("the shaded job jar (mvn package builds it)").isRegularFile();
        dataDir = Files.createTempDirectory("bpmon-cluster-it");
        restPort = freePortWithRpcPort();

        // checkpoints only when the test asks for one, so that it knows which records a restore reads again
        config = TestServers.config("e2e-cluster", dataDir.resolve("checkpoints"),
                Map.of(ConfigLoader.CHECKPOINT_INTERVAL, "PT30M"));
        Map<String, String> jobEnv = jobEnvironment(config);
        assertThat(ConfigLoader.from(jobEnv)).as("the job on the cluster gets the test's configuration")
                .isEqualTo(config);
        TestServers.freshTopicsAndSchema(config);
        orders = new ElasticsearchOrderReader(Elasticsearch.of(config.elasticsearch()),
                new Indices(config.elasticsearch().indexPrefix()));

        long t0 = System.nanoTime();
        script(Duration.ofSeconds(180), Map.of(), "start", dataDir.toString(), Integer.toString(restPort),
                Integer.toString(TASK_MANAGERS));
        System.out.printf("ClusterIT: cluster ready in %d ms%n", millisSince(t0));
        clusterPids.addAll(pids());
        assertThat(clusterPids).as("JobManager and TaskManager processes").hasSize(1 + TASK_MANAGERS);
        JsonNode overview = rest("/overview");
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(TASK_MANAGERS);
        assertThat(overview.path("slots-available").asInt()).isGreaterThanOrEqualTo(PARALLELISM);

        long t1 = System.nanoTime();
        String submitted = script(Duration.ofSeconds(120), jobEnv, "submit", dataDir.toString(), jar.toString());
        Matcher m = JOB_ID.matcher(submitted);
        assertThat(m.find()).as("the CLI prints the job id: %s", submitted).isTrue();
        jobId = m.group(1);
        TestServers.await(Duration.ofSeconds(60), this::allTasksRunning);
        System.out.printf("ClusterIT: job %s submitted and all tasks running in %d ms%n", jobId, millisSince(t1));
    }

    @AfterAll
    void cancelTheJobAndStopTheCluster() throws Exception {
        try {
            if (jobId != null) {
                HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(restUri("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(cancel.statusCode()).as("cancel: %s", cancel.body()).isEqualTo(202);
                TestServers.await(Duration.ofSeconds(30),
                        () -> rest("/jobs/" + jobId).path("state").asText().equals("CANCELED"));
            }
        } finally {
            try {
                if (dataDir != null) {
                    script(Duration.ofSeconds(90), Map.of(), "stop", dataDir.toString());
                    // stop leaves no process of the cluster behind
                    assertThat(clusterPids.stream().filter(ClusterIT::running).toList()).as("cluster pids running")
                            .isEmpty();
                }
            } finally {
                keepLogsAndDelete();
            }
        }
    }

    @Test
    @Order(1)
    void shouldRunTheJobJarAtParallelism2AcrossTheTaskManagersAndWriteOrderDocuments() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        TestKafka.send(config.kafka().bootstrap(), List.of(
                keyed("c-1", event("c1-e1", "ORDER_PLACED", "c-1", t, "{\"country\":\"DE\",\"amount\":59.9}")),
                keyed("c-1", event("c1-e2", "PAYMENT_RECEIVED", "c-1", t.plusSeconds(2), "{\"paymentMethod\":\"card\"}")),
                keyed("c-2", event("c2-e1", "ORDER_PLACED", "c-2", t, null)),
                keyed("c-2", event("c2-e2", "ORDER_CANCELLED", "c-2", t.plusSeconds(1), null))));

        TestServers.await(RESULT_TIMEOUT, () -> revision("c-1") == 2 && revision("c-2") == 2);

        JsonNode c1 = orders.find("c-1").orElseThrow();
        assertThat(c1.path("status").asText()).isEqualTo("PAID");
        assertThat(c1.path("steps").path("PLACED").asText()).isEqualTo(t.toString());
        assertThat(c1.path("steps").path("PAID").asText()).isEqualTo(t.plusSeconds(2).toString());
        assertThat(c1.path("attributes").path("country").asText()).isEqualTo("DE");
        assertThat(c1.path("events")).extracting(e -> e.path("eventId").asText()).containsExactly("c1-e1", "c1-e2");
        JsonNode c2 = orders.find("c-2").orElseThrow();
        assertThat(c2.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(c2.path("events")).extracting(e -> e.path("eventId").asText()).containsExactly("c2-e1", "c2-e2");

        // the cluster's view: our job, running, at parallelism 2, its subtasks on both TaskManagers
        JsonNode jobs = rest("/jobs/overview").path("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).path("jid").asText()).isEqualTo(jobId);
        assertThat(jobs.get(0).path("name").asText()).isEqualTo("bpmon monitor " + Version.current());
        assertThat(jobs.get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(rest("/jobs/" + jobId + "/config").path("execution-config").path("job-parallelism").asInt())
                .isEqualTo(PARALLELISM);
        JsonNode eventsSource = vertex("Kafka: bpmon.order-events");
        JsonNode orderState = vertex("Order state");
        assertThat(eventsSource.path("parallelism").asInt()).isEqualTo(PARALLELISM);
        assertThat(orderState.path("parallelism").asInt()).isEqualTo(PARALLELISM);
        Set<String> taskManagers = new HashSet<>();
        rest("/jobs/" + jobId + "/vertices/" + orderState.path("id").asText()).path("subtasks")
                .forEach(s -> taskManagers.add(s.path("taskmanager-id").asText()));
        assertThat(taskManagers).as("TaskManagers running the order-state subtasks").hasSize(TASK_MANAGERS);
    }

    @Test
    @Order(2)
    void shouldRestoreTheLastCheckpointOnTheSurvivingTaskManagerAfterKillMinus9() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        String bootstrap = config.kafka().bootstrap();
        TestKafka.send(bootstrap, List.of(
                keyed("c-3", event("c3-e1", "ORDER_PLACED", "c-3", t, "{\"country\":\"FR\"}")),
                keyed("bad-1", "{\"orderId\": \"bad-1\", cut off"),
                keyed("bad-2", "[1, 2]")));
        TestServers.await(RESULT_TIMEOUT, () -> revision("c-3") == 1);
        assertThat(TestKafka.readUncommitted(bootstrap, Topics.ORDER_EVENTS_DLQ, 2, RESULT_TIMEOUT))
                .as("dead letters written before the checkpoint").hasSize(2);
        // a checkpoint after c-3 and the first dead letters: the restart below must restore it
        checkpoint();
        int restored = checkpointCounts().path("restored").asInt();
        // read after the checkpoint, so read again after the restore: their dead letters must still count once
        TestKafka.send(bootstrap, List.of(
                keyed("bad-3", "{\"orderId\": \"bad-3\"}"),
                keyed("bad-4", "not json"),
                keyed("bad-5", event("bad5-e1", "ORDER_TELEPORTED", "bad-5", t, null)),
                keyed("c-5", event("c5-e1", "ORDER_PLACED", "c-5", t, null))));
        assertThat(TestKafka.readUncommitted(bootstrap, Topics.ORDER_EVENTS_DLQ, 5, RESULT_TIMEOUT))
                .as("dead letters written before the kill").hasSize(5);
        TestServers.await(RESULT_TIMEOUT, () -> revision("c-5") == 1);

        long victim = pid("taskmanager-2.pid");
        long t0 = System.nanoTime();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
        TestServers.await(Duration.ofSeconds(30), () -> !running(victim));

        TestKafka.send(config.kafka().bootstrap(), List.of(
                keyed("c-3", event("c3-e2", "PAYMENT_RECEIVED", "c-3", t.plusSeconds(3), "{\"paymentMethod\":\"sepa\"}")),
                keyed("c-4", event("c4-e1", "ORDER_PLACED", "c-4", t.plusSeconds(3), null))));
        TestServers.await(RESULT_TIMEOUT, () -> revision("c-3") == 2 && revision("c-4") == 1);
        System.out.printf("ClusterIT: TaskManager killed, job restored and new events written in %d ms%n",
                millisSince(t0));

        JsonNode c3 = orders.find("c-3").orElseThrow();
        assertThat(c3.path("status").asText()).isEqualTo("PAID");
        assertThat(c3.path("steps").path("PLACED").asText()).isEqualTo(t.toString());
        assertThat(c3.path("steps").path("PAID").asText()).isEqualTo(t.plusSeconds(3).toString());
        assertThat(c3.path("attributes").path("country").asText()).as("from the restored state").isEqualTo("FR");
        assertThat(c3.path("events")).extracting(e -> e.path("eventId").asText()).containsExactly("c3-e1", "c3-e2");
        assertThat(checkpointCounts().path("restored").asInt()).as("restored from a checkpoint")
                .isGreaterThan(restored);
        TestServers.await(Duration.ofSeconds(30), this::allTasksRunning);
        assertThat(vertex("Order state").path("parallelism").asInt()).isEqualTo(PARALLELISM);

        // every invalid record's dead letter once, the ones read again after the restore included: the job's
        // transaction of those read before the kill was aborted, the one after the next checkpoint committed
        checkpoint();
        // the sink commits once the checkpoint completed, a moment after the REST API reports it
        TestServers.await(RESULT_TIMEOUT,
                () -> TestKafka.readAllCommitted(bootstrap, Topics.ORDER_EVENTS_DLQ).size() >= 5);
        List<String> origins = TestKafka.readAllCommitted(bootstrap, Topics.ORDER_EVENTS_DLQ).stream()
                .map(r -> new String(r.headers().lastHeader(Topics.ORIGIN_HEADER).value(), StandardCharsets.UTF_8)
                        + " " + new String(r.key(), StandardCharsets.UTF_8))
                .toList();
        assertThat(origins).as("dead letters (origin and key) a read_committed consumer sees").hasSize(5)
                .doesNotHaveDuplicates()
                .extracting(o -> o.substring(o.indexOf(' ') + 1))
                .containsExactlyInAnyOrder("bad-1", "bad-2", "bad-3", "bad-4", "bad-5");

        // and the order-state stream has each revision of each order once: c-5, read again after the restore, too
        Map<String, List<Long>> expected = Map.of("c-1", List.of(1L, 2L), "c-2", List.of(1L, 2L),
                "c-3", List.of(1L, 2L), "c-4", List.of(1L), "c-5", List.of(1L));
        // the sinks commit independently of each other once the checkpoint completed
        TestServers.await(RESULT_TIMEOUT,
                () -> orderStateRevisions(bootstrap).values().stream().mapToInt(List::size).sum() >= 8);
        assertThat(orderStateRevisions(bootstrap)).as("revisions per order on %s", Topics.ORDER_STATES)
                .isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The job's configuration as the environment of the submitting process (the job reads nothing else). */
    private static Map<String, String> jobEnvironment(MonitorConfig c) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.KAFKA_BOOTSTRAP, c.kafka().bootstrap());
        env.put(ConfigLoader.KAFKA_PARTITIONS, Integer.toString(c.kafka().partitions()));
        env.put(ConfigLoader.KAFKA_GROUP_ID, c.kafka().groupId());
        env.put(ConfigLoader.ES_URL, c.elasticsearch().url().toString());
        env.put(ConfigLoader.ES_INDEX_PREFIX, c.elasticsearch().indexPrefix());
        env.put(ConfigLoader.ES_FLUSH_INTERVAL, c.elasticsearch().flushInterval().toString());
        env.put(ConfigLoader.CHECKPOINT_DIR, c.engine().checkpointDir());
        env.put(ConfigLoader.CHECKPOINT_INTERVAL, c.engine().checkpointInterval().toString());
        env.put(ConfigLoader.PARALLELISM, Integer.toString(c.engine().parallelism()));
        return env;
    }

    private long revision(String orderId) {
        return orders.find(orderId).map(o -> o.path("revision").asLong()).orElse(0L);
    }

    private boolean allTasksRunning() {
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

    private JsonNode vertex(String nameContains) {
        for (JsonNode v : rest("/jobs/" + jobId).path("vertices")) {
            if (v.path("name").asText().contains(nameContains)) {
                return v;
            }
        }
        throw new AssertionError("no vertex named like '" + nameContains + "' in job " + jobId);
    }

    /** The revisions of each order on the order-state topic, as a read_committed consumer sees them. */
    private static Map<String, List<Long>> orderStateRevisions(String bootstrap) {
        Map<String, List<Long>> revisions = new TreeMap<>();
        for (var r : TestKafka.readAllCommitted(bootstrap, Topics.ORDER_STATES)) {
            try {
                revisions.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(Json.readTree(r.value()).path("revision").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return revisions;
    }

    /** Triggers a checkpoint through the cluster's REST API and waits until it completed. */
    private void checkpoint() throws Exception {
        HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(restUri("/jobs/" + jobId + "/checkpoints"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(trigger.statusCode()).as("POST checkpoints: %s", trigger.body()).isEqualTo(202);
        String triggerId = Json.mapper().readTree(trigger.body()).path("request-id").asText();
        String status = "/jobs/" + jobId + "/checkpoints/" + triggerId;
        TestServers.await(Duration.ofSeconds(60), () -> rest(status).path("status").path("id").asText()
                .equals("COMPLETED"));
        assertThat(rest(status).path("operation").has("failure-cause")).as("checkpoint %s", rest(status)).isFalse();
    }

    private JsonNode checkpointCounts() {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts");
    }

    private URI restUri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private JsonNode rest(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(restUri(path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
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

    /** Runs scripts/flink-cluster.sh; its output goes to the test log, and a failure fails the test with it. */
    private String script(Duration timeout, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("scripts/flink-cluster.sh");
        command.addAll(List.of(args));
        return FlinkClusterFixture.run(repo, timeout, env, command.toArray(String[]::new));
    }

    private long pid(String pidFile) throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("flink").resolve(pidFile)).trim());
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("flink"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                pids.add(pid(f.getFileName().toString()));
            }
        }
        return pids;
    }

    /** The cluster's logs go to target/e2e/cluster-it-logs (for a failed run); the rest of the data dir is removed. */
    private void keepLogsAndDelete() throws IOException {
        if (dataDir == null) {
            return;
        }
        Path logs = dataDir.resolve("flink").resolve("logs");
        Path kept = repo.resolve("target").resolve("e2e").resolve("cluster-it-logs");
        deleteTree(kept);
        if (Files.isDirectory(logs)) {
            Files.createDirectories(kept);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        deleteTree(dataDir);
    }



    /**
     * Whether the process runs: a killed JVM can linger for a moment as a zombie until init reaps it, and
     * {@link ProcessHandle#isAlive()} counts zombies as alive (as scripts/infra-common.sh's pid_alive does not).
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }
}
