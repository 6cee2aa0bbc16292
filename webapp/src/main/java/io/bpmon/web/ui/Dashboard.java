package io.bpmon.web.ui;

import io.bpmon.core.alerts.Incident;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

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
        long renderMillis,
        List<RevenueRow> revenue) {

    /**
     * One currency's money over the chart's hour (orders placed, by {@code occurredAt}) against the same hour
     * yesterday; amounts of different currencies are never added.
     */
    public record RevenueRow(String currency, long orders, double amount, double amountBefore) {

        private static String money(double v) {
            return String.format(java.util.Locale.ROOT, "%,.2f", v);
        }

        /** Revenue per minute over the hour. */
        public String perMinute() {
            return money(amount / 60);
        }

        public String total() {
            return money(amount);
        }

        public String totalBefore() {
            return money(amountBefore);
        }

        /** Change against yesterday in percent with sign, or "–" when yesterday had none. */
        public String change() {
            return amountBefore == 0 ? "–" : String.format(java.util.Locale.ROOT, "%+.0f %%",
                    100 * (amount - amountBefore) / amountBefore);
        }

        /** Average order value, or "–" without orders. */
        public String averageOrderValue() {
            return orders == 0 ? "–" : money(amount / orders);
        }
    }

    /**
     * The one-line answer to "does the business work?": good, warn or bad, and why.
     *
     * @param worst         the open incident to look at first (highest severity, then most open alerts), or null
     * @param openIncidents how many incidents are open and not acknowledged
     */
    public record Verdict(String level, String headline, String detail, Incident worst, long openIncidents) {

        public Verdict(String level, String headline, String detail) {
            this(level, headline, detail, null, 0);
        }

        /** "'Payments per method' · paypal: 312 orders open since 10:04 UTC"; empty without an open incident. */
        public String worstText() {
            if (worst == null) {
                return "";
            }
            String segment = worst.segment().values().stream().map(v -> " · " + v).collect(Collectors.joining());
            long open = worst.openAlertCount();
            return "'" + worst.ruleName() + "'" + segment + ": " + open + (open == 1 ? " alert" : " alerts")
                    + " open since " + SINCE.format(worst.openedAt());
        }
    }

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

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
