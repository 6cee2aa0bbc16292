package io.bpmon.bench;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import io.bpmon.core.alerts.AlertIds;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The same rules in Esper (GPL, test scope only: {@code ./bpmon bench --esper}), as a Java team would write them:
 * one EPL pattern statement per rule over one event type, Esper's clock external and driven by event time.
 *
 * <pre>
 * STEP_SLA from A to B within d:
 *   every a=OrderStep(step='A') -&gt; (timer:interval(d msec) and not OrderStep(orderId=a.orderId, step in (B, the steps after B, CANCELLED)))
 * STALL within d (in statuses S):
 *   every a=OrderStep(step in (S, or every status that is not terminal)) -&gt; (timer:interval(d msec) and not OrderStep(orderId=a.orderId))
 * </pre>
 *
 * Esper matches events in the order it receives them and its clock cannot go back, so events go through a reorder
 * buffer first (what Flink's watermark does for bpmon): an event is released to Esper once the newest event time seen
 * is {@code reorderMillis} past it, in event-time order, the clock set to its event time just before. An event later
 * than that is sent as it comes, at the current clock: Esper has no history to replay, unlike bpmon. Parsing is
 * bpmon's own {@link EventParser}. Not translated: scopes (the comparison's rules have none), repeated steps (bpmon's
 * STEP_SLA starts at the first time an order reaches A; the generated input repeats no step, duplicates aside),
 * VELOCITY (docs/benchmarks.md says why).
 */
final class EsperEngine implements EsperBench.Engine {

    /** The event type the statements match: one step of an order. */
    public static final class OrderStep {
        private final String orderId;
        private final String step;
        private final long occurredAt;

        OrderStep(String orderId, String step, long occurredAt) {
            this.orderId = orderId;
            this.step = step;
            this.occurredAt = occurredAt;
        }

        public String getOrderId() {
            return orderId;
        }

        public String getStep() {
            return step;
        }

        public long getOccurredAt() {
            return occurredAt;
        }
    }

    private record Held(long time, long seq, OrderStep step) {}

    private final Lifecycle lifecycle;
    private final long reorderMillis;
    private final EventParser parser;
    private final Configuration configuration;
    private final List<Rule> rules;
    private final EPRuntime runtime;
    private final EPEventService events;
    private final PriorityQueue<Held> buffer =
            new PriorityQueue<>(Comparator.comparingLong(Held::time).thenComparingLong(Held::seq));
    private final Map<String, RaisedAlert> raised = new HashMap<>();
    private long seq;
    private long newest = Long.MIN_VALUE;
    private long invalid;

    EsperEngine(Lifecycle lifecycle, List<Rule> rules, long reorderMillis) throws Exception {
        this.lifecycle = lifecycle;
        this.rules = List.copyOf(rules);
        this.reorderMillis = reorderMillis;
        this.parser = new EventParser(lifecycle);
        configuration = new Configuration();
        configuration.getCommon().addEventType("OrderStep", OrderStep.class);
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl(this.rules, lifecycle),
                new CompilerArguments(configuration));
        runtime = EPRuntimeProvider.getRuntime("bpmon-bench-" + UUID.randomUUID(), configuration);
        events = runtime.getEventService();
        // the clock is external (the internal timer is off) and starts at the wall clock: set it before every event
        // time; nothing is scheduled yet
        events.advanceTime(0);
        EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
        for (EPStatement statement : deployment.getStatements()) {
            listen(statement, this.rules.get(Integer.parseInt(statement.getName().substring(1))));
        }
    }

    /** The EPL module of the rules: one statement per rule, named {@code r<index>}. */
    static String epl(List<Rule> rules, Lifecycle lifecycle) {
        StringBuilder module = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.scope().isEmpty()) {
                throw new IllegalArgumentException("rule " + rule.id() + ": scopes are not translated to EPL");
            }
            long d = rule.maxDuration().toMillis();
            String pattern = switch (rule.kind()) {
                case STEP_SLA -> "every a=OrderStep(step='" + rule.from() + "') -> (timer:interval(" + d
                        + " msec) and not OrderStep(orderId=a.orderId, step in (" + list(lifecycle.steps().stream()
                                .map(Step::name)
                                .filter(s -> lifecycle.satisfies(s, rule.to()) || lifecycle.abandons(s))
                                .toList()) + ")))";
                case STALL -> "every a=OrderStep(step in (" + list(lifecycle.steps().stream().map(Step::name)
                        .filter(s -> rule.watches(s, lifecycle)).toList()) + ")) -> (timer:interval(" + d
                        + " msec) and not OrderStep(orderId=a.orderId))";
                case VELOCITY -> throw new IllegalArgumentException("rule " + rule.id()
                        + ": VELOCITY is not translated to EPL (docs/benchmarks.md)");
            };
            module.append("@name('r").append(i).append("') select a.orderId as orderId, a.step as step from pattern [")
                    .append(pattern).append("];\n");
        }
        return module.toString();
    }

    private static String list(List<String> steps) {
        return steps.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }

    @Override
    public void accept(byte[] json) throws Exception {
        ValidationResult<OrderEvent> parsed = parser.parse(json);
        if (parsed.value() == null) {
            invalid++;
            return;
        }
        OrderEvent e = parsed.value();
        long time = e.occurredAt().toEpochMilli();
        String step = lifecycle.stepForEventType(e.type()).orElseThrow().name();
        buffer.add(new Held(time, seq++, new OrderStep(e.orderId(), step, time)));
        if (time > newest) {
            newest = time;
            release(newest - reorderMillis);
        }
    }

    @Override
    public void finish(long endMillis) throws Exception {
        release(Long.MAX_VALUE);
        if (endMillis > events.getCurrentTime()) {
            events.advanceTime(endMillis);
        }
    }

    private void release(long upTo) throws Exception {
        while (!buffer.isEmpty() && buffer.peek().time() <= upTo) {
            Held h = buffer.poll();
            if (h.time() > events.getCurrentTime()) {
                events.advanceTime(h.time());
            }
            events.sendEventBean(h.step(), "OrderStep");
        }
    }

    /** Each match of a rule's statement is an alert, with bpmon's id. */
    private void listen(EPStatement statement, Rule rule) {
        boolean stall = rule.kind() == RuleKind.STALL;
        statement.addListener((newEvents, oldEvents, s, rt) -> {
            for (EventBean match : newEvents) {
                String orderId = (String) match.get("orderId");
                String status = stall ? (String) match.get("step") : null;
                String id = stall ? AlertIds.stalled(rule.id(), orderId, status)
                        : AlertIds.slaBreach(rule.id(), orderId);
                raised.putIfAbsent(id, new RaisedAlert(id, rule.id(), orderId,
                        (stall ? AlertKind.STALLED : AlertKind.SLA_BREACH).name(), status));
            }
        });
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
        runtime.destroy();
    }
}
