package io.bpmon.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
}
