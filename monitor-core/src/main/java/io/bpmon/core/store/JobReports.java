package io.bpmon.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the job's writers reported ({@link Indices#status()}) and what the store refused for good
 * ({@link Indices#refusals()}): how the web server knows the job is alive and what came in, without calling into
 * Flink. The health probe and the dashboard's pipeline strip ask this, so a test can answer them from a list.
 */
public interface JobReports {

    /** The most writer reports read at once: two per subtask and sink, far more than a job has. */
    int MAX_REPORTS = 200;

    /**
     * One writer's newest report (doc id {@code job-<sink>-<subtask>}).
     *
     * @param counters its numbers: {@code documentsWritten}, {@code eventsIn}, {@code eventsLate} ...
     */
    record Report(String id, Optional<Instant> updatedAt, Optional<Instant> watermark, Map<String, Long> counters) {

        public Report {
            counters = Map.copyOf(counters);
        }

        /** A counter, 0 when the report has none. */
        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    /** Document versions the store refused for good: how many, and the newest refusal's reason and time. */
    record Refusals(long count, Optional<String> lastReason, Optional<Instant> lastAt) {}

    /** The job writers' reports. */
    List<Report> reports();

    /** The store's refusals so far. */
    Refusals refusals();
}
