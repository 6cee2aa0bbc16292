package io.bpmon.core.store;

import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rule editor's questions to the stored orders and alerts (docs/rule-preview.md), as typed answers: which orders
 * a candidate rule would have flagged, what a stored rule raised, observed step durations and event counts (suggested
 * thresholds), and the attribute values seen (scope suggestions). How they are asked is the implementation's
 * business ({@link ElasticsearchRulePreview}); callers such as {@code io.bpmon.core.rules.service.RuleEditor} see only
 * these types, so a test can answer them from a list.
 */
public interface RulePreviewReader {

    /** Percentiles offered as thresholds. */
    List<Double> PERCENTILES = List.of(50.0, 90.0, 95.0, 99.0);
    /** The most flagged orders one answer lists. */
    int MAX_SAMPLE = 100;

    /** One order a rule would have flagged. */
    record FlaggedOrder(String orderId, String status, Map<String, String> attributes,
            Map<String, String> steps, Instant lastEventAt) {}

    /** What a candidate rule would have flagged among the stored orders: how many, and the newest of them. */
    record Flagged(long count, List<FlaggedOrder> sample) {}

    /** What a stored rule flagged: alerts with a deadline (velocity: a start) in the range, per rule version. */
    record Raised(long count, Map<Long, Long> byVersion) {}

    /** Per rule: alerts detected in a range, and alerts open (or acknowledged) now. */
    record AlertCounts(String ruleId, long detected, long open) {}

    /** Observed durations or counts: how many observations, and the percentiles ("p50" ...; empty when none). */
    record Observed(long orders, Map<String, Long> percentiles) {}

    /** What a VELOCITY rule would have opened: every episode, and each segment's sliding counts for a chart. */
    record VelocityResult(List<VelocityPreview.Episode> episodes, List<VelocityPreview.SegmentSeries> segments,
            long bucketMillis) {}

    /** An attribute seen on stored orders and its most frequent values. */
    record AttributeValues(String name, List<String> values) {}

    /**
     * The orders a STEP_SLA or STALL rule would have flagged with a deadline in [from, to).
     *
     * @param sampleSize how many of them to return, newest first (0 to {@value #MAX_SAMPLE})
     */
    Flagged flagged(Rule rule, Instant from, Instant to, int sampleSize);

    /**
     * How many orders a STEP_SLA or STALL rule judged with a deadline in [from, to): the orders of which
     * {@link #flagged} are the breaches ({@code PreviewPlan.judged}).
     */
    long judged(Rule rule, Instant from, Instant to);

    /**
     * The durations a STEP_SLA or STALL rule's chart shows ({@code PreviewPlan.observed}) over [since, until), binned
     * so that the bulk of them and the rule's threshold are on the chart, with their p50/p90/p99.
     */
    DurationHistogram durations(Rule rule, Instant since, Instant until);

    /** The episodes a VELOCITY rule would have opened in [since, until). */
    VelocityResult velocity(Rule rule, Instant since, Instant until);

    /** Alerts the stored rule raised with a deadline (VELOCITY: a start) in [from, to), counted per version. */
    Raised raised(String ruleId, RuleKind kind, Instant from, Instant to);

    /** Per rule id: alerts detected in [since, until) and alerts not resolved. */
    Map<String, AlertCounts> alertCounts(Instant since, Instant until);

    /**
     * How long orders in scope that reached {@code from} in [since, until) took to reach {@code to} (or a later
     * step; cancelled orders are left out), in milliseconds: the basis for a threshold picked from data.
     */
    Observed stepDurations(String from, String to, Map<String, List<String>> scope, Instant since, Instant until);

    /**
     * Events of one type per window: counts of {@code eventType} events of orders in scope, in consecutive windows
     * over [since, until), and their percentiles (windows without any event count as 0).
     */
    Observed windowCounts(String eventType, Duration window, Map<String, List<String>> scope, Instant since,
            Instant until);

    /**
     * The values of a VELOCITY aggregate per window (docs/velocity-rules.md): the sum or average of its numeric
     * attribute, or the share in percent of orders matching its condition, over consecutive windows in [since, until),
     * of orders in scope; windows without a value (no events for an average or share) are left out. A count is
     * {@link #windowCounts}.
     */
    default Observed windowValues(String eventType, Duration window, io.bpmon.core.rules.VelocityAggregate aggregate,
            Map<String, List<String>> scope, Instant since, Instant until) {
        return windowCounts(eventType, window, scope, since, until);
    }

    /** The attribute names on stored orders and each one's {@code top} most frequent values. */
    List<AttributeValues> attributes(int top);
}
