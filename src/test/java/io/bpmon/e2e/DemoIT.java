package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bpmon demo} as a user runs it (against the test broker and Elasticsearch, which it then does not
 * start itself): it comes UP, takes events over HTTP, serves the order, and SIGTERM stops every process it started.
 */
class DemoIT {

    private static final String TOKEN = "demo-it-token-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void shouldComeUpServeOrdersAndLeaveNoProcessBehindOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dataDir.resolve("demo.out");
        ProcessBuilder pb = new ProcessBuilder("./bpmon", "demo", "--no-simulator", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString())
                .directory(new File(System.getProperty("bpmon.repo", ".")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BPMON_KAFKA_BOOTSTRAP", TestServers.kafka());
        pb.environment().put("BPMON_ES_URL", TestServers.elasticsearch().toString());
        pb.environment().put("BPMON_ES_INDEX_PREFIX", "e2e-demo");
        pb.environment().put("BPMON_KAFKA_GROUP_ID", "e2e-demo-" + System.nanoTime());
        pb.environment().put("BPMON_API_TOKEN", TOKEN);
        Process demo = pb.start();
        String base = "http://localhost:" + port;
        TestApi api = new TestApi(() -> base, TOKEN);
        try {
            TestServers.await(Duration.ofSeconds(120), () -> Files.exists(log) && read(log).contains("UP in"));
            assertThat(read(log)).contains("web UI and API: " + base);

            String orderId = "demo-" + System.nanoTime();
            String event = EventJson.event(orderId + "-e1", "ORDER_PLACED", orderId,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "{\"country\":\"DE\"}");
            api.postEvents(event);
            TestServers.await(Duration.ofSeconds(60), () -> {
                HttpResponse<String> r = api.send("GET", "/api/orders/" + orderId, null);
                return r.statusCode() == 200 && r.body().contains("\"status\":\"PLACED\"");
            });
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            assertThat(children).isNotEmpty();
            new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
            TestServers.await(Duration.ofSeconds(30), () -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
        assertThat(read(log)).contains("bpmon: stopped");
    }


    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
