package io.bpmon.bench;

import io.bpmon.core.alerts.Finding;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.job.rules.RuleEvaluator;
import io.bpmon.job.rules.RuleIndex;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * bpmon's rule engine on one thread, outside Flink, as the job's order operator runs it (OrderStateFunction): per
 * event the order's state is decoded, the event applied, the state encoded again, and a new event judged under the
 * rules it can affect ({@link RuleIndex}; every rule in scope when the index cannot tell: an event out of order, late,
 * changing the order's attributes or beyond the order's next deadline) with {@link RuleEvaluator} (the CEP replay, or
 * its shortcut); one timer per order at its next deadline, fired when the watermark (highest event time - allowed
 * lateness) passes it, judges the order again under every rule in scope. What it leaves
 * out is what the comparison has no counterpart for in Esper: the order document, the order-state record and the
 * alert documents (AlertLedger); it collects the alerts' ids instead.
 */
final class BpmonEngine implements EsperBench.Engine {

    private record Timer(long at, String orderId) {}

    private final Lifecycle lifecycle;
    private final long latenessMillis;
    private final EventParser parser;
    private final OrderStateCodec codec;
    private final RuleEvaluator evaluator;
    private final RuleIndex index;
    private final Map<String, byte[]> states = new HashMap<>();
    /** Per order, the rules that raised an alert on it: the index judges them on every event that may resolve one. */
    private final Map<String, Set<String>> alerted = new HashMap<>();
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
        this.latenessMillis = latenessMillis;
        this.parser = new EventParser(lifecycle);
        this.codec = new OrderStateCodec(lifecycle);
        this.evaluator = new RuleEvaluator(lifecycle);
        this.index = RuleIndex.of(List.copyOf(rules), lifecycle);
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
        // what the index needs to know of the order before the event, as in the job
        Instant lastBefore = stored != null ? state.lastEventAt() : null;
        boolean keepsAttributes = stored != null && keepsAttributes(state.attributes(), event.attributes());
        OrderState.Outcome outcome = state.apply(event, time <= watermark, lifecycle);
        states.put(state.orderId(), codec.encode(state));
        if (outcome == OrderState.Outcome.APPLIED) {
            Set<String> alertedRules = alerted.getOrDefault(state.orderId(), Set.of());
            if (index.hasPatterns() || !alertedRules.isEmpty()) {
                Long deadline = deadlines.get(state.orderId());
                boolean appendedInOrder = stored == null
                        || keepsAttributes && lastBefore != null && time > lastBefore.toEpochMilli();
                if (appendedInOrder && time > watermark && (deadline == null || time < deadline)) {
                    List<StepEvent> steps = state.stepEvents();
                    RuleIndex.Appended appended = index.afterAppend(state.attributes(),
                            stored == null ? null : steps.get(steps.size() - 2), steps.get(steps.size() - 1),
                            watermark, alertedRules);
                    Long next = appended.judge().isEmpty() ? null : judge(state, appended.judge());
                    next = earlier(next, appended.deadline());
                    // the others' deadlines are unchanged: the timer only ever moves earlier here
                    if (next != null && (deadline == null || next < deadline)) {
                        deadlines.put(state.orderId(), next);
                        timers.add(new Timer(next, state.orderId()));
                    }
                } else {
                    setDeadline(state.orderId(), judge(state, index.patterns(state.attributes())));
                }
            }
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
                OrderState state = codec.decode(states.get(due.orderId()));
                // every rule in scope: a timer may be early (the index only ever moves it earlier)
                setDeadline(state.orderId(), judge(state, index.patterns(state.attributes())));
            }
        }
    }

    /** Judges the order under these rules (all in its scope); returns the earliest deadline ahead, null for none. */
    private Long judge(OrderState state, List<Rule> patterns) throws Exception {
        Long next = null;
        for (Rule rule : patterns) {
            RuleEvaluator.Evaluation evaluation =
                    evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark);
            for (Finding f : evaluation.findings()) {
                if (!raised.containsKey(f.alertId())) {
                    raised.put(f.alertId(), new RaisedAlert(f.alertId(), rule.id(), state.orderId(), f.kind().name(),
                            f.status()));
                    alerted.computeIfAbsent(state.orderId(), o -> new HashSet<>()).add(rule.id());
                }
            }
            Long due = evaluation.nextDeadline();
            if (due != null && (next == null || due < next)) {
                next = due;
            }
        }
        return next;
    }

    /** The order's timer at {@code next} (null: none). */
    private void setDeadline(String orderId, Long next) {
        Long current = deadlines.get(orderId);
        if (next == null) {
            deadlines.remove(orderId);
        } else if (!next.equals(current)) {
            deadlines.put(orderId, next);
            timers.add(new Timer(next, orderId));
        }
    }

    private static Long earlier(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.min(a, b);
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
}
