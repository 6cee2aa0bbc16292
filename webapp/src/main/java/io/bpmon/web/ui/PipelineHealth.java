package io.bpmon.web.ui;

import java.time.Instant;
import java.util.Optional;

/**
 * The pipeline-health strip: events per second into the job, rejected and late events, the watermark lag, and
 * whether Kafka, Elasticsearch and the job answer. Absent numbers mean the job has not reported them yet.
 *
 * @param storeRefused valid events whose document Elasticsearch refused (they are in the dead-letter topic)
 */
public record PipelineHealth(
        Instant sampledAt,
        Optional<Double> eventsPerSecond,
        Optional<Long> eventsIn,
        Optional<Long> rejected,
        Optional<Long> late,
        Optional<Long> watermarkLagMillis,
        Optional<Long> storeRefused,
        Part kafka,
        Part elasticsearch,
        Part job) {

    /** One component: up or down, with a short reason. */
    public record Part(boolean up, String detail) {
        public static Part unknown() {
            return new Part(false, "not checked yet");
        }
    }

    /** A component with its name, for the strip. */
    public record NamedPart(String id, String name, Part part) {}

    public java.util.List<NamedPart> parts() {
        return java.util.List.of(new NamedPart("kafka", "Kafka", kafka),
                new NamedPart("elasticsearch", "Elasticsearch", elasticsearch), new NamedPart("job", "Job", job));
    }

    public static PipelineHealth unknown(Instant now) {
        return new PipelineHealth(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Part.unknown(), Part.unknown(), Part.unknown());
    }

    public String eventsPerSecondText() {
        return eventsPerSecond.map(r -> String.format(java.util.Locale.ROOT, r < 10 ? "%.1f" : "%.0f", r))
                .orElse("no data");
    }

    public String watermarkLagText() {
        return watermarkLagMillis.map(PipelineHealth::duration).orElse("no data");
    }

    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
