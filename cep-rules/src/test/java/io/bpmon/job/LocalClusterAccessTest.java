package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpmon.core.config.EngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The in-process cluster that {@code ./bpmon job --local} (and so {@code ./bpmon demo}) runs, started with the
 * job's own Flink settings: every port it opens listens on loopback only, and its REST API takes no jar uploads
 * (docs/demo-supervision.md). Linux only: the listening sockets of this JVM are read from {@code /proc}.
 */
class LocalClusterAccessTest {

    /** Ports of this helper's range, so that no other local cluster is in the way. */
    private static final String REST_PORTS = "33081-33099";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldListenOnLoopbackOnlyAndRefuseJarUploads() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        Set<InetSocketAddress> before = listening();
        Configuration conf = MonitorJobMain.flinkConfiguration(EngineConfig.defaults(), true);
        conf.set(RestOptions.BIND_PORT, REST_PORTS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromSequence(0, Long.MAX_VALUE).map(LocalClusterAccessTest::slowly).returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("local cluster access test");
        try {
            int restPort = awaitRestPort(before);
            Set<InetSocketAddress> opened = new HashSet<>(listening());
            opened.removeAll(before);

            assertThat(opened).as("ports the cluster opened").isNotEmpty()
                    .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress())
                            .as("%s listens on loopback only", a).isTrue());
            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(external.get(), restPort), 2000))
                        .as("REST port from %s", external.get()).isInstanceOf(ConnectException.class);
            }
            String base = "http://127.0.0.1:" + restPort;
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/config")).build()).body())
                    .contains("\"web-submit\":false", "\"web-cancel\":false");
            // a well-formed upload of a (tiny) jar: accepted with web submission, refused without
            String multipart = "--x\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                    + "Content-Type: application/x-java-archive\r\n\r\nPK\u0005\u0006" + "\u0000".repeat(18)
                    + "\r\n--x--\r\n";
            HttpResponse<String> upload = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=x")
                    .POST(HttpRequest.BodyPublishers.ofString(multipart)).build());
            assertThat(upload.statusCode()).as("POST /jars/upload: %s", upload.body()).isBetween(400, 499);
            assertThat(upload.body()).doesNotContain("success");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/jars")).build()).statusCode())
                    .as("GET /jars").isEqualTo(404);
        } finally {
            job.cancel().get();
        }
    }

    private static Long slowly(Long n) throws InterruptedException {
        Thread.sleep(50);
        return n;
    }

    /** The REST port: the newly opened port of {@link #REST_PORTS} that answers {@code GET /config}. */
    private int awaitRestPort(Set<InetSocketAddress> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (InetSocketAddress a : listening()) {
                if (!before.contains(a) && a.getPort() >= 33081 && a.getPort() <= 33099) {
                    try {
                        if (send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/config"))
                                .build()).statusCode() == 200) {
                            return a.getPort();
                        }
                    } catch (UncheckedIOException e) {
                        // not answering yet
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no REST endpoint on " + REST_PORTS + " within 60 s");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    /** The TCP sockets this JVM listens on (Linux: /proc/self/fd and /proc/net/tcp{,6}). */
    private static Set<InetSocketAddress> listening() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<InetSocketAddress> result = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue; // no IPv6
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    result.add(new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return result;
    }

    /** A /proc/net address: the bytes of each 32-bit word in host (little-endian) order. */
    private static InetAddress address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] ordered = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            ordered[i] = raw[i - i % 4 + 3 - i % 4];
        }
        try {
            return InetAddress.getByAddress(ordered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
