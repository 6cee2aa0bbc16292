package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.CaCertificates;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.ElasticsearchCredentials;
import io.bpmon.core.fixtures.ElasticsearchProxy;
import io.bpmon.core.fixtures.TestCertificates;
import io.bpmon.core.store.ElasticsearchClient.AccessRefusedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpmon's Elasticsearch client against the real test Elasticsearch behind proxies that play its security layer
 * (docs/elasticsearch-access.md): the integ-test distribution has no x-pack security, so a proxy in this JVM checks
 * the {@code Authorization} header or terminates TLS with a certificate made at test time.
 */
class ElasticsearchAccessIT {

    private static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
    private static final ElasticsearchCredentials.Basic USER =
            new ElasticsearchCredentials.Basic("bpmon", "s3cr3t pässwörd");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;
    private static URI elasticsearch;
    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static SSLContext localhostTls;

    @BeforeAll
    static void servers() {
        String url = System.getenv("BPMON_TEST_ES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("BPMON_TEST_ES_URL is not set: run the integration tests with "
                    + "./bpmon test, which starts Elasticsearch for them");
        }
        elasticsearch = URI.create(url);
        ca = TestCertificates.authority(dir, "bpmon-test-ca");
        otherCa = TestCertificates.authority(dir, "other-ca");
    }

    @AfterAll
    static void deleteIndicesAndTemplates() {
        ElasticsearchClient es = ElasticsearchClient.of(ElasticsearchConfig.defaults().withUrl(elasticsearch));
        // deleting indices by wildcard is refused by default (action.destructive_requires_name): name each one
        es.get("/_cat/indices/access-it-" + RUN + "-*?h=index&format=json").body()
                .forEach(i -> es.delete("/" + i.path("index").asText()));
        es.delete("/_index_template/access-it-" + RUN + "-*");
    }

    /** A server certificate for localhost and 127.0.0.1 from {@code ca}, made once (keytool takes a while). */
    private static synchronized SSLContext localhostTls() {
        if (localhostTls == null) {
            localhostTls = ca.serverContext("dns:localhost", "ip:127.0.0.1");
        }
        return localhostTls;
    }

    private static ElasticsearchConfig config(URI url, String name) {
        return ElasticsearchConfig.defaults().withUrl(url).withIndexPrefix("access-it-" + RUN + "-" + name);
    }

    /** Creates the templates, writes one document the way the job does, and reads it back the way the web does. */
    private static void writeAndReadBack(ElasticsearchConfig config) throws InterruptedException {
        ElasticsearchClient es = ElasticsearchClient.of(config);
        SchemaSetup.ensureSchema(es, config, Duration.ofSeconds(30), s -> {});
        String index = new Indices(config.indexPrefix()).alerts();
        BulkWriter bulk = new BulkWriter(es, BulkWriter.logTo(s -> {}));
        bulk.add(new VersionedDocument(index, "a-1", 1,
                "{\"id\":\"a-1\",\"ruleId\":\"r\",\"status\":\"OPEN\"}".getBytes(StandardCharsets.UTF_8)));
        bulk.flush();
        assertThat(bulk.written()).isEqualTo(1);
        assertThat(es.get("/" + index + "/_refresh").ok()).isTrue();

        JsonNode hits = es.search(index, "{\"query\":{\"ids\":{\"values\":[\"a-1\"]}}}").path("hits").path("hits");

        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("_source").path("status").asText()).isEqualTo("OPEN");
    }

    @Nested
    class Credentials {

        @Test
        void shouldReachElasticsearchWithAnApiKey() throws Exception {
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, "ApiKey " + API_KEY)) {
                writeAndReadBack(config(proxy.uri("127.0.0.1"), "apikey")
                        .withCredentials(new ElasticsearchCredentials.ApiKey(API_KEY)));

                assertThat(proxy.unauthenticated()).isZero();
                assertThat(proxy.forwarded()).isGreaterThan(10); // health, templates, bulk, refresh, search
            }
        }

        @Test
        void shouldReachElasticsearchWithUserAndPassword() throws Exception {
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, USER.authorizationHeader())) {
                writeAndReadBack(config(proxy.uri("127.0.0.1"), "basic").withCredentials(USER));

                assertThat(proxy.unauthenticated()).isZero();
                assertThat(proxy.forwarded()).isGreaterThan(10);
            }
        }

        @Test
        void shouldSayThatNoCredentialsAreConfiguredAndFailSetupAtOnce() throws Exception {
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, "ApiKey " + API_KEY)) {
                ElasticsearchConfig config = config(proxy.uri("127.0.0.1"), "none");
                ElasticsearchClient es = ElasticsearchClient.of(config);

                assertThatThrownBy(() -> es.checkHealth(Duration.ofSeconds(1)))
                        .isInstanceOfSatisfying(AccessRefusedException.class,
                                e -> assertThat(e.refusal()).isEqualTo(AccessRefusedException.Refusal.CREDENTIALS))
                        .hasMessageContaining("refused bpmon's credentials (401 to /_cluster/health")
                        .hasMessageContaining("unable to authenticate")
                        .hasMessageEndingWith("none are configured; set BPMON_ES_API_KEY, or BPMON_ES_USERNAME and "
                                + "BPMON_ES_PASSWORD");
                assertThat(es.isHealthy(Duration.ofSeconds(1))).isFalse();
                long start = System.nanoTime();
                assertThatThrownBy(() -> SchemaSetup.ensureSchema(es, config, Duration.ofMinutes(3), s -> {}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("refused bpmon's credentials");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no waiting for a cure that won't come")
                        .isLessThan(Duration.ofSeconds(10));
            }
        }

        @Test
        void shouldNameTheSettingsOfAWrongApiKeyButNotTheKey() throws Exception {
            String wrong = "d3JvbmctaWQ6d3Jvbmcta2V5";
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, "ApiKey " + API_KEY)) {
                ElasticsearchClient es = ElasticsearchClient.of(config(proxy.uri("127.0.0.1"), "wrongkey")
                        .withCredentials(new ElasticsearchCredentials.ApiKey(wrong)));

                assertThatThrownBy(() -> es.search("access-it-" + RUN + "-wrongkey-alerts", "{}"))
                        .isInstanceOf(AccessRefusedException.class)
                        .hasMessageEndingWith("check BPMON_ES_API_KEY")
                        .hasMessageNotContaining(wrong).hasMessageNotContaining(API_KEY);
                assertThat(proxy.forwarded()).isZero();
            }
        }

        @Test
        void shouldNameTheSettingsOfAWrongPasswordButNotThePassword() throws Exception {
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, USER.authorizationHeader())) {
                ElasticsearchClient es = ElasticsearchClient.of(config(proxy.uri("127.0.0.1"), "wrongpw")
                        .withCredentials(new ElasticsearchCredentials.Basic("bpmon", "guess")));

                assertThatThrownBy(() -> es.bulk("{\"index\":{\"_index\":\"x\"}}\n{}\n".getBytes()))
                        .isInstanceOf(AccessRefusedException.class)
                        .hasMessageEndingWith("check BPMON_ES_USERNAME and BPMON_ES_PASSWORD")
                        .hasMessageNotContaining("guess").hasMessageNotContaining("s3cr3t");
            }
        }

        @Test
        void shouldSayWhichPrivilegeIsMissingAndFailSetupAtOnce() throws Exception {
            try (ElasticsearchProxy proxy = ElasticsearchProxy.http(elasticsearch, "ApiKey " + API_KEY)) {
                proxy.deny("/_index_template/");
                ElasticsearchConfig config = config(proxy.uri("127.0.0.1"), "denied")
                        .withCredentials(new ElasticsearchCredentials.ApiKey(API_KEY));
                ElasticsearchClient es = ElasticsearchClient.of(config);

                assertThatThrownBy(() -> SchemaSetup.ensureSchema(es, config, Duration.ofMinutes(3), s -> {}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("denied /_index_template/access-it-" + RUN + "-denied-")
                        .hasMessageContaining("(403: action [/_index_template/")
                        .hasMessageContaining("the user of BPMON_ES_API_KEY lacks a privilege bpmon needs "
                                + "(docs/elasticsearch-access.md)");
            }
        }
    }

    @Nested
    class Tls {

        @Test
        void shouldWriteAndReadThroughTlsSignedByTheConfiguredCa() throws Exception {
            SSLContext server = localhostTls();
            try (ElasticsearchProxy proxy = ElasticsearchProxy.https(elasticsearch, server, null)) {
                CaCertificates trusted = CaCertificates.read(ca.caPem());

                writeAndReadBack(config(proxy.uri("localhost"), "tls").withCaCertificates(trusted));
                assertThat(ElasticsearchClient.of(config(proxy.uri("127.0.0.1"), "tls").withCaCertificates(trusted))
                        .checkHealth(Duration.ofSeconds(1))).as("the IP address is in the certificate too").isTrue();
            }
        }

        @Test
        void shouldWriteAndReadThroughTlsWithAnApiKey() throws Exception {
            SSLContext server = localhostTls();
            try (ElasticsearchProxy proxy = ElasticsearchProxy.https(elasticsearch, server, "ApiKey " + API_KEY)) {
                writeAndReadBack(config(proxy.uri("localhost"), "tlskey")
                        .withCaCertificates(CaCertificates.read(ca.caPem()))
                        .withCredentials(new ElasticsearchCredentials.ApiKey(API_KEY)));

                assertThat(proxy.unauthenticated()).isZero();
            }
        }

        @Test
        void shouldRefuseACertificateTheJvmDoesNotTrustAndSayWhatToSet() throws Exception {
            SSLContext server = localhostTls();
            try (ElasticsearchProxy proxy = ElasticsearchProxy.https(elasticsearch, server, null)) {
                ElasticsearchConfig config = config(proxy.uri("localhost"), "untrusted");
                ElasticsearchClient es = ElasticsearchClient.of(config);

                assertThatThrownBy(() -> es.checkHealth(Duration.ofSeconds(1)))
                        .isInstanceOfSatisfying(AccessRefusedException.class,
                                e -> assertThat(e.refusal()).isEqualTo(AccessRefusedException.Refusal.TLS))
                        .hasMessageStartingWith("TLS connection to Elasticsearch at " + proxy.uri("localhost")
                                + " failed (")
                        .hasMessageContaining("PKIX path building failed")
                        .hasMessageEndingWith("its certificate must be valid for host localhost and signed by a CA "
                                + "this JVM trusts; set BPMON_ES_CA_CERT to the cluster's CA");
                assertThatThrownBy(() -> SchemaSetup.ensureSchema(es, config, Duration.ofMinutes(3), s -> {}))
                        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("TLS connection");
                assertThat(proxy.forwarded()).isZero();
            }
        }

        @Test
        void shouldRefuseACertificateOfAnotherCaAndNameTheCaFile() throws Exception {
            SSLContext server = localhostTls();
            try (ElasticsearchProxy proxy = ElasticsearchProxy.https(elasticsearch, server, null)) {
                ElasticsearchClient es = ElasticsearchClient.of(config(proxy.uri("localhost"), "otherca")
                        .withCaCertificates(CaCertificates.read(otherCa.caPem())));

                assertThatThrownBy(() -> es.search("access-it-" + RUN + "-otherca-alerts", "{}"))
                        .isInstanceOf(AccessRefusedException.class)
                        .hasMessageEndingWith("signed by a CA in BPMON_ES_CA_CERT (" + otherCa.caPem() + ")");
                assertThat(proxy.forwarded()).isZero();
            }
        }

        @Test
        void shouldRefuseACertificateForAnotherHostEvenFromTheTrustedCa() throws Exception {
            SSLContext server = ca.serverContext("dns:elasticsearch.example.com");
            try (ElasticsearchProxy proxy = ElasticsearchProxy.https(elasticsearch, server, null)) {
                ElasticsearchClient es = ElasticsearchClient.of(config(proxy.uri("localhost"), "otherhost")
                        .withCaCertificates(CaCertificates.read(ca.caPem())));

                assertThatThrownBy(() -> es.checkHealth(Duration.ofSeconds(1)))
                        .isInstanceOf(AccessRefusedException.class)
                        .hasMessageContaining("No subject alternative DNS name matching localhost")
                        .hasMessageContaining("must be valid for host localhost");
                assertThat(proxy.forwarded()).isZero();
            }
        }
    }
}
