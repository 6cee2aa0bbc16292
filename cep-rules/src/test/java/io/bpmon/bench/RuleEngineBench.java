package io.bpmon.bench;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.simulation.SteadyTraffic;
import io.bpmon.core.order.StepEvent;
import io.bpmon.job.rules.RuleEvaluator;
import io.bpmon.job.rules.RuleIndex;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rule engine's CPU cost per event on one thread, outside Flink: each of an order's four lifecycle events is
 * applied to the order's state and the order is judged under {@link PipelineBench#benchRules 10 or 100 rules} (half
 * STEP_SLA, half STALL; every order in scope of every rule, or scoped as real rule sets are), either the way the job
 * does it ({@link #applyAndJudge}: the rules the {@link RuleIndex} returns, docs/rule-engine.md) or under every rule
 * in scope after every event ({@link #applyAndJudgeEveryRule}, the job before the index).
 *
 * <pre>java -cp TEST_CLASSPATH org.openjdk.jmh.Main RuleEngineBench
 * java -cp TEST_CLASSPATH io.bpmon.bench.RuleEngineBench [SECONDS]   (CPU time per event, robust on a busy machine)</pre>
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
    /** Active rules: half STEP_SLA, half STALL ({@link PipelineBench#benchRules}). */
    @Param({"10", "100"})
    public int rules;
    /** Every order in scope of every rule (false), or of about a tenth of them (true, docs/benchmarks.md). */
    @Param({"false", "true"})
    public boolean scoped;

    private final Lifecycle lifecycle = Lifecycle.defaultLifecycle();
    private final OrderStateCodec codec = new OrderStateCodec(lifecycle);
    private final OrderEvent[][] events = new OrderEvent[ORDERS][EVENTS];
    private final List<Rule> ruleSet = new ArrayList<>();
    private RuleEvaluator evaluator;
    private RuleIndex index;
    /** Per order: the next deadline the job would keep (its timer), Long.MAX_VALUE for none. */
    private final long[] deadlines = new long[ORDERS];
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
        for (String json : PipelineBench.benchRules(rules, scoped)) {
            ruleSet.add(validator.validate(Json.mapper().readTree(json)).value());
        }
        evaluator = new RuleEvaluator(lifecycle);
        index = RuleIndex.of(ruleSet, lifecycle);
    }

    @TearDown(Level.Trial)
    public void close() {
        evaluator.close();
    }

    /**
     * Per event, as the job does it: decode the order, apply the event, encode it, and judge it under the rules the
     * index says the event can affect (or every rule in scope when the index cannot tell).
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void applyAndJudge(Blackhole bh) throws Exception {
        byte[] stored = null;
        int o = next = (next + 1) & (ORDERS - 1);
        deadlines[o] = Long.MAX_VALUE;
        for (OrderEvent e : events[o]) {
            OrderState state = stored == null ? new OrderState(e.orderId()) : codec.decode(stored);
            Instant lastBefore = stored == null ? null : state.lastEventAt();
            boolean keepsAttributes = stored != null && keeps(state.attributes(), e.attributes());
            state.apply(e, false, lifecycle);
            stored = codec.encode(state);
            long watermark = e.occurredAt().toEpochMilli() - 10_000;
            long time = e.occurredAt().toEpochMilli();
            boolean appendedInOrder = lastBefore == null
                    || keepsAttributes && time > lastBefore.toEpochMilli();
            if (appendedInOrder && time > watermark && time < deadlines[o]) {
                List<StepEvent> steps = state.stepEvents();
                RuleIndex.Appended appended = index.afterAppend(state.attributes(),
                        lastBefore == null ? null : steps.get(steps.size() - 2), steps.get(steps.size() - 1), watermark,
                        java.util.Set.of()); // the bench raises no alerts
                long due = appended.deadline() == null ? Long.MAX_VALUE : appended.deadline();
                for (Rule rule : appended.judge()) {
                    due = Math.min(due, judge(rule, state, watermark, bh));
                }
                deadlines[o] = Math.min(deadlines[o], due);
            } else {
                long due = Long.MAX_VALUE;
                for (Rule rule : index.patterns(state.attributes())) {
                    due = Math.min(due, judge(rule, state, watermark, bh));
                }
                deadlines[o] = due;
            }
        }
        bh.consume(stored);
    }

    private long judge(Rule rule, OrderState state, long watermark, Blackhole bh) throws Exception {
        RuleEvaluator.Evaluation evaluation = evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark);
        bh.consume(evaluation);
        return evaluation.nextDeadline() == null ? Long.MAX_VALUE : evaluation.nextDeadline();
    }

    private static boolean keeps(Map<String, String> order, Map<String, String> event) {
        for (Map.Entry<String, String> a : event.entrySet()) {
            if (!a.getValue().equals(order.get(a.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Per event, as before the index: decode the order, apply the event, encode it, judge it under every rule. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void applyAndJudgeEveryRule(Blackhole bh) throws Exception {
        byte[] stored = null;
        OrderEvent[] order = events[next = (next + 1) & (ORDERS - 1)];
        for (OrderEvent e : order) {
            OrderState state = stored == null ? new OrderState(e.orderId()) : codec.decode(stored);
            state.apply(e, false, lifecycle);
            stored = codec.encode(state);
            long watermark = e.occurredAt().toEpochMilli() - 10_000;
            for (Rule rule : ruleSet) {
                if (rule.appliesTo(state.attributes())) {
                    bh.consume(evaluator.evaluate(rule, state.orderId(), state.stepEvents(), watermark));
                }
            }
        }
        bh.consume(stored);
    }

    /**
     * CPU time per event on this thread (not wall time: other processes on a shared machine do not count), for each
     * rule set and both ways of judging: {@code RuleEngineBench [SECONDS per measurement] [RULE COUNTS, e.g. 0,10]}.
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        var threads = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("rules scoped in-scope judging        events  CPU s  CPU us/event  events/CPU-s");
        int[] ruleCounts = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 100, 1000};
        for (int rules : ruleCounts) {
            for (boolean scoped : new boolean[] {false, true}) {
                for (boolean everyRule : new boolean[] {true, false}) {
                    RuleEngineBench b = new RuleEngineBench();
                    b.rules = rules;
                    b.scoped = scoped;
                    b.generate();
                    double inScope = b.meanRulesInScope();
                    long events = 0;
                    long warmUntil = System.nanoTime() + (long) (seconds * 3e8);
                    while (System.nanoTime() < warmUntil) {
                        run(b, everyRule, bh);
                    }
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long until = cpu0 + (long) (seconds * 1e9);
                    while (threads.getCurrentThreadCpuTime() < until) {
                        for (int i = 0; i < 64; i++) {
                            run(b, everyRule, bh);
                        }
                        events += 64 * EVENTS;
                    }
                    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    System.out.printf("%5d %6s %8.1f %-12s %9d %6.1f %13.2f %13.0f%n", rules, scoped, inScope,
                            everyRule ? "every rule" : "index", events, cpu, cpu * 1e6 / events, events / cpu);
                    b.close();
                }
            }
        }
    }

    /** How many rules the average order is in the scope of, by its attributes after all its events. */
    double meanRulesInScope() throws Exception {
        long sum = 0;
        for (OrderEvent[] order : events) {
            OrderState state = new OrderState(order[0].orderId());
            for (OrderEvent e : order) {
                state.apply(e, false, lifecycle);
            }
            for (Rule rule : ruleSet) {
                sum += rule.appliesTo(state.attributes()) ? 1 : 0;
            }
        }
        return (double) sum / ORDERS;
    }

    private static void run(RuleEngineBench b, boolean everyRule, Blackhole bh) throws Exception {
        if (everyRule) {
            b.applyAndJudgeEveryRule(bh);
        } else {
            b.applyAndJudge(bh);
        }
    }
}
