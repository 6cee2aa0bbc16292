package io.bpmon.bench;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.simulation.SteadyTraffic;
import io.bpmon.job.rules.RuleEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rule engine's CPU cost per event on one thread, outside Flink: each of an order's four lifecycle events is
 * judged under {@link PipelineBench#benchRules 10 rules} (half STEP_SLA, half STALL; every order in scope), the way
 * the job judges an order after every event — a CEP replay of the order's step events per rule.
 *
 * <pre>java -cp TEST_CLASSPATH org.openjdk.jmh.Main RuleEngineBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RuleEngineBench {

    private static final int ORDERS = 1024;
    private static final int EVENTS = 4;
    private static final int RULES = 10;

    private final Lifecycle lifecycle = Lifecycle.defaultLifecycle();
    private final OrderStateCodec codec = new OrderStateCodec(lifecycle);
    private final OrderEvent[][] events = new OrderEvent[ORDERS][EVENTS];
    private final List<Rule> rules = new ArrayList<>();
    private RuleEvaluator evaluator;
    private int next;

    @Setup
    public void generate() throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(lifecycle, ORDERS, 11L, System.currentTimeMillis());
        for (int o = 0; o < ORDERS; o++) {
            for (int k = 0; k < EVENTS; k++) {
                OrderEvent e = traffic.event(o, k).orderEvent();
                events[o][k] = e.withReceivedAt(e.occurredAt().plusMillis(150));
            }
        }
        RuleValidator validator = new RuleValidator(lifecycle);
        for (String json : PipelineBench.benchRules(RULES)) {
            rules.add(validator.validate(Json.mapper().readTree(json)).value());
        }
        evaluator = new RuleEvaluator(lifecycle);
    }

    @TearDown(Level.Trial)
    public void close() {
        evaluator.close();
    }

    /** Per event: decode the order, apply the event, encode it, and judge it under every rule. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void applyAndJudge(Blackhole bh) throws Exception {
        byte[] stored = null;
        OrderEvent[] order = events[next = (next + 1) & (ORDERS - 1)];
        for (OrderEvent e : order) {
            OrderState state = stored == null ? new OrderState(e.orderId()) : codec.decode(stored);
            state.apply(e, false, lifecycle);
            stored = codec.encode(state);
            long watermark = e.occurredAt().toEpochMilli() - 10_000;
            for (Rule rule : rules) {
                if (rule.appliesTo(state.attributes())) {
                    bh.consume(evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark));
                }
            }
        }
        bh.consume(stored);
    }
}
