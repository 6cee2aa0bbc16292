package io.bpmon.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderArchive;
import io.bpmon.core.store.OrderPartitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * {@link OrderStateFunction} in Flink's keyed operator test harness, in the vocabulary of the tests: send an event
 * (its event time is its {@code occurredAt}), move the watermark, read the emitted documents and the operator's
 * counters. One instance per test; {@link #close()} it.
 *
 * <p>Its {@link OrderArchive} is the store as the sinks would leave it: the newest emitted document of each order and
 * the newest version of each alert, so an order whose state retention dropped is read back from what was emitted.
 */
final class OrderStateHarness implements AutoCloseable {

    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    static final Indices INDICES = new Indices("test");
    /** A year of stored orders, as by default. */
    static final OrderPartitions PARTITIONS = new OrderPartitions(INDICES, Duration.ofDays(365));
    /** The operator's wall clock (detection times of alerts); tests set and move it. */
    static final AtomicLong WALL = new AtomicLong(Instant.parse("2026-11-28T12:00:00Z").toEpochMilli());

    private final Duration finishedRetention;
    private final Duration abandonedRetention;
    private final MockEnvironment environment;
    private final CapturingTaskMetricGroup metrics;
    private final KeyedBroadcastHarness harness;
    /** Orders the store lost (index deleted, document refused): the archive does not find them. */
    private final Set<String> lost = new HashSet<>();
    private final List<String> archiveReads = new java.util.ArrayList<>();

    private OrderStateHarness(Duration finishedRetention, Duration abandonedRetention, OperatorSubtaskState restore)
            throws Exception {
        this(finishedRetention, abandonedRetention, restore, false);
    }

    private OrderStateHarness(Duration finishedRetention, Duration abandonedRetention, OperatorSubtaskState restore,
            boolean judgeEveryRule) throws Exception {
        this(finishedRetention, abandonedRetention, restore, judgeEveryRule, null);
    }

    /** @param rollup the roll-up's settings as the job reads them; null: the default roll-up */
    private OrderStateHarness(Duration finishedRetention, Duration abandonedRetention, OperatorSubtaskState restore,
            boolean judgeEveryRule, io.bpmon.core.config.RollupConfig rollup) throws Exception {
        this.finishedRetention = finishedRetention;
        this.abandonedRetention = abandonedRetention;
        this.metrics = new CapturingTaskMetricGroup();
        this.environment = new MockEnvironmentBuilder().setMetricGroup(metrics).build();
        io.bpmon.core.config.EngineConfig defaults = io.bpmon.core.config.EngineConfig.defaults();
        OrderStateFunction function = rollup == null
                ? new OrderStateFunction(LIFECYCLE, PARTITIONS, () -> this::findStored, finishedRetention,
                        abandonedRetention, WALL::get)
                : new OrderStateFunction(LIFECYCLE, PARTITIONS, () -> this::findStored,
                        new io.bpmon.core.config.EngineConfig(defaults.allowedLateness(), defaults.maxClockSkew(),
                                finishedRetention, abandonedRetention, defaults.checkpointInterval(), null,
                                defaults.parallelism(), defaults.lifecycle(), defaults.maxFuture(), defaults.rest(),
                                rollup),
                        WALL::get);
        this.harness = new KeyedBroadcastHarness(new OrderStateOperator(
                judgeEveryRule ? function.judgingEveryRuleOnEveryEvent() : function,
                List.of(OrderStateFunction.RULES)), environment);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        harness.rulesNeverHoldBackTime();
    }

    static OrderStateHarness open(Duration finishedRetention, Duration abandonedRetention) throws Exception {
        return new OrderStateHarness(finishedRetention, abandonedRetention, null);
    }

    /** An operator with the job's constructor and these roll-up settings (e.g. {@code BPMON_ROLLUP_ENABLED=false}). */
    static OrderStateHarness withRollup(io.bpmon.core.config.RollupConfig rollup) throws Exception {
        return new OrderStateHarness(Duration.ofDays(7), Duration.ofDays(30), null, false, rollup);
    }

    /** An operator that judges every rule in scope after every event, without the index (docs/rule-engine.md). */
    static OrderStateHarness judgingEveryRule(Duration finishedRetention, Duration abandonedRetention)
            throws Exception {
        return new OrderStateHarness(finishedRetention, abandonedRetention, null, true);
    }

    /** A fresh operator (same retention settings) started from a snapshot of this one. */
    OrderStateHarness restoredFrom(OperatorSubtaskState snapshot) throws Exception {
        return new OrderStateHarness(finishedRetention, abandonedRetention, snapshot);
    }

    private Optional<OrderArchive.ArchivedOrder> findStored(String orderId, Instant partitionTime) {
        archiveReads.add(orderId);
        String index = PARTITIONS.index(partitionTime);
        if (lost.contains(orderId)) {
            return Optional.empty();
        }
        Optional<OrderUpdate> newest = updates().stream()
                .filter(u -> u.orderId().equals(orderId) && u.index().equals(index))
                .reduce((a, b) -> b.revision() > a.revision() ? b : a);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Alert> newestAlerts = new java.util.LinkedHashMap<>();
        alerts().stream().filter(a -> orderId.equals(a.orderId()))
                .forEach(a -> newestAlerts.merge(a.id(), a, (x, y) -> y.revision() > x.revision() ? y : x));
        return Optional.of(new OrderArchive.ArchivedOrder(
                OrderDocument.toState(document(newest.get()), partitionTime, LIFECYCLE), List.copyOf(newestAlerts.values())));
    }

    /** The store no longer has this order (its index was deleted): the archive will not find it. */
    void loseStored(String orderId) {
        lost.add(orderId);
    }

    /** The orders the operator looked up in the archive, in order. */
    List<String> archiveReads() {
        return List.copyOf(archiveReads);
    }

    /** Sends one event with its occurredAt as event time; returns the update the operator emitted for it. */
    OrderUpdate send(OrderEvent event) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement1(new StreamRecord<>(event, event.occurredAt().toEpochMilli()));
        List<OrderUpdate> out = harness.extractOutputValues();
        if (out.size() != before + 1) {
            throw new AssertionError("expected exactly one update for " + event.eventId() + ", got "
                    + (out.size() - before));
        }
        return out.get(out.size() - 1);
    }

    /** Sends the events in the given order; returns the document of the last update. */
    JsonNode sendAll(OrderEvent... events) throws Exception {
        OrderUpdate last = null;
        for (OrderEvent e : events) {
            last = send(e);
        }
        return last == null ? null : document(last);
    }

    void watermark(Instant at) throws Exception {
        harness.processWatermark1(at.toEpochMilli());
    }

    void watermark(long millis) throws Exception {
        harness.processWatermark1(millis);
    }

    /** Sends a rule (JSON as on the rules topic, null = deleted) on the broadcast input. */
    void rule(String ruleId, String json) throws Exception {
        harness.processElement2(new StreamRecord<>(new RuleChange(ruleId, json)));
    }

    /** What the operator sent to the velocity evaluator. */
    List<io.bpmon.job.VelocityHit> velocityHits() {
        var out = harness.getSideOutput(OrderStateFunction.VELOCITY_HITS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /** What the operator sent to the daily roll-up, in order (docs/daily-rollup.md). */
    List<RollupDelta> rollupDeltas() {
        var out = harness.getSideOutput(RollupDeltas.DELTAS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /** The order-state records (docs/order-states.md) the operator emitted, in order, parsed. */
    List<JsonNode> orderStates() {
        var out = harness.getSideOutput(OrderStateFunction.ORDER_STATES);
        return out == null ? List.of() : out.stream().map(r -> {
            try {
                return Json.mapper().readTree(r.getValue().json());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The rule versions the operator acknowledged, in order. */
    List<RuleApplied> rulesApplied() {
        var out = harness.getSideOutput(OrderStateFunction.RULES_APPLIED);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /** Every alert version the operator emitted, in order. */
    List<Alert> alerts() {
        var out = harness.getSideOutput(OrderStateFunction.ALERTS);
        return out == null ? List.of() : out.stream().map(r -> {
            try {
                return Json.mapper().readValue(r.getValue().json(), Alert.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The newest version of the alert emitted last; fails if there is none. */
    Alert lastAlert() {
        List<Alert> all = alerts();
        if (all.isEmpty()) {
            throw new AssertionError("no alert emitted");
        }
        return all.get(all.size() - 1);
    }

    List<OrderUpdate> updates() {
        return harness.extractOutputValues();
    }

    int keyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    int eventTimeTimers() {
        return harness.numEventTimeTimers();
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1L, 1L);
    }

    /** The current count of one of the operator's counters, e.g. {@code lateEvents}. */
    long counter(String name) {
        Object metric = metrics.operator.get(name);
        if (!(metric instanceof Counter counter)) {
            throw new AssertionError("no counter '" + name + "' registered, metric is " + metric);
        }
        return counter.getCount();
    }

    static JsonNode document(OrderUpdate update) {
        try {
            return Json.mapper().readTree(update.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The timeline entry of the event with this id in a document, or fails. */
    static JsonNode entry(JsonNode document, String eventId) {
        for (JsonNode e : document.get("events")) {
            if (e.get("eventId").asText().equals(eventId)) {
                return e;
            }
        }
        throw new AssertionError("no event " + eventId + " in " + document.get("events"));
    }

    @Override
    public void close() throws Exception {
        try {
            harness.close();
        } finally {
            environment.close();
        }
    }

    /** Hands every operator the same metric group that remembers what was registered on it. */
    /**
     * Flink's keyed two-input harness cannot take an environment (and so no metric group); this one can. Input 1 is
     * keyed by orderId, input 2 is the broadcast rules.
     */
    private static final class KeyedBroadcastHarness extends AbstractStreamOperatorTestHarness<OrderUpdate> {
        private final OrderStateOperator operator;

        KeyedBroadcastHarness(OrderStateOperator operator,
                MockEnvironment environment) throws Exception {
            super(operator, environment);
            this.operator = operator;
            KeySelector<OrderEvent, String> byOrder = OrderEvent::orderId;
            config.setStatePartitioner(0, byOrder);
            config.setStateKeySerializer(Types.STRING.createSerializer(executionConfig.getSerializerConfig()));
            config.serializeAllConfigs();
        }

        void processElement1(StreamRecord<OrderEvent> record) throws Exception {
            operator.setKeyContextElement1(record);
            operator.processElement1(record);
        }

        void processElement2(StreamRecord<RuleChange> record) throws Exception {
            operator.processElement2(record);
        }

        void processWatermark1(long millis) throws Exception {
            operator.processWatermark1(new Watermark(millis));
        }

        void rulesNeverHoldBackTime() throws Exception {
            operator.processWatermark2(new Watermark(Long.MAX_VALUE));
        }

        int numKeyedStateEntries() {
            return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) operator.getKeyedStateBackend())
                    .numKeyValueStateEntries();
        }
    }

    private static final class CapturingTaskMetricGroup extends UnregisteredMetricGroups.UnregisteredTaskMetricGroup {
        final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

        @Override
        public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> vars) {
            return operator;
        }
    }
}
