package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertLedger;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.job.rules.RuleEvaluator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges one order under one rule (keyed by both) with the rule's compiled CEP pattern, keeps the alerts it raised,
 * and wakes up at the next deadline (an event-time timer, so the breach is flagged once the watermark — which
 * trails event time by the allowed lateness — passes it). Every evaluation replays the order from scratch
 * (docs/rule-engine.md); keyed state is just the last order snapshot, its alerts and the timer. State is cleared
 * once the order is finished and nothing is open or waiting, or when the rule goes away.
 */
public final class RuleEvaluatorFunction extends KeyedBroadcastProcessFunction<String, RuleWork, RuleChange, AlertUpdate> {

    private static final long serialVersionUID = 1L;

    private final Lifecycle lifecycle;
    private final WallClock clock;

    private transient RuleEvaluator evaluator;
    private transient RuleBook rules;
    private transient OrderStateCodec codec;
    private transient ValueState<byte[]> order;
    private transient ValueState<String> ruleJson;
    private transient MapState<String, String> alerts;
    private transient ValueState<Long> wakeUp;
    private transient Counter alertsChanged;

    public RuleEvaluatorFunction(Lifecycle lifecycle, WallClock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        evaluator = new RuleEvaluator(lifecycle);
        rules = new RuleBook(lifecycle);
        codec = new OrderStateCodec(lifecycle);
        order = getRuntimeContext().getState(
                new ValueStateDescriptor<>("order", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        ruleJson = getRuntimeContext().getState(new ValueStateDescriptor<>("rule", Types.STRING));
        alerts = getRuntimeContext().getMapState(new MapStateDescriptor<>("alerts", Types.STRING, Types.STRING));
        wakeUp = getRuntimeContext().getState(new ValueStateDescriptor<>("wake-up", Types.LONG));
        alertsChanged = getRuntimeContext().getMetricGroup().counter("alertsChanged");
    }

    @Override
    public void close() {
        if (evaluator != null) {
            evaluator.close();
        }
    }

    @Override
    public void processElement(RuleWork work, ReadOnlyContext ctx, Collector<AlertUpdate> out) throws Exception {
        switch (work.kind()) {
            case EVALUATE -> {
                order.update(work.order());
                ruleJson.update(work.ruleJson());
                evaluate(ctx.timerService(), out);
            }
            case RETIRE -> {
                emit(AlertLedger.retire(current().values(), Instant.ofEpochMilli(clock.millis())), out);
                clear(ctx.timerService());
            }
            case FORGET -> clear(ctx.timerService());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertUpdate> out) throws Exception {
        Long due = wakeUp.value();
        if (due == null || due != timestamp) {
            return;
        }
        wakeUp.clear();
        // judge by the newest version this instance knows; a deletion arrives as a RETIRE work item
        String ruleId = ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('\u0000'));
        String latest = ctx.getBroadcastState(OrderStateFunction.RULES).get(ruleId);
        Rule stored = rules.parse(ruleJson.value());
        Rule newest = rules.parse(latest);
        if (newest != null && (stored == null || newest.version() > stored.version())) {
            ruleJson.update(latest);
        }
        evaluate(ctx.timerService(), out);
    }

    @Override
    public void processBroadcastElement(RuleChange change, Context ctx, Collector<AlertUpdate> out) throws Exception {
        if (change.json() == null) {
            ctx.getBroadcastState(OrderStateFunction.RULES).remove(change.ruleId());
        } else if (rules.parse(change.json()) != null) {
            ctx.getBroadcastState(OrderStateFunction.RULES).put(change.ruleId(), change.json());
        }
    }

    private void evaluate(TimerService timers, Collector<AlertUpdate> out) throws Exception {
        Rule rule = rules.parse(ruleJson.value());
        byte[] bytes = order.value();
        if (rule == null || bytes == null || rule.kind() == RuleKind.VELOCITY) {
            return;
        }
        OrderState state = codec.decode(bytes);
        long watermark = timers.currentWatermark();
        RuleEvaluator.Evaluation evaluation = evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark);
        Map<String, Alert> before = current();
        List<Alert> changed = AlertLedger.reconcile(before, evaluation.findings(), rule, state.orderId(),
                state.attributes(), AlertLedger.whyVanished(rule, state.status(), lifecycle),
                Instant.ofEpochMilli(clock.millis()));
        emit(changed, out);

        Long next = evaluation.nextDeadline();
        EventTimeTimer.moveTo(wakeUp, timers, next);
        if (next == null && current().values().stream().allMatch(Alert::isOver)) {
            // nothing open, nothing waiting: most orders meet their SLAs and then cost this operator nothing
            if (state.isTerminal(lifecycle) || alerts.isEmpty()) {
                clear(timers); // the alerts live on in Elasticsearch
            } else {
                order.clear(); // keep the resolved alerts, so a later event does not raise them again
                ruleJson.clear();
            }
        }
    }

    private Map<String, Alert> current() throws Exception {
        Map<String, Alert> result = new HashMap<>();
        for (Map.Entry<String, String> e : alerts.entries()) {
            result.put(e.getKey(), Json.mapper().readValue(e.getValue(), Alert.class));
        }
        return result;
    }

    private void emit(List<Alert> changed, Collector<AlertUpdate> out) throws Exception {
        for (Alert a : changed) {
            String json = Json.write(a);
            alerts.put(a.id(), json);
            out.collect(new AlertUpdate(a.id(), a.revision(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            alertsChanged.inc();
        }
    }

    private void clear(TimerService timers) throws Exception {
        EventTimeTimer.moveTo(wakeUp, timers, null);
        order.clear();
        ruleJson.clear();
        alerts.clear();
    }
}
