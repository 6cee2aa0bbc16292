package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.store.Indices;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.job.velocity.VelocityHit;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Collector;

/**
 * Keeps each order's state (keyed by orderId) and emits the order's new document after every event.
 *
 * <p>Thin glue over {@link OrderState}: dedup, ordering by occurredAt and conformance are core logic. What is
 * decided here is Flink's part: an event is <em>late</em> when its occurredAt is already behind the watermark
 * (it is applied all the same), and state is cleared by an event-time timer {@code finishedRetention} after the
 * last event of a finished order, or {@code abandonedRetention} after the last event of one that never finished.
 * The timer moves with every event, so an order that keeps receiving events keeps its state.
 */
public final class OrderStateFunction
        extends KeyedBroadcastProcessFunction<String, OrderEvent, RuleChange, OrderUpdate> {

    /** The current rules by id, as JSON; broadcast to every instance. */
    public static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, Types.STRING);
    /** Orders to judge under rules (STEP_SLA and STALL), for the rule evaluator. */
    public static final OutputTag<RuleWork> RULE_WORK = new OutputTag<>("rule-work", TypeInformation.of(RuleWork.class));
    /** Events counted by VELOCITY rules, for the velocity evaluator (keyed by rule and segment). */
    public static final OutputTag<VelocityHit> VELOCITY_HITS =
            new OutputTag<>("velocity-hits", TypeInformation.of(VelocityHit.class));
    static final ValueStateDescriptor<byte[]> ORDER = new ValueStateDescriptor<>("order",
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final long serialVersionUID = 1L;

    private final Lifecycle lifecycle;
    private final Indices indices;
    private final long finishedRetentionMillis;
    private final long abandonedRetentionMillis;

    private transient OrderStateCodec codec;
    private transient RuleBook rules;
    private transient ValueState<byte[]> orderState;
    private transient ValueState<Long> cleanupAt;
    private transient Counter eventsApplied;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
    private transient Counter conformanceViolations;
    private transient Counter statesCleared;

    public OrderStateFunction(Lifecycle lifecycle, Indices indices, Duration finishedRetention,
            Duration abandonedRetention) {
        this.lifecycle = lifecycle;
        this.indices = indices;
        this.finishedRetentionMillis = finishedRetention.toMillis();
        this.abandonedRetentionMillis = abandonedRetention.toMillis();
    }

    public OrderStateFunction(Lifecycle lifecycle, Indices indices, EngineConfig config) {
        this(lifecycle, indices, config.finishedRetention(), config.abandonedRetention());
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new OrderStateCodec(lifecycle);
        rules = new RuleBook(lifecycle);
        orderState = getRuntimeContext().getState(ORDER);
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        eventsApplied = metrics.counter("eventsApplied");
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        conformanceViolations = metrics.counter("conformanceViolations");
        statesCleared = metrics.counter("orderStatesCleared");
    }

    @Override
    public void processElement(OrderEvent event, ReadOnlyContext ctx, Collector<OrderUpdate> out) throws Exception {
        byte[] stored = orderState.value();
        OrderState state = stored == null ? new OrderState(event.orderId()) : codec.decode(stored);
        boolean late = ctx.timestamp() != null && ctx.timestamp() <= ctx.timerService().currentWatermark();
        int violationsBefore = state.violations();
        OrderState.Outcome outcome = state.apply(event, late, lifecycle);
        switch (outcome) {
            case APPLIED, OVERFLOW -> eventsApplied.inc();
            case DUPLICATE -> duplicateEvents.inc();
        }
        if (late && outcome != OrderState.Outcome.DUPLICATE) {
            lateEvents.inc();
        }
        conformanceViolations.inc(Math.max(0, state.violations() - violationsBefore));
        byte[] encoded = codec.encode(state);
        orderState.update(encoded);
        scheduleCleanup(state, ctx.timerService());
        out.collect(new OrderUpdate(state.orderId(), indices.ordersFor(state.partitionTime()), state.revision(),
                OrderDocument.toBytes(state, lifecycle)));
        if (outcome == OrderState.Outcome.APPLIED) {
            for (Map.Entry<String, String> r : ctx.getBroadcastState(RULES).immutableEntries()) {
                Rule rule = rules.parse(r.getValue());
                if (isPattern(rule) && rule.appliesTo(state.attributes())) {
                    ctx.output(RULE_WORK, evaluate(r.getValue(), rule, state.orderId(), encoded));
                } else if (countsVelocity(rule, event) && rule.appliesTo(state.attributes())) {
                    // by the order's merged attributes: a payment event need not repeat the country
                    VelocityHit hit = VelocityHit.of(rule, state.attributes(), event.occurredAt().toEpochMilli());
                    if (hit != null) { // an order without a groupBy attribute counts toward no segment
                        ctx.output(VELOCITY_HITS, hit);
                    }
                }
            }
        }
    }

    /**
     * A rule was created, changed or deleted: every in-flight order in its old or new scope is sent to the evaluator
     * once, so the change reaches orders already waiting (their deadlines are recomputed from their recorded step
     * times) and not only new ones.
     */
    @Override
    public void processBroadcastElement(RuleChange change, Context ctx, Collector<OrderUpdate> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(RULES);
        Rule before = rules.parse(state.get(change.ruleId()));
        Rule after = rules.parse(change.json());
        if (before != null && after != null && after.version() <= before.version()) {
            return; // a repeat (the web server republishes every rule when it starts) or an overtaken version
        }
        if (change.json() == null) {
            state.remove(change.ruleId());
        } else if (after != null) {
            state.put(change.ruleId(), change.json());
        } else {
            return; // invalid: keep the previous version
        }
        boolean wasActive = isPattern(before) && before.enabled();
        boolean isActive = isPattern(after) && after.enabled();
        if (!wasActive && !isActive) {
            return;
        }
        ctx.applyToKeyedState(ORDER, (orderId, order) -> {
            byte[] bytes = order.value();
            if (bytes == null) {
                return;
            }
            Map<String, String> attributes = codec.decode(bytes).attributes();
            if (isActive && after.appliesTo(attributes)) {
                ctx.output(RULE_WORK, evaluate(change.json(), after, orderId, bytes));
            } else if (wasActive && before.appliesTo(attributes)) {
                ctx.output(RULE_WORK, new RuleWork(RuleWork.Kind.RETIRE, change.ruleId(), orderId, null, null));
            }
        });
    }

    private static boolean countsVelocity(Rule rule, OrderEvent event) {
        return rule != null && rule.kind() == RuleKind.VELOCITY && rule.enabled()
                && rule.eventType().equals(event.type());
    }

    private static boolean isPattern(Rule rule) {
        return rule != null && rule.kind() != RuleKind.VELOCITY;
    }

    private static RuleWork evaluate(String json, Rule rule, String orderId, byte[] order) {
        return new RuleWork(RuleWork.Kind.EVALUATE, rule.id(), orderId, json, order);
    }

    private void scheduleCleanup(OrderState state, TimerService timers) throws Exception {
        long retention = state.isTerminal(lifecycle) ? finishedRetentionMillis : abandonedRetentionMillis;
        EventTimeTimer.moveTo(cleanupAt, timers, state.lastEventAt().toEpochMilli() + retention);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        Long at = cleanupAt.value();
        if (at != null && at == timestamp) {
            // The document in Elasticsearch stays; only the job's working copy goes.
            orderState.clear();
            cleanupAt.clear();
            statesCleared.inc();
            for (Map.Entry<String, String> r : ctx.getBroadcastState(RULES).immutableEntries()) {
                Rule rule = rules.parse(r.getValue());
                if (isPattern(rule)) { // the evaluator forgets it too (open stalls stay open: the order is stuck)
                    ctx.output(RULE_WORK, new RuleWork(RuleWork.Kind.FORGET, rule.id(), ctx.getCurrentKey(), null,
                            null));
                }
            }
        }
    }
}
