package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.ElasticsearchCredentials;
import io.bpmon.core.fixtures.ElasticsearchProxy;
import io.bpmon.core.store.ElasticsearchClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private static final String KEY = "cHJvYmUtaWQ6cHJvYmUta2V5";

    @Test
    void shouldReportElasticsearchDownWithWhatKeepsBpmonOutButNoDetails() throws Exception {
        // the proxy refuses before it would forward, so nothing needs to listen behind it
        try (ElasticsearchProxy es = ElasticsearchProxy.http(URI.create("http://127.0.0.1:9"), "ApiKey " + KEY)) {
            ElasticsearchConfig config = ElasticsearchConfig.defaults().withUrl(es.uri("127.0.0.1"))
                    .withCredentials(new ElasticsearchCredentials.ApiKey("d3Jvbmc6a2V5"));

            HealthProbe.Result result = Probes.elasticsearch(ElasticsearchClient.of(config)).check();

            assertThat(result.up()).isFalse();
            assertThat(result.details().get("reason")).isEqualTo("Elasticsearch at " + es.uri("127.0.0.1")
                    + " refuses bpmon: it refuses bpmon's credentials");
        }
    }
}
