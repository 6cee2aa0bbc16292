package io.bpmon.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.simulation.SimulatedEvent;
import io.bpmon.core.simulation.SteadyTraffic;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderPartitions;
import io.bpmon.job.OrderStateFunction;
import io.bpmon.job.OrderStateOperator;
import io.bpmon.job.OrderUpdate;
import io.bpmon.job.RuleChange;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * Heap bytes of job state per in-flight order: {@code N} distinct orders (placed and paid, the simulator's orders of
 * {@link SteadyTraffic}) go through {@link OrderStateFunction} in Flink's keyed broadcast operator harness on the heap
 * (hashmap) state backend, the backend the job runs with, and the used heap after full GCs is compared before and
 * after.
 *
 * <p>What the difference holds per order is what a task manager holds per in-flight order: the orderId key, the
 * encoded order ({@code byte[]}, see {@link OrderStateCodec}) and the cleanup time ({@code Long}) with their two state
 * map entries, and the cleanup timer (timer object, heap queue slot, dedup map entry). The harness's own overhead is a
 * constant (mock environment, operator) and cancels out; its output and side output queues, which would otherwise
 * keep every emitted order document and order-state record, are emptied as we go. Not included: checkpoint copies (the copy-on-write state map keeps old
 * entries alive only while an asynchronous snapshot runs).
 *
 * <p>With {@code --rules R} the orders are judged under R rules ({@link PipelineBench#benchRules}, every order in
 * scope, all of them still waiting after placement and payment): what rules add per in-flight order is the next
 * deadline (a {@code Long} state entry and a second timer); alerts would add their JSON, only for orders with alerts.
 *
 * <p>With {@code --histogram true} the live objects the orders added are also counted by class (the JVM's class
 * histogram before and after): what the bytes per order are made of.
 *
 * <p>With {@code --rule-change true}, once the orders are in state, two rule changes are broadcast to the operator as
 * the rules topic delivers them (docs/benchmarks.md, a rule change with orders in flight): a new {@code STEP_SLA}
 * rule, then a changed existing one. Each is timed from the broadcast element to the {@link io.bpmon.job.RuleApplied}
 * the operator emits once it has re-judged every order in keyed state; the operator handles nothing else meanwhile
 * (Flink runs the broadcast element on the task's one thread), so that time is also how long the subtask's
 * throughput drops to zero.
 *
 * <pre>StateSizeBench --orders N [--rules R] [--scoped true] [--histogram true] [--rule-change true] [--out FILE]</pre>
 */
public final class StateSizeBench {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    private StateSizeBench() {}

    public static void main(String[] args) {
        try {
            measure(PipelineBench.options(args));
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void measure(Map<String, String> options) throws Exception {
        int orders = Integer.parseInt(options.getOrDefault("orders", "1000000"));
        SteadyTraffic traffic = new SteadyTraffic(LIFECYCLE, orders, 7L, System.currentTimeMillis());
        OrderStateCodec codec = new OrderStateCodec(LIFECYCLE);

        int rules = Integer.parseInt(options.getOrDefault("rules", "0"));
        boolean scoped = Boolean.parseBoolean(options.getOrDefault("scoped", "false"));

        KeyedBroadcastOperatorTestHarness<String, OrderEvent, RuleChange, OrderUpdate> harness =
                new KeyedBroadcastOperatorTestHarness<>(new OrderStateOperator(
                        new OrderStateFunction(LIFECYCLE,
                                new OrderPartitions(new Indices("bpmon"), java.time.Duration.ofDays(365)),
                                () -> (orderId, partitionTime) -> java.util.Optional.empty(), EngineConfig.defaults(),
                                System::currentTimeMillis), List.of(OrderStateFunction.RULES)),
                        OrderEvent::orderId, Types.STRING, 1, 1, 0);
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        int version = 0;
        for (String json : PipelineBench.benchRules(rules, scoped)) { // judged after every event; all of them wait
            var rule = (ObjectNode) Json.mapper().readTree(json);
            rule.put("version", 1);
            harness.processBroadcastElement(new RuleChange(rule.path("id").asText(), Json.write(rule)), 0L);
            version++;
        }
        // warm up everything that is allocated once (classes, the state tables, the timer queue), then forget it
        for (int o = 0; o < 1000; o++) {
            feed(harness, traffic, o);
        }
        clearOutputs(harness);
        boolean histogram = Boolean.parseBoolean(options.getOrDefault("histogram", "false"));
        long before = usedHeapAfterGc();
        Map<String, long[]> classesBefore = histogram ? ClassHistogram.live() : Map.of();
        System.out.printf("bench: feeding %,d orders (placed + paid) through the order state operator ...%n", orders);
        long serialized = 0;
        for (int o = 1000; o < orders + 1000; o++) {
            feed(harness, traffic, o);
            if (o % 1000 == 0) {
                clearOutputs(harness);
            }
        }
        clearOutputs(harness);
        long after = usedHeapAfterGc();
        Map<String, long[]> classesAfter = histogram ? ClassHistogram.live() : Map.of();
        int entries = numKeyedStateEntries(harness);
        int timers = harness.numEventTimeTimers();
        int expected = orders + 1000;
        // per order: its state and retention time, and with rules the next deadline: a second timer, unless the
        // deadline falls on the retention time (Flink keeps one timer per key and time)
        // (scoped rules: an order in the scope of none has no deadline)
        int slots = rules == 0 ? 2 : 3;
        boolean entriesAsExpected = scoped && rules > 0
                ? entries >= 2 * expected && entries <= 3 * expected
                : entries == slots * expected;
        if (!entriesAsExpected || timers < expected || timers > (slots - 1) * expected) {
            throw new IllegalStateException("expected " + expected + " orders in state with " + (slots - 1)
                    + " timer(s) each, found " + entries + " state entries and " + timers + " timers");
        }
        // what one order's encoded state weighs (separately, so that the measurement above holds nothing else)
        int step = Math.max(1, orders / 100_000);
        long sampled = 0;
        for (int o = 0; o < orders; o += step) {
            OrderState state = new OrderState(traffic.orderId(o));
            state.apply(received(traffic.event(o, 0)), false, LIFECYCLE);
            state.apply(received(traffic.event(o, 1)), false, LIFECYCLE);
            serialized += codec.encode(state).length;
            sampled++;
        }
        double bytesPerOrder = (after - before) / (double) orders;
        double encoded = serialized / (double) sampled;
        Map<String, Object> result = new LinkedHashMap<>();
        if (histogram) {
            ClassHistogram.report(classesBefore, classesAfter, orders, result);
        }
        if (Boolean.parseBoolean(options.getOrDefault("rule-change", "false"))) {
            RuleChangeTiming.run(harness, rules, scoped, orders + 1000, result);
        }
        double decoded = decodedBytesPerOrder(traffic, Math.min(orders, 100_000));
        harness.close();

        result.put("state.orders", orders);
        result.put("state.rules", version);
        result.put("state.rules_scoped", scoped);
        result.put("state.heap_bytes_per_order", Math.round(bytesPerOrder));
        result.put("state.heap_mib_total", Math.round((after - before) / 1024.0 / 1024.0));
        result.put("state.encoded_bytes_per_order", Math.round(encoded));
        result.put("state.decoded_object_bytes_per_order", Math.round(decoded));
        if (options.containsKey("out")) {
            PipelineBench.append(Path.of(options.get("out")), result);
        }
        System.out.printf("bench: %,d orders in flight under %d rules hold %,d MiB of heap: %,.0f bytes per order"
                + " (encoded state %,.0f bytes; the same order as objects would be %,.0f bytes)%n",
                orders, version, (after - before) >> 20, bytesPerOrder, encoded, decoded);
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, OrderEvent, RuleChange, OrderUpdate> harness,
            SteadyTraffic traffic, int o) throws Exception {
        for (int k = 0; k < 2; k++) {
            OrderEvent e = received(traffic.event(o, k));
            harness.processElement(e, e.occurredAt().toEpochMilli());
        }
    }

    /**
     * Forgets what the operator emitted: the harness keeps every output and side output (order documents, order-state
     * records) until cleared, which a task manager does not.
     */
    static void clearOutputs(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        harness.getOutput().clear();
        for (OutputTag<?> tag : List.of(OrderStateFunction.ORDER_STATES, OrderStateFunction.ALERTS,
                OrderStateFunction.RULES_APPLIED, OrderStateFunction.VELOCITY_HITS)) {
            var queue = harness.getSideOutput(tag);
            if (queue != null) {
                queue.clear();
            }
        }
    }

    /** The event as ingestion stamps it: received (Kafka append time) a little after it occurred. */
    private static OrderEvent received(SimulatedEvent simulated) {
        OrderEvent e = simulated.orderEvent();
        return e.withReceivedAt(e.occurredAt().plusMillis(150));
    }

    /** The same orders kept as decoded {@link OrderState} objects: what the byte[] encoding saves. */
    private static double decodedBytesPerOrder(SteadyTraffic traffic, int n) throws InterruptedException {
        OrderState[] kept = new OrderState[n];
        long before = usedHeapAfterGc();
        for (int o = 0; o < n; o++) {
            OrderState state = new OrderState(traffic.orderId(o));
            state.apply(received(traffic.event(o, 0)), false, LIFECYCLE);
            state.apply(received(traffic.event(o, 1)), false, LIFECYCLE);
            kept[o] = state;
        }
        long after = usedHeapAfterGc();
        if (kept[n - 1] == null) {
            throw new AssertionError();
        }
        return (after - before) / (double) n;
    }

    private static int numKeyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** Used heap once full collections stop freeing anything. */
    static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - now) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
