package io.bpmon.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.time.Duration;
import java.util.List;

/**
 * The three rules the chaos run installs through {@code /api/rules}, and the parameters {@link RuleModel} judges
 * with: one place, so that the installed rules and the model cannot drift apart.
 *
 * <ul>
 *   <li>{@value #PAID}: STEP_SLA, PLACED to PAID within {@link #PAID_WITHIN}, orders of the channels
 *       {@link #ORDER_CHANNELS};</li>
 *   <li>{@value #STALL}: STALL in SHIPPED for {@link #STALL_AFTER}, the same orders;</li>
 *   <li>{@value #BURST}: VELOCITY, at most {@link #BURST_MAX} ORDER_PLACED per {@link #BURST_WINDOW} over the
 *       orders of channel {@link #BURST_CHANNEL} (one segment: no groupBy).</li>
 * </ul>
 */
final class ChaosRules {

    static final String PAID = "chaos-paid";
    static final String STALL = "chaos-stall";
    static final String BURST = "chaos-burst";

    static final Duration PAID_WITHIN = Duration.ofSeconds(20);
    /**
     * Far above the driver's own delays (a web-server restart or a Kafka outage hold events back for up to ~30 s):
     * an order that ships and delivers ~10 s later must never look stalled because its delivery waited in the
     * driver (the contract lets a late event resolve such an alert, which the model could not predict).
     */
    static final Duration STALL_AFTER = Duration.ofSeconds(75);
    static final String STALL_STATUS = "SHIPPED";
    static final Duration BURST_WINDOW = Duration.ofMinutes(1);
    static final int BURST_MAX = 12;
    /** The velocity counts in buckets of this length (docs/velocity-rules.md): judged at each boundary. */
    static final Duration BURST_BUCKET = Duration.ofSeconds(10);

    static final List<String> ORDER_CHANNELS = List.of("web", "app");
    static final String BURST_CHANNEL = "partner";
    /** The probes that measure recovery: in the scope of no rule. */
    static final String PROBE_CHANNEL = "probe";

    private ChaosRules() {}

    /** The rules as {@code POST /api/rules} takes them. */
    static List<ObjectNode> json() {
        ObjectNode paid = Json.mapper().createObjectNode()
                .put("id", PAID).put("name", "Chaos: paid within " + PAID_WITHIN.toSeconds() + " s")
                .put("kind", "STEP_SLA").put("from", "PLACED").put("to", "PAID")
                .put("maxDuration", PAID_WITHIN.toString()).put("severity", "WARNING").put("enabled", true);
        ORDER_CHANNELS.forEach(paid.putObject("scope").putArray("channel")::add);
        paid.putArray("groupBy").add("country"); // an incident, and so a message, per country
        ObjectNode stall = Json.mapper().createObjectNode()
                .put("id", STALL).put("name", "Chaos: shipped, not delivered for " + STALL_AFTER.toSeconds() + " s")
                .put("kind", "STALL").put("maxDuration", STALL_AFTER.toString()).put("severity", "WARNING")
                .put("enabled", true);
        stall.putArray("statuses").add(STALL_STATUS);
        ORDER_CHANNELS.forEach(stall.putObject("scope").putArray("channel")::add);
        stall.putArray("groupBy").add("country");
        ObjectNode burst = Json.mapper().createObjectNode()
                .put("id", BURST).put("name", "Chaos: partner orders per minute")
                .put("kind", "VELOCITY").put("eventType", "ORDER_PLACED").put("window", BURST_WINDOW.toString())
                .put("max", BURST_MAX).put("severity", "INFO").put("enabled", true);
        burst.putObject("scope").putArray("channel").add(BURST_CHANNEL);
        return List.of(paid, stall, burst);
    }
}
