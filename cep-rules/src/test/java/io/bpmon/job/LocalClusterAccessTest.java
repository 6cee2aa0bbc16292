package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The in-process cluster that {@code ./bpmon job --local} (and so {@code ./bpmon demo}) runs, started with the
 * job's own Flink settings: every port it opens listens on loopback only, and its REST API serves no client but
 * the holder of the job's key pair — neither plain HTTP nor TLS without that key can submit a job, cancel one or
 * read anything (docs/demo-supervision.md). Linux only: the listening sockets of this JVM are read from
 * {@code /proc}.
 */
class LocalClusterAccessTest {

    /** Ports of this helper's range, so that no other local cluster is in the way. */
    private static final int FIRST_PORT = 36081;
    private static final int LAST_PORT = 36099;
    private static final String REST_PORTS = FIRST_PORT + "-" + LAST_PORT;

    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldListenOnLoopbackOnlyAndServeNoClientWithoutTheJobsKeyPair() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        Set<InetSocketAddress> before = listening();
        Configuration conf = MonitorJobMain.flinkConfiguration(EngineConfig.defaults(), true);
        conf.set(RestOptions.BIND_PORT, REST_PORTS);
        Path keystore = Path.of(conf.get(SecurityOptions.SSL_REST_KEYSTORE));
        Path truststore = Path.of(conf.get(SecurityOptions.SSL_REST_TRUSTSTORE));
        assertThat(truststore.getParent()).isEqualTo(keystore.getParent());
        assertThat(permissions(keystore.getParent())).as("key folder").isEqualTo("rwx------");
        assertThat(permissions(keystore)).as("keystore").isEqualTo("rw-------");
        assertThat(permissions(truststore)).as("truststore").isEqualTo("rw-------");
        // the job's JVM holds the key pair and so can act as the one client the endpoint serves; the other
        // clients trust the endpoint's certificate, so all they lack is that key
        HttpClient holder = tlsClient(keyManagers(conf), trustManagers(conf));
        HttpClient withoutCertificate = tlsClient(null, trustManagers(conf));
        Configuration foreign = new Configuration();
        LocalRestTls.configure(foreign, "127.0.0.1");
        HttpClient withOtherCertificate = tlsClient(keyManagers(foreign), trustManagers(conf));
        LocalRestTls.forget(foreign);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromSequence(0, Long.MAX_VALUE).map(LocalClusterAccessTest::slowly).returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("local cluster access test");
        try {
            LocalRestTls.forget(conf); // as MonitorJobMain does once the cluster runs
            assertThat(keystore.getParent()).as("key folder once the cluster runs").doesNotExist();
            int restPort = awaitRestPort(before, holder, "https");
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

            // plain HTTP: no request, whatever it is, reaches a handler. Flink's redirecting handler answers with a
            // redirect to https and no body, or (seen in CI, under load) closes the connection without an answer;
            // on some requests its redirect drops the path, so only the scheme and address are asserted
            String http = "http://127.0.0.1:" + restPort;
            String https = "https://127.0.0.1:" + restPort;
            for (HttpRequest request : submitCancelAndRead(http, job.getJobID())) {
                Optional<HttpResponse<String>> answer = answer(plain, request);
                answer.ifPresent(response -> {
                    assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(),
                            response.body()).isEqualTo(301);
                    assertThat(response.headers().firstValue("Location")).as("%s %s", request.method(),
                            request.uri()).hasValueSatisfying(location -> assertThat(location).startsWith(https));
                    assertThat(response.body()).isEmpty();
                });
            }
            // TLS (1.2, Flink's default): the endpoint ends the handshake before a request is sent, usually with the
            // alert bad_certificate when the client has no certificate and certificate_unknown when it is another
            // one; under load the client may see the connection closed first ("Remote host terminated the
            // handshake"). Either way the handshake fails and no request reaches a handler.
            for (HttpRequest request : submitCancelAndRead(https, job.getJobID())) {
                assertThatThrownBy(() -> withoutCertificate.send(request, HttpResponse.BodyHandlers.ofString()))
                        .as("%s %s without a client certificate", request.method(), request.uri())
                        .isInstanceOf(SSLHandshakeException.class)
                        .message().isIn("Received fatal alert: bad_certificate",
                                "Remote host terminated the handshake");
                assertThatThrownBy(() -> withOtherCertificate.send(request, HttpResponse.BodyHandlers.ofString()))
                        .as("%s %s with a certificate of its own", request.method(), request.uri())
                        .isInstanceOf(SSLHandshakeException.class)
                        .message().isIn("Received fatal alert: certificate_unknown",
                                "Remote host terminated the handshake");
            }
            assertThat(job.getJobStatus().get()).as("the job, after the attempts to cancel it")
                    .isEqualTo(JobStatus.RUNNING);

