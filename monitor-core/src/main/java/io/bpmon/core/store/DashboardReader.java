package io.bpmon.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The dashboard's questions to the stored orders and alerts, as typed answers: orders in flight by status, orders
 * completed, events per minute, orders judged by each SLA rule, open alerts by severity, breaches by rule, the
 * segments with most alerts, and whether any alert changed. How they are asked is the implementation's business
 * ({@link ElasticsearchDashboardReader}: aggregations only, so the cost does not grow with the number of orders);
 * the dashboard sees only these types, so a test can answer them from a list.
 */
public interface DashboardReader {

    /**
     * The orders an SLA rule judged: those that reached {@code step} in [reachedFrom, reachedBefore) — so their
     * deadline has passed — and are in the rule's scope.
     *
     * @param key names the answer ({@link OrderFigures#judged()}); the rule id
     */
    record SlaWindow(String key, String step, Instant reachedFrom, Instant reachedBefore,
            Map<String, List<String>> scope) {
        public SlaWindow {
            scope = Map.copyOf(scope);
        }
    }

    /**
     * What the dashboard asks of the orders.
     *
     * @param completedSince orders that reached a terminal step at or after this time count as completed
     * @param minutesFrom    the first minute of the events-per-minute chart
     * @param minutesTo      the end of the chart (exclusive)
     * @param comparedWith   how far back the chart's comparison line lies (a day)
     */
    record OrderQuestions(Instant completedSince, Instant minutesFrom, Instant minutesTo, Duration comparedWith,
            List<SlaWindow> sla) {
        public OrderQuestions {
            sla = List.copyOf(sla);
        }
    }

    /**
     * The answers about orders; maps hold only what was found (a missing key counts 0).
     *
     * @param inFlight        orders not in a terminal step, per status
     * @param completed       per terminal step, orders that reached it since {@code completedSince}
     * @param perMinute       per step, events per minute (minute start → count) in the chart's range
     * @param perMinuteBefore the same for the range {@code comparedWith} earlier, keyed by that earlier minute
     * @param judged          per {@link SlaWindow#key()}, the orders the rule judged
     */
    record OrderFigures(Map<String, Long> inFlight, Map<String, Long> completed,
            Map<String, NavigableMap<Instant, Long>> perMinute,
            Map<String, NavigableMap<Instant, Long>> perMinuteBefore, Map<String, Long> judged,
            List<Revenue> revenue) {

        public OrderFigures {
            revenue = revenue == null ? List.of() : List.copyOf(revenue);
        }

        /** Figures without revenue. */
        public OrderFigures(Map<String, Long> inFlight, Map<String, Long> completed,
                Map<String, NavigableMap<Instant, Long>> perMinute,
                Map<String, NavigableMap<Instant, Long>> perMinuteBefore, Map<String, Long> judged) {
            this(inFlight, completed, perMinute, perMinuteBefore, judged, List.of());
        }
    }

    /**
     * Money per currency (docs/contract.md, attributes): orders placed in the chart's range with a numeric
     * {@code amount}, their amounts summed, and the same for the range {@code comparedWith} earlier. Never summed across
     * currencies.
     */
    record Revenue(String currency, long orders, double amount, long ordersBefore, double amountBefore) {

        /** The average order value in the range; null without orders. */
        public Double averageOrderValue() {
            return orders == 0 ? null : amount / orders;
        }
    }

    /**
     * The answers about alerts.
     *
     * @param openBySeverity alerts open (not acknowledged), per severity
     * @param acknowledged   alerts acknowledged and not resolved
     * @param breachesByRule SLA breaches that started since the given time, per rule id
     * @param topSegments    per attribute, its values with most alerts detected since the given time, most first
     */
    record AlertFigures(Map<String, Long> openBySeverity, long acknowledged, Map<String, Long> breachesByRule,
            Map<String, Map<String, Long>> topSegments) {}

    /** Changes whenever an alert is added, changes status or is resolved (the live pages reload then). */
    record AlertActivity(long alerts, Optional<Instant> lastDetected, Optional<Instant> lastResolved, long open) {}

    /** How many segment values {@link AlertFigures#topSegments()} lists per attribute. */
    int TOP_SEGMENTS = 3;

    OrderFigures orders(OrderQuestions questions);

    /**
     * @param since             breaches that started and alerts detected since then count
     * @param segmentAttributes the attributes whose values with most alerts are listed
     * @param maxRules          at most this many rules' breaches
     */
    AlertFigures alerts(Instant since, List<String> segmentAttributes, int maxRules);

    AlertActivity alertActivity();
}
