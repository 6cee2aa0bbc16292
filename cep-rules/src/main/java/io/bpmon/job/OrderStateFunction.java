package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
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
public final class OrderStateFunction extends KeyedProcessFunction<String, OrderEvent, OrderUpdate> {

    private static final long serialVersionUID = 1L;

    private final Lifecycle lifecycle;
    private final Indices indices;
    private final long finishedRetentionMillis;
    private final long abandonedRetentionMillis;

    private transient OrderStateCodec codec;
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
        orderState = getRuntimeContext().getState(new ValueStateDescriptor<>("order",
                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        eventsApplied = metrics.counter("eventsApplied");
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        conformanceViolations = metrics.counter("conformanceViolations");
        statesCleared = metrics.counter("orderStatesCleared");
    }

    @Override
    public void processElement(OrderEvent event, Context ctx, Collector<OrderUpdate> out) throws Exception {
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
        orderState.update(codec.encode(state));
        scheduleCleanup(state, ctx);
        out.collect(new OrderUpdate(state.orderId(), indices.ordersFor(state.partitionTime()), state.revision(),
                Json.writeBytes(OrderDocument.of(state, lifecycle))));
    }

    private void scheduleCleanup(OrderState state, Context ctx) throws Exception {
        long retention = state.isTerminal(lifecycle) ? finishedRetentionMillis : abandonedRetentionMillis;
        long at = state.lastEventAt().toEpochMilli() + retention;
        Long current = cleanupAt.value();
        if (current != null && current == at) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        ctx.timerService().registerEventTimeTimer(at);
        cleanupAt.update(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        Long at = cleanupAt.value();
        if (at != null && at == timestamp) {
            // The document in Elasticsearch stays; only the job's working copy goes.
            orderState.clear();
            cleanupAt.clear();
            statesCleared.inc();
        }
    }
}
