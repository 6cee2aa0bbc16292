package io.bpmon.core.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where Elasticsearch is and how bpmon uses it. Serializable: the Flink job's writers carry it to the task managers,
 * secrets included (they never show in {@link #toString()}).
 *
 * @param url            base URL of Elasticsearch, e.g. {@code http://localhost:9200}; no user info (credentials
 *                       have their own settings)
 * @param indexPrefix    prefix of every index and template bpmon creates
 * @param bulkActions    flush a bulk request once this many documents are buffered
 * @param flushInterval  flush buffered documents at least this often
 * @param retention      order indices whose month ended longer ago than this are deleted
 * @param credentials    how bpmon authenticates ({@code BPMON_ES_API_KEY}, or {@code BPMON_ES_USERNAME} +
 *                       {@code BPMON_ES_PASSWORD}); null for none
 * @param caCertificates the CA trusted for an {@code https} URL ({@code BPMON_ES_CA_CERT}); null for the JVM's
 *                       default trust store
 */
public record ElasticsearchConfig(URI url, String indexPrefix, int bulkActions, Duration flushInterval,
        Duration retention, ElasticsearchCredentials credentials, CaCertificates caCertificates)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
    public static final URI DEFAULT_URL = URI.create("http://localhost:9200");
    public static final String DEFAULT_INDEX_PREFIX = "bpmon";
    public static final int DEFAULT_BULK_ACTIONS = 2000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

    public ElasticsearchConfig {
        if (url != null && url.getRawUserInfo() != null) {
            // the URL is logged and shown in messages: credentials go in their own settings; never echo this URL
            throw new ConfigException(ConfigLoader.ES_URL, "must not contain a user or password; set "
                    + ConfigLoader.ES_API_KEY + ", or " + ConfigLoader.ES_USERNAME + " and "
                    + ConfigLoader.ES_PASSWORD);
        }
        if (url == null || url.getRawAuthority() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new ConfigException(ConfigLoader.ES_URL, "must be an http(s) URL, was " + url);
        }
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_-]{0,40}")) {
            throw new ConfigException(ConfigLoader.ES_INDEX_PREFIX, "must match [a-z0-9][a-z0-9_-]{0,40}");
        }
        Checks.range(ConfigLoader.ES_BULK_ACTIONS, bulkActions, 1, 100_000);
        Checks.positive(ConfigLoader.ES_FLUSH_INTERVAL, flushInterval);
        Checks.positive(ConfigLoader.ES_RETENTION, retention);
        if (caCertificates != null && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new ConfigException(ConfigLoader.ES_CA_CERT, "is only used with an https " + ConfigLoader.ES_URL
                    + ", but that is " + url);
        }
    }

    /** Without credentials, trusting the JVM's default CAs. */
    public ElasticsearchConfig(URI url, String indexPrefix, int bulkActions, Duration flushInterval,
            Duration retention) {
        this(url, indexPrefix, bulkActions, flushInterval, retention, null, null);
    }

    public static ElasticsearchConfig defaults() {
        return new ElasticsearchConfig(DEFAULT_URL, DEFAULT_INDEX_PREFIX, DEFAULT_BULK_ACTIONS, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_RETENTION);
    }

    public ElasticsearchConfig withUrl(URI newUrl) {
        return new ElasticsearchConfig(newUrl, indexPrefix, bulkActions, flushInterval, retention, credentials,
                caCertificates);
    }

    public ElasticsearchConfig withIndexPrefix(String prefix) {
        return new ElasticsearchConfig(url, prefix, bulkActions, flushInterval, retention, credentials,
                caCertificates);
    }

    /** @param newCredentials null for none */
    public ElasticsearchConfig withCredentials(ElasticsearchCredentials newCredentials) {
        return new ElasticsearchConfig(url, indexPrefix, bulkActions, flushInterval, retention, newCredentials,
                caCertificates);
    }

    /** @param newCaCertificates null for the JVM's default trust store */
    public ElasticsearchConfig withCaCertificates(CaCertificates newCaCertificates) {
        return new ElasticsearchConfig(url, indexPrefix, bulkActions, flushInterval, retention, credentials,
                newCaCertificates);
    }

    @Override
    public String toString() {
        // credentials print as "<set>" (their own toString), the CA as its file and subjects
        return "ElasticsearchConfig[url=" + url + ", indexPrefix=" + indexPrefix + ", bulkActions=" + bulkActions
                + ", flushInterval=" + flushInterval + ", retention=" + retention + ", credentials="
                + (credentials == null ? "<none>" : credentials) + ", caCertificates="
                + (caCertificates == null ? "<jvm default>" : caCertificates.file()) + "]";
    }
}
