package io.bpmon.core.config;

import java.net.URI;
import java.time.Duration;

/**
 * @param url           base URL of Elasticsearch, e.g. {@code http://localhost:9200}
 * @param indexPrefix   prefix of every index and template bpmon creates
 * @param bulkActions   flush a bulk request once this many documents are buffered
 * @param flushInterval flush buffered documents at least this often
 * @param retention     order indices whose month ended longer ago than this are deleted
 */
public record ElasticsearchConfig(URI url, String indexPrefix, int bulkActions, Duration flushInterval,
        Duration retention)
        implements java.io.Serializable {

    public static final URI DEFAULT_URL = URI.create("http://localhost:9200");
    public static final String DEFAULT_INDEX_PREFIX = "bpmon";
    public static final int DEFAULT_BULK_ACTIONS = 2000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

    public ElasticsearchConfig {
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
    }

    public static ElasticsearchConfig defaults() {
        return new ElasticsearchConfig(DEFAULT_URL, DEFAULT_INDEX_PREFIX, DEFAULT_BULK_ACTIONS, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_RETENTION);
    }

    public ElasticsearchConfig withUrl(URI newUrl) {
        return new ElasticsearchConfig(newUrl, indexPrefix, bulkActions, flushInterval, retention);
    }

    public ElasticsearchConfig withIndexPrefix(String prefix) {
        return new ElasticsearchConfig(url, prefix, bulkActions, flushInterval, retention);
    }
}
