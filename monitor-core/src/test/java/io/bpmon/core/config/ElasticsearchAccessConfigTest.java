package io.bpmon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.fixtures.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Elasticsearch credentials and CA certificates from the environment (docs/elasticsearch-access.md). */
class ElasticsearchAccessConfigTest {

    private static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
    private static final String PASSWORD = " s3cr3t pässwörd ";
    private static final String HTTPS = "https://es.example.com:9200";

    @TempDir
    static Path dir;
    private static Path ca;
    private static Path otherCa;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority(dir, "bpmon-test-ca").caPem();
        otherCa = TestCertificates.authority(dir, "other-ca").caPem();
    }

    private static MonitorConfig load(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.from(env);
    }

    @Test
    void shouldUseNoCredentialsAndTheJvmTrustStoreByDefault() {
        ElasticsearchConfig es = load().elasticsearch();

        assertThat(es.credentials()).isNull();
        assertThat(es.caCertificates()).isNull();
        assertThat(es.toString()).contains("credentials=<none>", "caCertificates=<jvm default>");
    }

    @Test
    void shouldSendAnApiKeyAsApiKeyAuthorization() {
        ElasticsearchConfig es = load(ConfigLoader.ES_API_KEY, " " + API_KEY + " ").elasticsearch();

        assertThat(es.credentials()).isEqualTo(new ElasticsearchCredentials.ApiKey(API_KEY));
        assertThat(es.credentials().authorizationHeader()).isEqualTo("ApiKey " + API_KEY);
    }

    @Test
    void shouldSendUserAndPasswordAsBasicAuthorizationKeepingThePasswordAsGiven() {
        ElasticsearchConfig es = load(ConfigLoader.ES_USERNAME, "bpmon", ConfigLoader.ES_PASSWORD, PASSWORD)
                .elasticsearch();

        assertThat(es.credentials()).isEqualTo(new ElasticsearchCredentials.Basic("bpmon", PASSWORD));
        String header = es.credentials().authorizationHeader();
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("bpmon:" + PASSWORD);
    }

    @Test
    void shouldNeverShowCredentialsInToString() {
        MonitorConfig withKey = load(ConfigLoader.ES_API_KEY, API_KEY);
        MonitorConfig withUser = load(ConfigLoader.ES_USERNAME, "bpmon", ConfigLoader.ES_PASSWORD, PASSWORD);

        assertThat(withKey.toString()).doesNotContain(API_KEY).contains("credentials=ApiKey[<set>]");
        assertThat(withUser.toString()).doesNotContain(PASSWORD.strip())
                .contains("credentials=Basic[username=bpmon, password=<set>]");
        assertThat(withUser.elasticsearch().credentials().toString()).doesNotContain(PASSWORD.strip());
    }

    @Test
    void shouldRefuseAnApiKeyTogetherWithUserOrPasswordNamingTheKeysButNoSecret() {
        assertThatThrownBy(() -> load(ConfigLoader.ES_API_KEY, API_KEY, ConfigLoader.ES_USERNAME, "bpmon",
                ConfigLoader.ES_PASSWORD, PASSWORD))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BPMON_ES_API_KEY: set either BPMON_ES_API_KEY, or BPMON_ES_USERNAME and "
                        + "BPMON_ES_PASSWORD, not both");
        assertThatThrownBy(() -> load(ConfigLoader.ES_API_KEY, API_KEY, ConfigLoader.ES_PASSWORD, PASSWORD))
                .hasMessageStartingWith("BPMON_ES_API_KEY: ").hasMessageNotContaining(API_KEY)
                .hasMessageNotContaining(PASSWORD.strip());
    }

    @Test
    void shouldRefuseAUserWithoutPasswordAndAPasswordWithoutUser() {
        assertThatThrownBy(() -> load(ConfigLoader.ES_USERNAME, "bpmon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BPMON_ES_PASSWORD: must be set when BPMON_ES_USERNAME is set");
        assertThatThrownBy(() -> load(ConfigLoader.ES_PASSWORD, PASSWORD))
                .hasMessage("BPMON_ES_USERNAME: must be set when BPMON_ES_PASSWORD is set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VnVhQ2ZHY0JDZGJrUW0tZTVhT3g:dWkybHAyYXhUTm1zeWFrdzl0dk5udw", "abc def", "abc\r\nX: y",
            "äöü"})
    void shouldRefuseAnApiKeyThatIsNotTheEncodedFormWithoutEchoingIt(String key) {
        assertThatThrownBy(() -> load(ConfigLoader.ES_API_KEY, key))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BPMON_ES_API_KEY: must be the 'encoded' value")
                .hasMessageNotContaining(key.strip());
    }

    @Test
    void shouldRefuseAUserNameWithAColon() {
        assertThatThrownBy(() -> load(ConfigLoader.ES_USERNAME, "bp:mon", ConfigLoader.ES_PASSWORD, PASSWORD))
                .hasMessageStartingWith("BPMON_ES_USERNAME: must not contain ':'")
                .hasMessageNotContaining(PASSWORD.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bpmon:s3cr3t@es:9200", "https://bpmon:s3cr3t pässwörd@es:9200"})
    void shouldRefuseCredentialsInTheUrlWithoutEchoingThem(String url) {
        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, url))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BPMON_ES_URL: ")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, "https://bpmon:s3cr3t@es:9200"))
                .hasMessage("BPMON_ES_URL: must not contain a user or password; set BPMON_ES_API_KEY, or "
                        + "BPMON_ES_USERNAME and BPMON_ES_PASSWORD");
    }

    @Test
    void shouldReadTheCaCertificateForAnHttpsUrl() {
        ElasticsearchConfig es = load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, ca.toString())
                .elasticsearch();

        assertThat(es.caCertificates().file()).isEqualTo(ca.toString());
        assertThat(es.caCertificates().certificates()).singleElement()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=bpmon-test-ca"));
        assertThat(es.caCertificates().sslContext()).isNotNull();
        assertThat(es.toString()).contains("caCertificates=" + ca);
    }

    @Test
    void shouldReadEveryCertificateOfABundleAndSkipOtherText() throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# cluster CAs\nsubject=CN=bpmon-test-ca\n" + Files.readString(ca) + "\n"
                + Files.readString(otherCa));

        ElasticsearchConfig es = load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, bundle.toString())
                .elasticsearch();

        assertThat(es.caCertificates().certificates()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=bpmon-test-ca", "CN=other-ca");
    }

    @Test
    void shouldRefuseACaCertificateForAnHttpUrl() {
        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, "http://es:9200", ConfigLoader.ES_CA_CERT, ca.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BPMON_ES_CA_CERT: is only used with an https BPMON_ES_URL, but that is http://es:9200");
        assertThatThrownBy(() -> load(ConfigLoader.ES_CA_CERT, ca.toString()))
                .hasMessageStartingWith("BPMON_ES_CA_CERT: is only used with an https BPMON_ES_URL");
    }

    @Test
    void shouldNameTheKeyAndTheFileOfAMissingCaCertificate() {
        Path missing = dir.resolve("nowhere/ca.pem");

        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, missing.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BPMON_ES_CA_CERT: no such file: " + missing);
    }

    @Test
    void shouldNameTheKeyAndTheFileOfAFileWithoutCertificate() throws Exception {
        Path notPem = dir.resolve("key-only.pem");
        Files.writeString(notPem, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, notPem.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BPMON_ES_CA_CERT: " + notPem + " holds no PEM certificate");
    }

    @Test
    void shouldNameTheKeyAndTheFileOfACorruptCertificate() throws Exception {
        Path corrupt = dir.resolve("corrupt.pem");
        String pem = Files.readString(ca);
        Files.writeString(corrupt,
                pem + pem.replace("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nAAAA"));

        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, corrupt.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BPMON_ES_CA_CERT: certificate 2 in " + corrupt
                        + " is not a valid X.509 certificate");
    }

    @Test
    void shouldNameTheKeyAndTheFileOfABinaryFile() throws Exception {
        Path der = dir.resolve("ca.der");
        Files.write(der, new byte[] {0x30, (byte) 0x82, (byte) 0xff, (byte) 0xfe, 0x00});

        assertThatThrownBy(() -> load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, der.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BPMON_ES_CA_CERT: cannot read " + der + " as a PEM file");
    }

    @Test
    void shouldTravelWithTheJobAndBuildItsTlsContextWhereTheFileIsMissing() throws Exception {
        Path copyOfCa = Files.copy(ca, dir.resolve("travelling-ca.pem"));
        ElasticsearchConfig es = load(ConfigLoader.ES_URL, HTTPS, ConfigLoader.ES_CA_CERT, copyOfCa.toString(),
                ConfigLoader.ES_API_KEY, API_KEY).elasticsearch();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(es);
        }
        Files.delete(copyOfCa); // a task manager need not have the file

        ElasticsearchConfig arrived;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            arrived = (ElasticsearchConfig) in.readObject();
        }

        assertThat(arrived).isEqualTo(es);
        assertThat(arrived.url()).isEqualTo(URI.create(HTTPS));
        assertThat(arrived.credentials().authorizationHeader()).isEqualTo("ApiKey " + API_KEY);
        assertThat(arrived.caCertificates().sslContext()).isNotNull();
    }
}
