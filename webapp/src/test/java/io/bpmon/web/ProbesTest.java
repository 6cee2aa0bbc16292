package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.ElasticsearchCredentials;
import io.bpmon.core.fixtures.ElasticsearchProxy;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.store.JobReports;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private static final String KEY = "cHJvYmUtaWQ6cHJvYmUta2V5";

    @Test
    void shouldReportElasticsearchDownWithWhatKeepsBpmonOutButNoDetails() throws Exception {
        // the proxy refuses before it would forward, so nothing needs to listen behind it
        try (ElasticsearchProxy es = ElasticsearchProxy.http(URI.create("http://127.0.0.1:9"), "ApiKey " + KEY)) {
            ElasticsearchConfig config = ElasticsearchConfig.defaults().withUrl(es.uri("127.0.0.1"))
                    .withCredentials(new ElasticsearchCredentials.ApiKey("d3Jvbmc6a2V5"));

            HealthProbe.Result result = Probes.elasticsearch(Elasticsearch.of(config)).check();

            assertThat(result.up()).isFalse();
            assertThat(result.details().get("reason")).isEqualTo("Elasticsearch at " + es.uri("127.0.0.1")
                    + " refuses bpmon: it refuses bpmon's credentials");
        }
    }

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static JobReports reports(List<JobReports.Report> reports, JobReports.Refusals refusals) {
        return new JobReports() {
            @Override
            public List<Report> reports() {
                return reports;
            }

            @Override
            public Refusals refusals() {
                return refusals;
            }
        };
    }

    @Test
    void shouldReportTheJobUpWithItsWritersFiguresAndTheStoresRefusals() {
        JobReports job = reports(List.of(
                new JobReports.Report("job-orders-0", Optional.of(NOW.minusSeconds(3)),
                        Optional.of(NOW.minusSeconds(20)), Map.of("documentsWritten", 70L)),
                new JobReports.Report("job-alerts-0", Optional.of(NOW.minusSeconds(4)),
                        Optional.of(NOW.minusSeconds(30)), Map.of("documentsWritten", 5L))),
                new JobReports.Refusals(2, Optional.of("mapper_parsing_exception: bad"), Optional.of(NOW)));

        HealthProbe.Result result = Probes.job(job, new MutableClock(NOW)).check();

        assertThat(result.up()).isTrue();
        assertThat(result.details()).containsEntry("documentsWritten", 75L)
                .containsEntry("lastReport", NOW.minusSeconds(3).toString())
                .containsEntry("watermarkLagMillis", 30_000L)
                .containsEntry("storeRefused", 2L)
                .containsEntry("lastStoreRefusal", "mapper_parsing_exception: bad")
                .containsEntry("lastStoreRefusalAt", NOW.toString());
    }

    @Test
    void shouldReportTheJobDownWhenItsWritersFellSilent() {
        JobReports job = reports(List.of(new JobReports.Report("job-orders-0",
                Optional.of(NOW.minus(Probes.JOB_SILENCE_LIMIT).minusSeconds(1)), Optional.empty(), Map.of())),
                new JobReports.Refusals(0, Optional.empty(), Optional.empty()));

        HealthProbe.Result result = Probes.job(job, new MutableClock(NOW)).check();

        assertThat(result.up()).isFalse();
        assertThat(result.details().get("reason")).isEqualTo("no report from the job for more than 30 s");
        assertThat(Probes.job(reports(List.of(), new JobReports.Refusals(0, Optional.empty(), Optional.empty())),
                new MutableClock(NOW)).check().details().get("reason")).isEqualTo("the job has not reported yet");
    }
}
