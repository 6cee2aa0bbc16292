package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the tests that start a standalone Flink cluster ({@code scripts/flink-cluster.sh}) share. */
final class FlinkClusterFixture {

    private FlinkClusterFixture() {}

    /** A free port P whose P+100 (the JobManager's RPC port, see flink-cluster.sh) is free too. */
    static int freePortWithRpcPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port + 100 >= 65536) {
                continue;
            }
            try (ServerSocket rpc = new ServerSocket(port + 100)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    /** Deletes a directory and everything in it; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Runs a command; its output goes to the test log, and a failure fails the test with it. */
    static String run(Path dir, Duration timeout, Map<String, String> environment, String... command)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        });
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(List.of(command) + " did not finish within " + timeout);
        }
        String out = output.get(10, TimeUnit.SECONDS);
        System.out.print(out);
        assertThat(p.exitValue()).as("%s failed:%n%s", List.of(command), out).isZero();
        return out;
    }
}
