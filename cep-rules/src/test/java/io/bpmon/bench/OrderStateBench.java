package io.bpmon.bench;

import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateCodec;
import io.bpmon.core.simulation.SimulatedEvent;
import io.bpmon.core.simulation.SteadyTraffic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-event CPU work of the job outside Flink, in events/s on one thread: what the passthrough job does per
 * record ({@link #parse}), what the order state operator adds ({@link #applyWithCodec}: decode the stored order,
 * apply the event, encode it again) and what it costs to also render the order document it emits
 * ({@link #applyWithCodecAndDocument}). Each invocation takes one order of {@link SteadyTraffic} through its four
 * lifecycle events, starting from no state, as the operator does; the score is per event.
 *
 * <pre>java -cp TEST_CLASSPATH org.openjdk.jmh.Main OrderStateBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class OrderStateBench {

    private static final int ORDERS = 1024;
    private static final int EVENTS = 4; // the default lifecycle's main path, as a constant for the annotations

    private final Lifecycle lifecycle = Lifecycle.defaultLifecycle();
    private final OrderStateCodec codec = new OrderStateCodec(lifecycle);
    private final EventParser parser = new EventParser(lifecycle);
    private final OrderEvent[][] events = new OrderEvent[ORDERS][EVENTS];
    private final byte[][][] wire = new byte[ORDERS][EVENTS][];
    private int next;

    @Setup
    public void generate() {
        SteadyTraffic traffic = new SteadyTraffic(lifecycle, ORDERS, 11L, System.currentTimeMillis());
        for (int o = 0; o < ORDERS; o++) {
            for (int k = 0; k < EVENTS; k++) {
                SimulatedEvent simulated = traffic.event(o, k);
                OrderEvent e = simulated.orderEvent();
                events[o][k] = e.withReceivedAt(e.occurredAt().plusMillis(150));
                wire[o][k] = simulated.json();
            }
        }
    }

    private int nextOrder() {
        next = (next + 1) & (ORDERS - 1);
        return next;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parse(Blackhole bh) {
        for (byte[] record : wire[nextOrder()]) {
            bh.consume(parser.parse(record));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public byte[] applyWithCodec() {
        byte[] stored = null;
        for (OrderEvent e : events[nextOrder()]) {
            OrderState state = stored == null ? new OrderState(e.orderId()) : codec.decode(stored);
            state.apply(e, false, lifecycle);
            stored = codec.encode(state);
        }
        return stored;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void applyWithCodecAndDocument(Blackhole bh) {
        byte[] stored = null;
        for (OrderEvent e : events[nextOrder()]) {
            OrderState state = stored == null ? new OrderState(e.orderId()) : codec.decode(stored);
            state.apply(e, false, lifecycle);
            stored = codec.encode(state);
            bh.consume(OrderDocument.toBytes(state, lifecycle));
        }
        bh.consume(stored);
    }
}
