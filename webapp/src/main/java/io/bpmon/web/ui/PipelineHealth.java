package io.bpmon.web.ui;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pipeline-health strip: events per second into the job, rejected and late events, the watermark lag, and
 * whether Kafka, Elasticsearch and the job answer. Absent numbers mean the job has not reported them yet.
 *
 * @param storeRefused valid events whose document Elasticsearch refused (they are in the dead-letter topic)
 * @param rejectedPerSecond events the job rejected (to the dead-letter topic), per second over the rate window
 * @param latePerSecond     events that arrived after the monitor's clock had passed them, per second
 * @param throughput        events in per second at each job report of the last ten minutes, oldest first
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
        Part job,
        Optional<Double> rejectedPerSecond,
        Optional<Double> latePerSecond,
        List<Double> throughput) {

    /** The sparkline's box: {@code viewBox="0 0 100 20"}. */
    static final int SPARK_WIDTH = 100;
    static final int SPARK_HEIGHT = 20;

    public PipelineHealth {
        throughput = throughput == null ? List.of() : List.copyOf(throughput);
    }

    /** One component: up or down, with a short reason. */
    public record Part(boolean up, String detail) {
        public static Part unknown() {
            return new Part(false, "not checked yet");
        }
    }

    /** A component with its name, for the strip. */
    public record NamedPart(String id, String name, Part part) {}

    public List<NamedPart> parts() {
        return List.of(new NamedPart("kafka", "Kafka", kafka),
                new NamedPart("elasticsearch", "Elasticsearch", elasticsearch), new NamedPart("job", "Job", job));
    }

    public static PipelineHealth unknown(Instant now) {
        return new PipelineHealth(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Part.unknown(), Part.unknown(), Part.unknown(), Optional.empty(),
                Optional.empty(), List.of());
    }

    public String eventsPerSecondText() {
        return rateText(eventsPerSecond);
    }

    public String rejectedPerSecondText() {
        return rateText(rejectedPerSecond);
    }

    public String latePerSecondText() {
        return rateText(latePerSecond);
    }

    static String rateText(Optional<Double> rate) {
        return rate.map(r -> String.format(Locale.ROOT, r < 10 ? "%.1f" : "%.0f", r)).orElse("no data");
    }

    /** The throughput sparkline's polyline points in its box ({@link Sparkline#points}). */
    public String throughputPoints() {
        return Sparkline.points(throughput, SPARK_WIDTH, SPARK_HEIGHT);
    }

    /** The highest rate on the sparkline, for its label. */
    public String throughputMaxText() {
        return rateText(throughput.stream().max(Double::compare));
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
