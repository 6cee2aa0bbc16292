package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertLedger;
import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.order.OrderStateRecord;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rollup.RollupContribution;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.store.OrderArchive;
import io.bpmon.core.store.OrderPartitions;
import io.bpmon.job.rules.RuleEvaluator;
import io.bpmon.job.rules.RuleIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each order's state (keyed by orderId), emits the order's new document after every event, and judges the
 * order under every STEP_SLA and STALL rule whose scope it matches, right there: the rules see the order state the
 * operator already holds, so an event costs one state read and no records per rule (docs/rule-engine.md).
 *
 * <p>Order state is thin glue over {@link OrderState}: dedup, ordering by occurredAt and conformance are core logic.
 * What is decided here is Flink's part: an event is <em>late</em> when its occurredAt is already behind the watermark
 * (it is applied all the same), and state is cleared by an event-time timer {@code finishedRetention} after the last
 * event of a finished order, or {@code abandonedRetention} after the last event of one that never finished.
 *
 * <p>A cleared order leaves a few bytes behind (its partition time) for as long as its stored document can exist:
 * an event that arrives for it later (a return three weeks after delivery) reads the stored order and its alerts back
 * from the {@link OrderArchive} and continues it, status, timeline, duplicates and revision, as if the state had been
 * kept (docs/contract.md, dropped state). Without that marker the order would start again at revision 1, and the store
 * would keep the older, higher revision: the event would vanish. Orders never seen before cost no lookup.
 *
 * <p>Rules: after each new event the order is judged under the enabled pattern rules in scope that the event can
 * affect ({@link RuleIndex}; every rule in scope when the index cannot tell) — {@link RuleEvaluator} replays the
 * order's step events through the rule's compiled CEP pattern up to the watermark; the alerts raised so far are kept
 * per order, and a second timer wakes the order at (or before) its next deadline (docs/rule-engine.md, the index).
 * A rule change (broadcast side) re-judges every in-flight order in the rule's old or new scope, so in-flight deadlines follow the new version;
 * a disabled or deleted rule resolves its open alerts. VELOCITY rules count events per segment in
 * {@link io.bpmon.job.VelocityFunction}; this operator sends it the events they count.
 */