            // the holder of the key pair is served, and even it cannot upload jars
            HttpResponse<String> overview = send(holder, HttpRequest.newBuilder(URI.create(https + "/overview"))
                    .build());
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("\"jobs-running\":1");
            assertThat(send(holder, HttpRequest.newBuilder(URI.create(https + "/config")).build()).body())
                    .contains("\"web-submit\":false", "\"web-cancel\":false");
            // a well-formed upload of a (tiny) jar: accepted with web submission, refused without
            String multipart = "--x\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                    + "Content-Type: application/x-java-archive\r\n\r\nPK\u0005\u0006" + "\u0000".repeat(18)
                    + "\r\n--x--\r\n";
            HttpResponse<String> upload = send(holder, HttpRequest.newBuilder(URI.create(https + "/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=x")
                    .POST(HttpRequest.BodyPublishers.ofString(multipart)).build());
            assertThat(upload.statusCode()).as("POST /jars/upload: %s", upload.body()).isBetween(400, 499);
            assertThat(upload.body()).doesNotContain("success");
            assertThat(send(holder, HttpRequest.newBuilder(URI.create(https + "/jars")).build()).statusCode())
                    .as("GET /jars").isEqualTo(404);
        } finally {
            job.cancel().get();
            awaitClosed(before);
        }
    }

    /** What {@code BPMON_FLINK_REST_TLS=false} gives up: plain HTTP, and job submission reaches Flink's handler. */
    @Test
    void shouldServePlainHttpToWhoeverReachesItWhenTlsIsTurnedOff() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        Set<InetSocketAddress> before = listening();
        EngineConfig engine = ConfigLoader.from(Map.of(ConfigLoader.FLINK_REST_TLS, "false",
                ConfigLoader.FLINK_REST_PORT, REST_PORTS)).engine();
        Configuration conf = MonitorJobMain.flinkConfiguration(engine, true);
        assertThat(conf.get(SecurityOptions.SSL_REST_ENABLED)).isFalse();
        assertThat(conf.getOptional(SecurityOptions.SSL_REST_KEYSTORE)).isEmpty();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromSequence(0, Long.MAX_VALUE).map(LocalClusterAccessTest::slowly).returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("local cluster access test, no TLS");
        try {
            String http = "http://127.0.0.1:" + awaitRestPort(before, plain, "http");

            assertThat(send(plain, HttpRequest.newBuilder(URI.create(http + "/overview")).build()).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> submit = send(plain, HttpRequest.newBuilder(URI.create(http + "/jobs"))
                    .POST(HttpRequest.BodyPublishers.ofString("")).build());
            assertThat(submit.statusCode()).as("POST /jobs with an empty body").isEqualTo(400);
            assertThat(submit.body()).contains("JobSubmitHandler");
        } finally {
            job.cancel().get();
            awaitClosed(before);
        }
    }

    /** {@code POST /jobs} (what Flink's CLI submits with), {@code PATCH /jobs/:id} (cancel), {@code GET /overview}. */
    private static List<HttpRequest> submitCancelAndRead(String base, JobID job) {
        return List.of(
                HttpRequest.newBuilder(URI.create(base + "/jobs"))
                        .POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + job + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(URI.create(base + "/overview")).build());
    }

    private static Long slowly(Long n) throws InterruptedException {
        Thread.sleep(50);
        return n;
    }

    /** The REST port: the newly opened port of {@link #REST_PORTS} that answers {@code GET /config}. */
    private int awaitRestPort(Set<InetSocketAddress> before, HttpClient client, String scheme)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (InetSocketAddress a : listening()) {
                if (!before.contains(a) && a.getPort() >= FIRST_PORT && a.getPort() <= LAST_PORT) {
                    try {
                        if (send(client, HttpRequest.newBuilder(
                                URI.create(scheme + "://127.0.0.1:" + a.getPort() + "/config")).build())
                                .statusCode() == 200) {
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

    /**
     * Waits until the cluster has closed every port it opened: it shuts down after its job ended, on a thread of
     * its own, and the next test's cluster must not mistake one of these ports for its own.
     */
    private static void awaitClosed(Set<InetSocketAddress> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!before.containsAll(listening())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cluster still listens after 60 s: " + listening());
            }
            Thread.sleep(100);
        }
    }

    private static HttpClient tlsClient(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys, trust, null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    }

    private static KeyManager[] keyManagers(Configuration conf) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = conf.get(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD).toCharArray();
        factory.init(load(conf.get(SecurityOptions.SSL_REST_KEYSTORE), password), password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Configuration conf) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(conf.get(SecurityOptions.SSL_REST_TRUSTSTORE),
                conf.get(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD).toCharArray()));
        return factory.getTrustManagers();
    }

    private static KeyStore load(String file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password);
        }
        return store;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer to a request, or empty when the server closed the connection without one. */
    private static Optional<HttpResponse<String>> answer(HttpClient client, HttpRequest request) {
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
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
