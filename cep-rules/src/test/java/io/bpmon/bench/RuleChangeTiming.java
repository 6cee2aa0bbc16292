package io.bpmon.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.job.OrderStateFunction;
import io.bpmon.job.OrderUpdate;
import io.bpmon.job.RuleApplied;
import io.bpmon.job.RuleChange;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * A rule change with orders in flight (see {@link StateSizeBench}): broadcast to the order operator that holds them,
 * timed until the operator emits its {@link RuleApplied}, i.e. until it has re-judged every order in keyed state.
 */
final class RuleChangeTiming {

    /** New: every order from DE that is paid and not shipped waits on it (the bench's orders are placed and paid). */
    static final String NEW_RULE = "{\"id\":\"bench-change-new\",\"name\":\"New SLA\",\"kind\":\"STEP_SLA\","
            + "\"from\":\"PAID\",\"to\":\"SHIPPED\",\"maxDuration\":\"P1D\",\"scope\":{\"country\":[\"DE\"]},"
            + "\"version\":1}";

    private RuleChangeTiming() {}

    static void run(KeyedBroadcastOperatorTestHarness<String, OrderEvent, RuleChange, OrderUpdate> harness, int rules,
            boolean scoped, int ordersInState, Map<String, Object> result) throws Exception {
        time(harness, "new", NEW_RULE, ordersInState, result);
        // changed: an existing PAID -> SHIPPED rule (the third bench rule) with a deadline of one day instead of 30+;
        // without such a rule, the new one
        ObjectNode changed = (ObjectNode) Json.mapper().readTree(
                rules >= 3 ? PipelineBench.benchRules(rules, scoped).get(2) : NEW_RULE);
        changed.put("maxDuration", "P1D");
        changed.put("version", 2);
        time(harness, "changed", Json.write(changed), ordersInState, result);
    }

    private static void time(KeyedBroadcastOperatorTestHarness<String, OrderEvent, RuleChange, OrderUpdate> harness,
            String name, String json, int ordersInState, Map<String, Object> result) throws Exception {
        harness.getOutput().clear();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gc0 = gcMillis();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        String id = Json.mapper().readTree(json).path("id").asText();
        harness.processBroadcastElement(new RuleChange(id, json), 0L);
        long wallNanos = System.nanoTime() - t0;
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
        long gc = gcMillis() - gc0;
        var applied = harness.getSideOutput(OrderStateFunction.RULES_APPLIED);
        List<RuleApplied> acks = applied == null ? List.of()
                : applied.stream().map(r -> r.getValue()).filter(a -> a.ruleId().equals(id)).toList();
        if (acks.size() != 1) {
            throw new IllegalStateException("expected one RuleApplied for " + id + ", got " + acks);
        }
        var alerts = harness.getSideOutput(OrderStateFunction.ALERTS);
        int alertUpdates = alerts == null ? 0 : alerts.size();
        if (alerts != null) {
            alerts.clear();
        }
        applied.clear();
        result.put("rule_change." + name + ".ms", wallNanos / 1_000_000);
        result.put("rule_change." + name + ".cpu_ms", cpuNanos / 1_000_000);
        result.put("rule_change." + name + ".gc_ms", gc);
        result.put("rule_change." + name + ".us_per_order", PipelineBench.round(wallNanos / 1e3 / ordersInState, 2));
        System.out.printf("bench: rule change (%s rule, version %d) over %,d orders in state: RuleApplied after %,d ms"
                + " (%,d ms CPU of the operator's thread, %,d ms in GC; %.2f µs per order; %d alert updates)%n",
                name, acks.get(0).version(), ordersInState, wallNanos / 1_000_000, cpuNanos / 1_000_000, gc,
                wallNanos / 1e3 / ordersInState, alertUpdates);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
