package io.bpmon.bench;

import io.bpmon.core.alerts.Finding;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.job.rules.RuleEvaluator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * bpmon's rule engine on one thread, outside Flink, as the job's order operator runs it (OrderStateFunction): per
 * event the order's state is decoded, the event applied, the state encoded again, and a new event judged under every
 * rule in scope ({@link RuleEvaluator}: the CEP replay, or its shortcut); one timer per order at its next deadline,
 * fired when the watermark (highest event time - allowed lateness) passes it, judges the order again. What it leaves
 * out is what the comparison has no counterpart for in Esper: the order document, the order-state record and the
 * alert documents (AlertLedger); it collects the alerts' ids instead.
 */
final class BpmonEngine implements EsperBench.Engine {

    private record Timer(long at, String orderId) {}

    private final Lifecycle lifecycle;
    private final List<Rule> rules;
    private final long latenessMillis;
    private final EventParser parser;
    private final OrderStateCodec codec;
    private final RuleEvaluator evaluator;
    private final Map<String, byte[]> states = new HashMap<>();
    private final Map<String, Long> deadlines = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::at));
    private final Map<String, RaisedAlert> raised = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long invalid;

    BpmonEngine(Lifecycle lifecycle, List<Rule> rules, long latenessMillis) {
        for (Rule rule : rules) {
            if (rule.kind() == RuleKind.VELOCITY) {
                throw new IllegalArgumentException("rule " + rule.id() + ": VELOCITY is not compared");
            }
        }
        this.lifecycle = lifecycle;
        this.rules = List.copyOf(rules);
        this.latenessMillis = latenessMillis;
        this.parser = new EventParser(lifecycle);
        this.codec = new OrderStateCodec(lifecycle);
        this.evaluator = new RuleEvaluator(lifecycle);
    }

    @Override
    public void accept(byte[] json) throws Exception {
        ValidationResult<OrderEvent> parsed = parser.parse(json);
        if (parsed.value() == null) {
            invalid++;
            return;
        }
        OrderEvent event = parsed.value();
        long time = event.occurredAt().toEpochMilli();
        byte[] stored = states.get(event.orderId());
        OrderState state = stored != null ? codec.decode(stored) : new OrderState(event.orderId());
        OrderState.Outcome outcome = state.apply(event, time <= watermark, lifecycle);
        states.put(state.orderId(), codec.encode(state));
        if (outcome == OrderState.Outcome.APPLIED) {
            judge(state);
        }
        if (time > newest) {
            newest = time;
            advance(newest - latenessMillis);
        }
    }

    @Override
    public void finish(long endMillis) throws Exception {
        advance(endMillis);
    }

    @Override
    public Map<String, RaisedAlert> alerts() {
        return raised;
    }

    @Override
    public long invalid() {
        return invalid;
    }

    @Override
    public void close() {
        evaluator.close();
    }

    /** The watermark moves on: orders whose deadline it passed are judged again. */
    private void advance(long to) throws Exception {
        if (to <= watermark) {
            return;
        }
        watermark = to;
        while (!timers.isEmpty() && timers.peek().at() <= watermark) {
            Timer due = timers.poll();
            Long current = deadlines.get(due.orderId());
            if (current != null && current == due.at()) {
                deadlines.remove(due.orderId());
                judge(codec.decode(states.get(due.orderId())));
            }
        }
    }

    private void judge(OrderState state) throws Exception {
        Long next = null;
        for (Rule rule : rules) {
            if (!rule.appliesTo(state.attributes())) {
                continue;
            }
            RuleEvaluator.Evaluation evaluation =
                    evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark);
            for (Finding f : evaluation.findings()) {
                if (!raised.containsKey(f.alertId())) {
                    raised.put(f.alertId(), new RaisedAlert(f.alertId(), rule.id(), state.orderId(), f.kind().name(),
                            f.status()));
                }
            }
            Long due = evaluation.nextDeadline();
            if (due != null && (next == null || due < next)) {
                next = due;
            }
        }
        Long current = deadlines.get(state.orderId());
        if (next == null) {
            deadlines.remove(state.orderId());
        } else if (!next.equals(current)) {
            deadlines.put(state.orderId(), next);
            timers.add(new Timer(next, state.orderId()));
        }
    }
}
