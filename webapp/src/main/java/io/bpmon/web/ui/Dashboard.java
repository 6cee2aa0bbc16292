package io.bpmon.web.ui;

import java.time.Instant;
import java.util.List;

/** What the dashboard shows, computed from Elasticsearch aggregations and the pipeline's sampled health. */
public record Dashboard(
        Instant generatedAt,
        List<Count> inFlight,
        long inFlightTotal,
        List<Count> completedToday,
        String velocityJson,
        long eventsLastHour,
        long eventsSameHourYesterday,
        List<SlaRow> sla,
        List<Count> openAlerts,
        long acknowledgedAlerts,
        List<SegmentGroup> segments,
        PipelineHealth health,
        Verdict verdict,
        long renderMillis) {

    /** The one-line answer to "does the business work?": good, warn or bad, and why. */
    public record Verdict(String level, String headline, String detail) {}

    /** A labelled number; {@code key} is the value to filter by (a status, a severity, an attribute value). */
    public record Count(String key, String label, long count) {}

    /** One SLA rule's compliance over the last 24 h: orders whose deadline has passed, and how many breached. */
    public record SlaRow(String ruleId, String name, String severity, long judged, long breached) {
        public long inTime() {
            return Math.max(0, judged - breached);
        }

        /** Share in time, in percent with one decimal; 100 when nothing was judged. */
        public String percent() {
            return judged == 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * inTime() / judged);
        }

        /** good, warn or bad, for the colour. */
        public String level() {
            if (judged == 0) {
                return "none";
            }
            double p = 100.0 * inTime() / judged;
            return p >= 99 ? "good" : p >= 95 ? "warn" : "bad";
        }
    }

    /** The values of one attribute with the most breaches in the last 24 h. */
    public record SegmentGroup(String attribute, List<Count> top) {}
}