public final class OrderStateFunction
        extends KeyedBroadcastProcessFunction<String, OrderEvent, RuleChange, OrderUpdate> {

    /** The current rules by id, as JSON; broadcast to every instance. */
    public static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, Types.STRING);
    /** New and changed alerts of STEP_SLA and STALL rules. */
    public static final OutputTag<AlertUpdate> ALERTS = new OutputTag<>("alerts", TypeInformation.of(AlertUpdate.class));
    /** Every revision of an order's state, for analysts (docs/order-states.md). */
    public static final OutputTag<OrderStateChange> ORDER_STATES =
            new OutputTag<>("order-states", TypeInformation.of(OrderStateChange.class));
    /** Rule versions this instance applies from now on (the job's acknowledgement of a rule change). */
    public static final OutputTag<RuleApplied> RULES_APPLIED =
            new OutputTag<>("rules-applied", TypeInformation.of(RuleApplied.class));
    /** Events counted by VELOCITY rules, for the velocity evaluator (keyed by rule and segment). */
    public static final OutputTag<VelocityHit> VELOCITY_HITS =
            new OutputTag<>("velocity-hits", TypeInformation.of(VelocityHit.class));
    static final ValueStateDescriptor<byte[]> ORDER = new ValueStateDescriptor<>("order",
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final long serialVersionUID = 1L;

    private final Lifecycle lifecycle;
    private final OrderPartitions partitions;
    private final OrderArchive.Factory archiveFactory;
    private final WallClock clock;
    private final long finishedRetentionMillis;
    private final long abandonedRetentionMillis;
    /** Tests only: judge every rule in scope after every event, as before the index (docs/rule-engine.md). */
    private boolean judgeEveryRule;
    /** The order's contribution to the daily roll-up, before and after each change (docs/daily-rollup.md). */
    private RollupDeltas rollup;

    private transient OrderStateCodec codec;
    private transient OrderArchive archive;
    private transient RuleBook rules;
    private transient RuleEvaluator evaluator;
    /** The current rules, indexed; null when a rule changed since it was built. */
    private transient RuleIndex index;
    private transient TimerService timers;
    private transient ValueState<byte[]> orderState;
    private transient ValueState<Long> cleanupAt;
    private transient ValueState<Long> deadlineAt;
    /** The partition time (epoch ms) of an order whose state retention dropped; its document is in that index. */
    private transient ValueState<Long> dropped;
    private transient MapState<String, String> alerts;
    private transient Counter eventsApplied;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
    private transient Counter conformanceViolations;
    private transient Counter statesCleared;
    private transient Counter ordersRevived;
    private transient Counter alertsChanged;
    /** Alert changes emitted by this instance: a timer or rule change that moved it also changed the order's record. */
    private transient long alertsEmitted;

    public OrderStateFunction(Lifecycle lifecycle, OrderPartitions partitions, OrderArchive.Factory archive,
            Duration finishedRetention, Duration abandonedRetention, WallClock clock) {
        this.lifecycle = lifecycle;
        this.partitions = partitions;
        this.archiveFactory = archive;
        this.clock = clock;
        this.finishedRetentionMillis = finishedRetention.toMillis();
        this.abandonedRetentionMillis = abandonedRetention.toMillis();
        this.rollup = new RollupDeltas(io.bpmon.core.config.RollupConfig.DEFAULT_SEGMENT_BY, lifecycle);
    }

    public OrderStateFunction(Lifecycle lifecycle, OrderPartitions partitions, OrderArchive.Factory archive,
            EngineConfig config, WallClock clock) {
        this(lifecycle, partitions, archive, config.finishedRetention(), config.abandonedRetention(), clock);
        this.rollup = config.rollup().enabled() ? new RollupDeltas(config.rollup().segmentBy(), lifecycle) : null;
    }

    /**
     * Tests only: judges every rule in the order's scope after every event instead of the rules the event can affect,
     * the behaviour the index must match exactly.
     */
    OrderStateFunction judgingEveryRuleOnEveryEvent() {
        this.judgeEveryRule = true;
        return this;
    }

    /** The operator's timer service, for the broadcast side ({@link OrderStateOperator}). */
    void useTimers(TimerService timerService) {
        this.timers = timerService;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new OrderStateCodec(lifecycle);
        archive = archiveFactory.open();
        rules = new RuleBook(lifecycle);
        evaluator = new RuleEvaluator(lifecycle);
        orderState = getRuntimeContext().getState(ORDER);
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        deadlineAt = getRuntimeContext().getState(new ValueStateDescriptor<>("next-deadline", Types.LONG));
        dropped = getRuntimeContext().getState(new ValueStateDescriptor<>("dropped-partition", Types.LONG));
        alerts = getRuntimeContext().getMapState(new MapStateDescriptor<>("alerts", Types.STRING, Types.STRING));
        var metrics = getRuntimeContext().getMetricGroup();
        eventsApplied = metrics.counter("eventsApplied");
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        conformanceViolations = metrics.counter("conformanceViolations");
        statesCleared = metrics.counter("orderStatesCleared");
        ordersRevived = metrics.counter("ordersRevived");
        alertsChanged = metrics.counter("alertsChanged");
    }

    @Override
    public void close() {
        if (evaluator != null) {
            evaluator.close();
        }
        if (archive != null) {
            archive.close();
        }
    }

    @Override
    public void processElement(OrderEvent event, ReadOnlyContext ctx, Collector<OrderUpdate> out) throws Exception {
        byte[] stored = orderState.value();
        OrderState state = stored != null ? codec.decode(stored) : newOrStored(event, ctx.timerService());
        // what the index needs to know of the order before the event: whether it is new (not even in the store),
        // else when its last event happened and whether the event changes its attributes
        boolean fresh = stored == null && state.revision() == 0;
        Instant lastBefore = stored != null ? state.lastEventAt() : null;
        boolean keepsAttributes = stored != null && keepsAttributes(state.attributes(), event.attributes());
        boolean late = ctx.timestamp() != null && ctx.timestamp() <= ctx.timerService().currentWatermark();
        int violationsBefore = state.violations();
        RollupContribution rollupBefore =
                rollup == null || state.revision() == 0 ? null
                        : contribution(state, ctx.getBroadcastState(RULES), alertsByRule());
        OrderState.Outcome outcome = state.apply(event, late, lifecycle);
        switch (outcome) {
            case APPLIED, OVERFLOW -> eventsApplied.inc();
            case DUPLICATE -> duplicateEvents.inc();
        }
        if (late && outcome != OrderState.Outcome.DUPLICATE) {
            lateEvents.inc();
        }
        conformanceViolations.inc(Math.max(0, state.violations() - violationsBefore));
        orderState.update(codec.encode(state));
        scheduleCleanup(state, ctx.timerService());
        out.collect(new OrderUpdate(state.orderId(), partitions.index(state.partitionTime()), state.revision(),
                OrderDocument.toBytes(state, lifecycle), late, event.origin()));
        if (outcome == OrderState.Outcome.APPLIED) {
            RuleIndex indexed = ruleIndex(ctx.getBroadcastState(RULES));
            for (Rule rule : indexed.velocity(event.type(), state.attributes())) {
                // by the order's merged attributes: a payment event need not repeat the country
                VelocityHit hit = VelocityHit.of(rule, state.attributes(), event.occurredAt().toEpochMilli());
                if (hit != null) { // an order without a groupBy attribute counts toward no segment
                    ctx.output(VELOCITY_HITS, hit);
                }
            }
            if (indexed.hasPatterns() || !alerts.isEmpty()) {
                long watermark = ctx.timerService().currentWatermark();
                long time = event.occurredAt().toEpochMilli();
                Long deadline = deadlineAt.value();
                boolean appendedInOrder = fresh
                        || keepsAttributes && lastBefore != null && time > lastBefore.toEpochMilli();
                if (!judgeEveryRule && appendedInOrder && time > watermark && (deadline == null || time < deadline)) {
                    // a new order's first event, or one appended in order, on time, before every deadline ahead:
                    // only the rules it can affect
                    List<StepEvent> steps = state.stepEvents();
                    RuleIndex.Appended appended = indexed.afterAppend(state.attributes(),
                            fresh ? null : steps.get(steps.size() - 2), steps.get(steps.size() - 1), watermark,
                            alerts.isEmpty() ? Set.of() : alertsByRule().keySet());
                    Long next = appended.judge().isEmpty() ? null
                            : judge(state, appended.judge(), watermark, ctx::output);
                    next = earlier(next, appended.deadline());
                    // the others' deadlines are unchanged: the timer only ever moves earlier here
                    if (next != null && (deadline == null || next < deadline)) {
                        moveDeadline(next, ctx.timerService());
                    }
                } else {
                    moveDeadline(judge(state, indexed.patterns(state.attributes()), watermark, ctx::output),
                            ctx.timerService());
                }
            }
        }
        // after judging: the record and the roll-up see the order's alerts as they are with this event (read once)
        Map<String, Map<String, Alert>> byRule = alertsByRule();
        if (rollup != null && outcome == OrderState.Outcome.APPLIED) {
            RollupDeltas.emit(rollupBefore, contribution(state, ctx.getBroadcastState(RULES), byRule),
                    d -> ctx.output(RollupDeltas.DELTAS, d));
        }
        ctx.output(ORDER_STATES, stateRecord(state, byRule));
    }

    /**
     * The order's record for the order-state topic, with its open alerts; emitted after every event, and without one
     * when a timer or a rule change altered the order's alerts ({@code alertChanges} then orders it after the
     * record of the same revision: docs/order-states.md).
     */
    private OrderStateChange stateRecord(OrderState state, Map<String, Map<String, Alert>> byRule) {
        int open = 0;
        long changes = 0;
        for (Map<String, Alert> ofRule : byRule.values()) {
            for (Alert a : ofRule.values()) {
                changes += a.revision();
                if (!a.isOver()) {
                    open++;
                }
            }
        }
        return new OrderStateChange(state.orderId(), state.revision(),
                OrderStateRecord.toBytes(state, lifecycle, open, changes));
    }

    /** The order's contribution to the daily roll-up under the current rules and its alerts (docs/daily-rollup.md). */
    private RollupContribution contribution(OrderState state, ReadOnlyBroadcastState<String, String> current,
            Map<String, Map<String, Alert>> byRule) throws Exception {
        return rollup.of(state, ruleIndex(current).patterns(state.attributes()), byRule);
    }

    /** Whether merging these event attributes (of an event later than all others) leaves the order's unchanged. */
    private static boolean keepsAttributes(Map<String, String> order, Map<String, String> event) {
        for (Map.Entry<String, String> a : event.entrySet()) {
            if (!a.getValue().equals(order.get(a.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Long earlier(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.min(a, b);
    }

    /** The current rules, indexed (built again after a rule change or a restart). */
    private RuleIndex ruleIndex(ReadOnlyBroadcastState<String, String> current) throws Exception {
        if (index == null) {
            List<Rule> all = new ArrayList<>();
            for (Map.Entry<String, String> r : current.immutableEntries()) {
                Rule rule = rules.parse(r.getValue());
                if (rule != null) {
                    all.add(rule);
                }
            }
            index = RuleIndex.of(all, lifecycle);
        }
        return index;
    }

    /**
     * The state an event without job state continues: the stored order when retention dropped the order's state
     * (with the alerts raised on it, so they resolve and are not raised twice), else a new order.
     */
    private OrderState newOrStored(OrderEvent event, TimerService timerService) throws Exception {
        Long droppedPartition = dropped.value();
        if (droppedPartition == null) {
            return new OrderState(event.orderId(), partitions.partitionTime(event.occurredAt(), event.receivedAt()));
        }
        Instant partition = Instant.ofEpochMilli(droppedPartition);
        dropped.clear();
        // the marker's timer; the order's other timers went with its state, so no other purpose shares this one
        timerService.deleteEventTimeTimer(partitions.deletedFrom(partition).toEpochMilli());
        Optional<OrderArchive.ArchivedOrder> stored = archive.find(event.orderId(), partition);
        if (stored.isEmpty()) {
            return new OrderState(event.orderId(), partition);
        }
        ordersRevived.inc();
        for (Alert a : stored.get().alerts()) {
            alerts.put(a.id(), Json.write(a));
        }
        return stored.get().state();
    }

    /**
     * A rule was created, changed or deleted: every in-flight order in its old or new scope is judged again at once,
     * so the change reaches orders already waiting (their deadlines are recomputed from their recorded step times)
     * and not only new ones; orders that left the rule (disabled, deleted, out of scope) get its open alerts resolved.
     */
    @Override
    public void processBroadcastElement(RuleChange change, Context ctx, Collector<OrderUpdate> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(RULES);
        Rule before = rules.parse(state.get(change.ruleId()));
        Rule after = rules.parse(change.json());
        if (before != null && after != null && after.version() <= before.version()) {
            return; // a repeat (the web server republishes every rule when it starts) or an overtaken version
        }
        RuleIndex previous = ruleIndex(state); // the roll-up's view of the orders before the change
        index = null;
        if (change.json() == null) {
            state.remove(change.ruleId());
        } else if (after != null) {
            state.put(change.ruleId(), change.json());
        } else {
            return; // invalid: keep the previous version
        }
        boolean wasActive = isPattern(before) && before.enabled();
        boolean isActive = isPattern(after) && after.enabled();
        if (wasActive || isActive) {
            rejudge(before, after, wasActive, isActive, previous, ctx);
        }
        ctx.output(RULES_APPLIED, after != null
                ? new RuleApplied(after.id(), after.version(), after.enabled(), false, clock.millis())
                : new RuleApplied(change.ruleId(), before == null ? 0 : before.version() + 1, false, true,
                        clock.millis()));
    }

    /** Judges every in-flight order in the old or new scope of a changed rule again. */
    private void rejudge(Rule before, Rule after, boolean wasActive, boolean isActive, RuleIndex previous, Context ctx)
            throws Exception {
        if (timers == null) {
            throw new IllegalStateException("OrderStateFunction must run in OrderStateOperator (see MonitorJob)");
        }
        long watermark = ctx.currentWatermark();
        ctx.applyToKeyedState(ORDER, (orderId, order) -> {
            byte[] bytes = order.value();
            if (bytes == null) {
                return;
            }
            OrderState st = codec.decode(bytes);
            long emittedBefore = alertsEmitted;
            boolean affected = rollup != null && (isActive && after.appliesTo(st.attributes())
                    || wasActive && before.appliesTo(st.attributes()));
            RollupContribution rollupBefore = affected
                    ? rollup.of(st, previous.patterns(st.attributes()), alertsByRule()) : null;
            if (isActive && after.appliesTo(st.attributes())) {
                Long next = judge(st, List.of(after), watermark, ctx::output);
                Long current = deadlineAt.value();
                // the other rules' deadlines are unknown here: wake at the earlier one and judge everything then
                if (next != null && (current == null || next < current)) {
                    moveDeadline(next, timers);
                }
            } else if (wasActive && before.appliesTo(st.attributes())) {
                emit(AlertLedger.retire(alertsOf(before.id()).values(), now()), ctx::output);
            }
            Map<String, Map<String, Alert>> byRule = alertsEmitted != emittedBefore || affected ? alertsByRule() : null;
            if (alertsEmitted != emittedBefore) {
                ctx.output(ORDER_STATES, stateRecord(st, byRule));
            }
            if (affected) {
                RollupDeltas.emit(rollupBefore, contribution(st, ctx.getBroadcastState(RULES), byRule),
                        d -> ctx.output(RollupDeltas.DELTAS, d));
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        Long dueDeadline = deadlineAt.value();
        if (dueDeadline != null && dueDeadline == timestamp) {
            deadlineAt.clear();
            byte[] bytes = orderState.value();
            if (bytes != null) {
                OrderState state = codec.decode(bytes);
                // every rule in scope: a timer may be early (the index only ever moves it earlier), this sets it right
                List<Rule> patterns = ruleIndex(ctx.getBroadcastState(RULES)).patterns(state.attributes());
                long emittedBefore = alertsEmitted;
                RollupContribution rollupBefore = rollup == null ? null : rollup.of(state, patterns, alertsByRule());
                moveDeadline(judge(state, patterns, ctx.timerService().currentWatermark(), ctx::output),
                        ctx.timerService());
                if (alertsEmitted != emittedBefore) {
                    Map<String, Map<String, Alert>> byRule = alertsByRule();
                    ctx.output(ORDER_STATES, stateRecord(state, byRule));
                    if (rollup != null) {
                        RollupDeltas.emit(rollupBefore, rollup.of(state, patterns, byRule),
                                d -> ctx.output(RollupDeltas.DELTAS, d));
                    }
                }
            }
        }
        Long dueCleanup = cleanupAt.value();
        if (dueCleanup != null && dueCleanup == timestamp) {
            // The documents in Elasticsearch stay; only the job's working copy goes (open stalls stay open: the order
            // is stuck, and its alert is the record of that). What remains is where to find it again, for as long as
            // the stored document exists.
            Instant partition = codec.decode(orderState.value()).partitionTime();
            orderState.clear();
            cleanupAt.clear();
            alerts.clear();
            EventTimeTimer.moveTo(deadlineAt, ctx.timerService(), null, cleanupAt);
            long storedUntil = partitions.deletedFrom(partition).toEpochMilli();
            if (storedUntil > timestamp) {
                dropped.update(partition.toEpochMilli());
                ctx.timerService().registerEventTimeTimer(storedUntil);
            }
            statesCleared.inc();
        } else if (orderState.value() == null) {
            Long droppedPartition = dropped.value();
            if (droppedPartition != null
                    && partitions.deletedFrom(Instant.ofEpochMilli(droppedPartition)).toEpochMilli() == timestamp) {
                dropped.clear(); // retention deletes the stored order now: nothing left to continue
            }
        }
    }

    /** Where alert updates go: the side output of whichever context is current. */
    @FunctionalInterface
    private interface AlertOutput {
        void output(OutputTag<AlertUpdate> tag, AlertUpdate update);
    }

    /**
     * Judges the order under the given rules now, emits the alerts that changed, and returns the earliest deadline
     * still ahead (null: nothing waits).
     */
    private Long judge(OrderState state, List<Rule> patterns, long watermark, AlertOutput out) throws Exception {
        Map<String, Map<String, Alert>> byRule = alertsByRule();
        Instant now = now();
        Long next = null;
        for (Rule rule : patterns) {
            RuleEvaluator.Evaluation evaluation =
                    evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark);
            Map<String, Alert> before = byRule.getOrDefault(rule.id(), Map.of());
            if (!evaluation.findings().isEmpty() || !before.isEmpty()) {
                emit(AlertLedger.reconcile(before, evaluation.findings(), rule, state.orderId(), state.attributes(),
                        AlertLedger.whyVanished(rule, state.status(), lifecycle), now), out);
            }
            Long due = evaluation.nextDeadline();
            if (due != null && (next == null || due < next)) {
                next = due;
            }
        }
        return next;
    }

    private Map<String, Map<String, Alert>> alertsByRule() throws Exception {
        if (alerts.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, Alert>> result = new HashMap<>();
        for (Map.Entry<String, String> e : alerts.entries()) {
            Alert a = Json.mapper().readValue(e.getValue(), Alert.class);
            result.computeIfAbsent(a.ruleId(), k -> new HashMap<>()).put(a.id(), a);
        }
        return result;
    }

    private Map<String, Alert> alertsOf(String ruleId) throws Exception {
        return alertsByRule().getOrDefault(ruleId, Map.of());
    }

    private void emit(List<Alert> changed, AlertOutput out) throws Exception {
        for (Alert a : changed) {
            String json = Json.write(a);
            alerts.put(a.id(), json);
            out.output(ALERTS, new AlertUpdate(a.id(), a.revision(), json.getBytes(StandardCharsets.UTF_8)));
            alertsChanged.inc();
            alertsEmitted++;
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static boolean isPattern(Rule rule) {
        return rule != null && rule.kind() != RuleKind.VELOCITY;
    }

    private void moveDeadline(Long at, TimerService timerService) throws Exception {
        EventTimeTimer.moveTo(deadlineAt, timerService, at, cleanupAt);
    }

    private void scheduleCleanup(OrderState state, TimerService timerService) throws Exception {
        long retention = state.isTerminal(lifecycle) ? finishedRetentionMillis : abandonedRetentionMillis;
        EventTimeTimer.moveTo(cleanupAt, timerService, state.lastEventAt().toEpochMilli() + retention, deadlineAt);
    }
}
