package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bpmon demo} survives its components dying (docs/demo-supervision.md): after {@code kill -9} of the job's
 * JVM the demo keeps running, health reports the job down, an event accepted meanwhile waits in Kafka, and the job
 * comes back from its last checkpoint and processes it; a killed web server comes back too. Its data dir is private.
 * Against the test broker and Elasticsearch (which the demo then does not start), like {@link DemoIT}.
 */
class DemoSupervisionIT {

    private static final String TOKEN = "demo-supervision-it-token-0123";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void shouldRestartAKilledJobAndWebServerAndProcessWhatCameMeanwhile() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dataDir.resolve("demo.out");
        ProcessBuilder pb = new ProcessBuilder("./bpmon", "demo", "--no-simulator", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString())
                .directory(new File(System.getProperty("bpmon.repo", ".")))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("BPMON_KAFKA_BOOTSTRAP", TestServers.kafka());
        pb.environment().put("BPMON_ES_URL", TestServers.elasticsearch().toString());
        pb.environment().put("BPMON_ES_INDEX_PREFIX", "e2e-demosup");
        pb.environment().put("BPMON_KAFKA_GROUP_ID", "e2e-demosup-" + System.nanoTime());
        pb.environment().put("BPMON_API_TOKEN", TOKEN);
        pb.environment().put("BPMON_CHECKPOINT_INTERVAL", "PT2S");
        long t0 = System.nanoTime();
        Process demo = pb.start();
        String base = "http://localhost:" + port;
        TestApi api = new TestApi(() -> base, TOKEN);
        List<Long> pids = new ArrayList<>();
        try {
            TestServers.await(Duration.ofSeconds(120), () -> read(out).contains("UP in"));

            // private: others may only traverse the data dir; logs, pid files and checkpoints are the user's
            assertThat(mode(dataDir)).isEqualTo("rwx--x--x");
            for (String dir : List.of("logs", "run", "checkpoints")) {
                assertThat(mode(dataDir.resolve(dir))).as(dir).isEqualTo("rwx------");
            }
            assertThat(mode(dataDir.resolve("logs/job.log"))).isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("run/job.pid"))).isEqualTo("rw-------");

            String orderId = "sup-" + System.nanoTime();
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            assertThat(postEvent(api, EventJson.event(orderId + "-e1", "ORDER_PLACED", orderId, at, null)))
                    .isEqualTo(202);
            TestServers.await(Duration.ofSeconds(60), () -> order(api, orderId)
                    .map(o -> o.path("status").asText().equals("PLACED")).orElse(false));
            // a checkpoint that holds the order: the restarted job must resume from it
            Instant stored = Instant.now();
            TestServers.await(Duration.ofSeconds(30), () -> newestCheckpoint().isAfter(stored));

            long job = pid("job");
            pids.add(job);
            new ProcessBuilder("kill", "-9", Long.toString(job)).start().waitFor();
            TestServers.await(Duration.ofSeconds(10), () -> {
                HttpResponse<String> h = api.send("GET", "/api/health", null);
                return h.statusCode() == 503 && h.body().contains("\"job\":{\"status\":\"DOWN\"");
            });
            assertThat(postEvent(api, EventJson.event(orderId + "-e2", "PAYMENT_RECEIVED", orderId, at.plusSeconds(60),
                    null))).as("events are taken while the job is down").isEqualTo(202);

            TestServers.await(Duration.ofSeconds(60), () -> api.send("GET", "/api/health", null).statusCode() == 200);
            assertThat(demo.isAlive()).isTrue();
            long restarted = pid("job");
            pids.add(restarted);
            assertThat(restarted).isNotEqualTo(job);
            assertThat(read(out)).contains("job stopped (killed by SIGKILL)", "restarting it in 1 s");
            assertThat(read(dataDir.resolve("logs/job.log"))).contains("resuming from checkpoint");
            TestServers.await(Duration.ofSeconds(30), () -> order(api, orderId)
                    .map(o -> o.path("status").asText().equals("PAID") && o.path("events").size() == 2)
                    .orElse(false));

            long web = pid("web");
            pids.add(web);
            new ProcessBuilder("kill", "-9", Long.toString(web)).start().waitFor();
            TestServers.await(Duration.ofSeconds(60), () -> {
                try {
                    return pid("web") != web && api.send("GET", "/api/health", null).statusCode() == 200;
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
            pids.add(pid("web"));
            assertThat(read(out)).contains("web stopped (killed by SIGKILL)");
            assertThat(order(api, orderId)).as("served by the new web server").isPresent();
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
            TestServers.await(Duration.ofSeconds(30), () -> children.stream().noneMatch(ProcessHandle::isAlive)
                    && pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
            System.out.printf("DemoSupervisionIT: %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
            System.out.println(read(out));
        }
        assertThat(read(out)).contains("bpmon: stopped");
        try (Stream<Path> left = Files.list(dataDir.resolve("run"))) {
            assertThat(left).as("pid files after the stop").isEmpty();
        }
    }

    /**
     * A demo that starts its own Elasticsearch (on this test's ports; Kafka is the test broker): the server's folder
     * belongs to the user it runs as and is private, and a killed server is started again.
     */
    @Test
    void shouldKeepItsOwnElasticsearchPrivateAndRestartIt(@TempDir Path parent) throws Exception {
        // the data dir's parent must be traversable for Elasticsearch's own user when we are root
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        Path data = parent.resolve("data");
        Path out = parent.resolve("demo.out");
        ProcessBuilder pb = new ProcessBuilder("./bpmon", "demo", "--no-simulator", "--port", "33080",
                "--es-port", "33200", "--data-dir", data.toString())
                .directory(new File(System.getProperty("bpmon.repo", ".")))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("BPMON_KAFKA_BOOTSTRAP", TestServers.kafka());
        pb.environment().remove("BPMON_ES_URL");
        pb.environment().put("BPMON_KAFKA_GROUP_ID", "e2e-demoes-" + System.nanoTime());
        pb.environment().put("BPMON_API_TOKEN", TOKEN);
        pb.environment().put("ES_HEAP", "256m");
        long t0 = System.nanoTime();
        Process demo = pb.start();
        String base = "http://localhost:33080";
        TestApi api = new TestApi(() -> base, TOKEN);
        long es = 0;
        try {
            TestServers.await(Duration.ofSeconds(180), () -> read(out).contains("UP in") || !demo.isAlive());
            assertThat(read(out)).contains("UP in");

            Path esDir = data.resolve("elasticsearch");
            assertThat(mode(data)).isEqualTo("rwx--x--x");
            assertThat(mode(esDir)).isEqualTo("rwx------");
            assertThat(mode(esDir.resolve("data"))).isEqualTo("rwx------");
            assertThat(mode(esDir.resolve("logs"))).isEqualTo("rwx------");
            String owner = Files.getOwner(esDir).getName();
            assertThat(owner).isEqualTo(System.getProperty("user.name").equals("root")
                    ? "bpmon-es" : System.getProperty("user.name"));

            es = Long.parseLong(Files.readString(data.resolve("run/elasticsearch.pid")).trim());
            new ProcessBuilder("kill", "-9", Long.toString(es)).start().waitFor();
            TestServers.await(Duration.ofSeconds(20), () -> api.send("GET", "/api/health", null).statusCode() == 503);
            TestServers.await(Duration.ofSeconds(150), () -> read(out).contains("elasticsearch is running again")
                    && api.send("GET", "/api/health", null).statusCode() == 200);
            assertThat(read(out)).contains("elasticsearch stopped (its process " + es + " is gone)");
            assertThat(demo.isAlive()).isTrue();
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            Optional<Long> restartedEs = Optional.empty();
            try {
                restartedEs = Optional.of(Long.parseLong(
                        Files.readString(data.resolve("run/elasticsearch.pid")).trim()));
            } catch (IOException | NumberFormatException e) {
                // not running
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
            Optional<Long> server = restartedEs;
            TestServers.await(Duration.ofSeconds(30), () -> children.stream().noneMatch(ProcessHandle::isAlive)
                    && server.flatMap(ProcessHandle::of).map(p -> !p.isAlive()).orElse(true));
            System.out.printf("DemoSupervisionIT (own Elasticsearch): %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
            System.out.println(read(out));
        }
    }

    private long pid(String component) throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("run/" + component + ".pid")).trim());
    }

    /** When the newest completed checkpoint was written. */
    private Instant newestCheckpoint() {
        try (Stream<Path> files = Files.walk(dataDir.resolve("checkpoints"))) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toInstant();
                        } catch (IOException e) {
                            return Instant.EPOCH;
                        }
                    })
                    .max(Instant::compareTo).orElse(Instant.EPOCH);
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static int postEvent(TestApi api, String event) {
        return api.send("POST", "/api/events", event).statusCode();
    }

    private static Optional<JsonNode> order(TestApi api, String orderId) {
        HttpResponse<String> r = api.send("GET", "/api/orders/" + orderId, null);
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }


    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
