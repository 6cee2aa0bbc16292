package io.bpmon.core.simulation;

import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A fixed number of the shop's orders ({@link ShopOrders}) as one stream in steady state, written as fast as the
 * caller takes it: the fast path for the benchmarks, which need a million events in seconds, the same ones in every
 * run and every job, and any one of them again by number. Every order goes the whole main path; the events, their
 * attributes and JSON are the simulator's.
 *
 * <p>Event time follows the stream, not a clock: record slot {@code s} carries step {@code k} of order
 * {@code s - k * gap}, so the events of one order are {@code gap} slots apart and about {@code (steps - 1) * gap}
 * orders are in flight at any point. That matters for what a benchmark measures: the job's order sink keeps only the
 * newest version of a document per flush, and events of one order arriving back to back would be written to
 * Elasticsearch once instead of once per step, as they never are in production (hours pass between the steps).
 *
 * <p>Trouble, as the simulator makes it: {@value #DUPLICATE_SHARE} of the events are sent twice (same record, a few
 * slots later: {@link Trouble#DUPLICATE}), {@value #SWAPPED_SHARE} of the orders have their first event sent after
 * their second, {@code gap} slots late, beyond the allowed lateness ({@link Trouble#LATE}), and
 * {@value #MALFORMED_SHARE} of the events have a cut-off copy beside them ({@link Malformation#TRUNCATED}).
 */
public final class SteadyTraffic {

    public static final double DUPLICATE_SHARE = 0.01;
    public static final double SWAPPED_SHARE = 0.02;
    public static final double MALFORMED_SHARE = 0.0005;
    /** Event-time distance of neighbouring slots. */
    public static final long SLOT_MILLIS = 20;
    /** Steps of one order are this many slots apart (fewer for small inputs). */
    public static final int MAX_GAP = 25_000;
    /** Duplicates follow their original within this many slots. */
    private static final int DUPLICATE_SLOTS = 8;

    /** What was generated. */
    public record Summary(int orders, long records, long valid, long duplicates, long swappedOrders, long malformed) {}

    private record Held(long slot, long seq, SimulatedRecord record) {}

    private final ShopOrders shop;
    private final int orders;
    private final int steps;
    private final int gap;
    private final long seed;
    private final long startMillis;

    /**
     * @param orders    how many orders, each with every event of the lifecycle's main path
     * @param endMillis the event time of the last slot; all events lie before it
     */
    public SteadyTraffic(Lifecycle lifecycle, int orders, long seed, long endMillis) {
        this.shop = new ShopOrders(lifecycle, SimulatorConfig.defaults(), seed, "o-bench-");
        this.orders = orders;
        this.steps = shop.plan().mainPath().size();
        this.gap = Math.max(1, Math.min(MAX_GAP, orders / steps));
        this.seed = seed;
        this.startMillis = endMillis - (long) slots() * SLOT_MILLIS;
    }

    /** Orders needed for about {@code events} records. */
    public static int ordersFor(Lifecycle lifecycle, long events) {
        int steps = lifecycle.mainPath().size();
        return (int) Math.max(1, Math.round(events / (steps * (1 + DUPLICATE_SHARE) + MALFORMED_SHARE)));
    }

    public int orders() {
        return orders;
    }

    /** Events of each order: the steps of the main path. */
    public int eventsPerOrder() {
        return steps;
    }

    /** Orders in flight (first event sent, last one not yet) in the middle of the stream. */
    public int inFlight() {
        return Math.min(orders, (steps - 1) * gap);
    }

    public String orderId(int o) {
        return shop.orderId(o);
    }

    /** Step {@code k} (0 = the first of the main path) of order {@code o}, at the time its slot gives it. */
    public SimulatedEvent event(int o, int k) {
        long slot = (long) o + (long) k * gap;
        // within its slot, at a moment of its own: events of one slot are not all simultaneous
        long jitter = new SplittableRandom(seed ^ o).nextLong(SLOT_MILLIS);
        return shop.mainPathEvent(o, k, Instant.ofEpochMilli(startMillis + slot * SLOT_MILLIS + jitter));
    }

    /** Sends every record, in stream order. */
    public Summary generate(SimulatedRecordSink out) {
        SplittableRandom trouble = new SplittableRandom(seed ^ 0x5DEECE66DL);
        // duplicates and late first events wait here until their slot comes
        PriorityQueue<Held> later = new PriorityQueue<>(
                Comparator.comparingLong(Held::slot).thenComparingLong(Held::seq));
        long seq = 0;
        long records = 0;
        long duplicates = 0;
        long swapped = 0;
        long malformed = 0;
        for (long s = 0; s < slots(); s++) {
            while (!later.isEmpty() && later.peek().slot() <= s) {
                out.send(later.poll().record());
                records++;
            }
            for (int k = 0; k < steps; k++) {
                long o = s - (long) k * gap;
                if (o < 0 || o >= orders) {
                    continue;
                }
                SimulatedEvent event = event((int) o, k);
                SimulatedRecord record = SimulatedRecord.of(event, event.occurredAt());
                if (k == 0 && trouble.nextDouble() < SWAPPED_SHARE) {
                    swapped++; // sent after the order's second event
                    later.add(new Held(s + gap + 1, seq++, record.withSendAt(record.sendAt(), Trouble.LATE)));
                    continue;
                }
                out.send(record);
                records++;
                if (trouble.nextDouble() < DUPLICATE_SHARE) {
                    duplicates++;
                    later.add(new Held(s + 1 + trouble.nextInt(DUPLICATE_SLOTS), seq++,
                            record.withSendAt(record.sendAt(), Trouble.DUPLICATE)));
                }
                if (trouble.nextDouble() < MALFORMED_SHARE) {
                    malformed++;
                    out.send(new SimulatedRecord(record.key(), Malformation.TRUNCATED.breakEvent(event, trouble),
                            record.sendAt(), Trouble.MALFORMED, null));
                    records++;
                }
            }
        }
        while (!later.isEmpty()) {
            out.send(later.poll().record());
            records++;
        }
        return new Summary(orders, records, records - malformed, duplicates, swapped, malformed);
    }

    private long slots() {
        return orders + (long) (steps - 1) * gap;
    }
}
