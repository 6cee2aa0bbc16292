package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The probes of Kafka, Elasticsearch and the job. */
final class Probes {

    /** The job counts as running while one of its writers reported within this time. */
    static final Duration JOB_SILENCE_LIMIT = Duration.ofSeconds(30);

    private Probes() {}

    static HealthProbe kafka(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        Admin admin = Admin.create(props);
        return () -> {
            try {
                int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                return HealthProbe.Result.up(Map.of("brokers", brokers));
            } catch (Exception e) {
                return HealthProbe.Result.down("Kafka at " + bootstrap + " unreachable");
            }
        };
    }

    static HealthProbe elasticsearch(ElasticsearchClient es) {
        return () -> {
            try {
                return es.checkHealth(Duration.ofSeconds(1))
                        ? HealthProbe.Result.up(Map.of())
                        : HealthProbe.Result.down("Elasticsearch at " + es.base() + " unreachable or red");
            } catch (ElasticsearchClient.AccessRefusedException e) {
                // say which of TLS, credentials or privileges, as waiting will not bring it up; the details (user,
                // roles, CA file) are for the log, not for the unauthenticated health endpoint
                return HealthProbe.Result.down("Elasticsearch at " + es.base() + " refuses bpmon: "
                        + e.refusal().summary());
            }
        };
    }

    /**
     * What the store refused for good ({@link Indices#refusals()}): how many document versions, and the newest reason.
     * Counted apart from liveness: a refusal is the store's verdict on one document, not a sign the job is down.
     */
    static Map<String, Object> refusals(ElasticsearchClient es, Indices indices) {
        JsonNode hits = es.search(indices.refusals(), "{\"size\":1,\"track_total_hits\":true,"
                + "\"sort\":[{\"refusedAt\":{\"order\":\"desc\",\"unmapped_type\":\"date\"}}]}").path("hits");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("storeRefused", hits.path("total").path("value").asLong(0));
        JsonNode newest = hits.path("hits").path(0).path("_source");
        if (newest.has("reason")) {
            details.put("lastStoreRefusal", newest.path("reason").asText());
            details.put("lastStoreRefusalAt", newest.path("refusedAt").asText());
        }
        return details;
    }

    /** Reads the writers' reports ({@link Indices#status()}); the web server never calls into Flink. */
    static HealthProbe job(ElasticsearchClient es, Indices indices, Clock clock) {
        return job(es, indices, clock, Optional.empty());
    }

    /**
     * As {@link #job(ElasticsearchClient, Indices, Clock)}; with the job's {@code process} (a supervised job on
     * this machine) the job is also down while that process is not running, and after it restarted until it
     * reported again.
     */
    static HealthProbe job(ElasticsearchClient es, Indices indices, Clock clock, Optional<JobProcess> process) {
        return () -> {
            Optional<Instant> processStarted = Optional.empty();
            if (process.isPresent()) {
                Optional<ProcessHandle> live = process.get().live();
                if (live.isEmpty()) {
                    return HealthProbe.Result.down("the job's process is not running (pid file "
                            + process.get().pidFile() + "): restarting");
                }
                processStarted = JobProcess.started(live.get());
            }
            JsonNode reports;
            try {
                reports = es.search(indices.status(), "{\"size\":100,\"query\":{\"term\":{\"component\":\"job\"}}}")
                        .path("hits").path("hits");
            } catch (ElasticsearchClient.UnavailableException e) {
                return HealthProbe.Result.down("job status unknown: Elasticsearch unreachable");
            }
            if (reports.isEmpty()) {
                return HealthProbe.Result.down("the job has not reported yet");
            }
            Instant newest = Instant.EPOCH;
            Instant slowestWatermark = null;
            long written = 0;
            for (JsonNode hit : reports) {
                JsonNode s = hit.path("_source");
                Instant updated = Instant.parse(s.path("updatedAt").asText("1970-01-01T00:00:00Z"));
                if (updated.isAfter(newest)) {
                    newest = updated;
                }
                if (s.hasNonNull("watermark")) {
                    Instant wm = Instant.parse(s.path("watermark").asText());
                    slowestWatermark = slowestWatermark == null || wm.isBefore(slowestWatermark) ? wm : slowestWatermark;
                }
                written += s.path("documentsWritten").asLong();
            }
            Instant now = clock.instant();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("lastReport", newest.toString());
            details.put("documentsWritten", written);
            details.putAll(refusals(es, indices));
            if (slowestWatermark != null) {
                details.put("watermark", slowestWatermark.toString());
                details.put("watermarkLagMillis", Duration.between(slowestWatermark, now).toMillis());
            }
            if (processStarted.isPresent() && newest.isBefore(processStarted.get())) {
                details.put("reason", "the job's process started at " + processStarted.get()
                        + " and has not reported since");
                return new HealthProbe.Result(false, details);
            }
            if (Duration.between(newest, now).compareTo(JOB_SILENCE_LIMIT) > 0) {
                details.put("reason", "no report from the job for more than " + JOB_SILENCE_LIMIT.toSeconds() + " s");
                return new HealthProbe.Result(false, details);
            }
            return HealthProbe.Result.up(details);
        };
    }
}
