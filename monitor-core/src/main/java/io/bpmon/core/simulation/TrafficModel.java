package io.bpmon.core.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * The traffic model: decides when orders arrive, their segments, how long each step takes and what goes wrong,
 * and turns that into {@link SimulatedRecord}s. Pure: all randomness comes from the given {@link Random} and all
 * time from the given {@link Clock}, so a test with a fixed seed and a hand-moved clock sees the same records
 * every time; no Kafka, no threads.
 *
 * <p>Nothing is pre-computed into the future. Each order has exactly one pending step in a priority queue; when
 * {@link #poll()} finds it due, the event is written with the clock's current time as {@code occurredAt} and the
 * next step is scheduled. So event times are always the moment of emission, never ahead of the wall clock, and
 * memory holds only orders in flight plus records held back on purpose (late, swapped, duplicated) for a
 * bounded time.
 *
 * <p>Not thread-safe: one thread calls {@link #poll()}.
 */
public final class TrafficModel {

    /** After a stall longer than this (GC, laptop asleep) arrivals restart from now instead of bursting. */
    static final Duration MAX_CATCH_UP = Duration.ofSeconds(5);
    /** Share of planned cancellations that happen before payment; the rest after payment, before shipping. */
    static final double CANCEL_BEFORE_PAYMENT_SHARE = 0.6;
    static final String CANCEL_REASON = "cancelReason";
    static final String RETURN_REASON = "returnReason";
    private static final OrderStep[] STUCK_STEPS = {OrderStep.PLACED, OrderStep.PAID, OrderStep.SHIPPED};
    private static final String[] CUSTOMER_CANCEL_REASONS = {"customer_request", "out_of_stock", "fraud_check"};
    private static final String[] RETURN_REASONS = {"wrong_size", "not_as_described", "changed_mind", "damaged"};
    private static final SimulatedEventJson.Malformation[] MALFORMATIONS = SimulatedEventJson.Malformation.values();

    private sealed interface Pending permits Arrival, StepDue, Release {
        Instant due();

        long seq();
    }

    private record Arrival(Instant due, long seq) implements Pending {}

    private record StepDue(Instant due, long seq, SimulatedOrder order, OrderStep from, OrderStep step,
            String cancelReason) implements Pending {}

    private record Release(Instant due, long seq, SimulatedRecord record) implements Pending {}

    private final SimulatorConfig config;
    private final TroubleConfig trouble;
    private final IncidentConfig incident;
    private final Random random;
    private final Clock clock;
    private final Instant startedAt;
    private final String runTag;
    private final long idSalt;
    private final double meanGapMillis;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparing(Pending::due).thenComparingLong(Pending::seq));
    private final SimulatorStats stats = new SimulatorStats();
    private long seq;
    private long orderSeq;
    private int inFlight;

    public TrafficModel(SimulatorConfig config, Random random, Clock clock) {
        this.config = config;
        this.trouble = config.trouble();
        this.incident = config.incident();
        this.random = random;
        this.clock = clock;
        this.startedAt = clock.instant();
        // Ids must not repeat across runs, even with the same --seed: the monitor would take a rerun's events for
        // duplicates of the first run's. The start time makes them differ; within a run the seed decides.
        this.idSalt = mix(startedAt.toEpochMilli());
        this.runTag = runTag(random.nextLong() ^ idSalt);
        this.meanGapMillis = 1000.0 / config.ratePerSecond();
        schedule(new Arrival(startedAt.plus(nextArrivalGap()), ++seq));
    }

    /**
     * Processes everything due by now: new orders, steps whose time has come, held-back records whose release
     * time has come.
     *
     * @return the records to send now, in the order they must be sent
     */
    public List<SimulatedRecord> poll() {
        Instant now = clock.instant();
        List<SimulatedRecord> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
            Pending p = queue.poll();
            if (p instanceof Arrival a) {
                arrive(a, now, out);
            } else if (p instanceof StepDue s) {
                inFlight--;
                step(s, now, out);
            } else if (p instanceof Release r) {
                emit(r.record(), out);
            }
        }
        return out;
    }

    /** When the next thing is due; the publishing loop may sleep until then. */
    public Instant nextDueAt() {
        Pending next = queue.peek();
        return next == null ? Instant.MAX : next.due(); // never empty: an arrival is always scheduled
    }

    /** Orders placed and not yet finished, cancelled or stuck. */
    public int inFlight() {
        return inFlight;
    }

    /** Everything held in memory: in-flight orders, held-back records and the next arrival. */
    public int pending() {
        return queue.size();
    }

    public SimulatorStats.Snapshot stats() {
        return stats.snapshot();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public IncidentConfig incident() {
        return incident;
    }

    /** The end of the incident window open now, if one is. */
    public Optional<Instant> incidentActiveUntil() {
        return incident.windowEndAt(startedAt, clock.instant());
    }

    private void arrive(Arrival a, Instant now, List<SimulatedRecord> out) {
        if (Duration.between(a.due(), now).compareTo(MAX_CATCH_UP) > 0) {
            schedule(new Arrival(now.plus(nextArrivalGap()), ++seq));
            return;
        }
        schedule(new Arrival(a.due().plus(nextArrivalGap()), ++seq));
        if (inFlight >= config.maxInFlight()) {
            stats.orderSkipped();
            return;
        }
        Segments segments = config.mix().draw(random);
        OrderStep cancelFrom = null;
        OrderStep stuckAfter = null;
        double fate = random.nextDouble();
        if (fate < trouble.cancellations()) {
            cancelFrom = random.nextDouble() < CANCEL_BEFORE_PAYMENT_SHARE ? OrderStep.PLACED : OrderStep.PAID;
        } else if (fate < trouble.cancellations() + trouble.stuck()) {
            stuckAfter = STUCK_STEPS[random.nextInt(STUCK_STEPS.length)];
        }
        SimulatedOrder order = new SimulatedOrder("o-" + runTag + "-" + (++orderSeq), segments, cancelFrom,
                stuckAfter);
        stats.orderStarted();
        step(new StepDue(now, 0, order, null, OrderStep.PLACED, null), now, out);
    }

    private void step(StepDue due, Instant now, List<SimulatedRecord> out) {
        SimulatedOrder order = due.order();
        OrderStep step = due.step();
        if (step == OrderStep.PAID && holdForIncident(due, now)) {
            return;
        }
        Instant occurredAt = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> attributes = attributes(order, step, due.cancelReason());
        SimulatedRecord record = new SimulatedRecord(order.orderId(),
                SimulatedEventJson.event(eventId(), step, order.orderId(), occurredAt, attributes), now, Trouble.NONE);
        countOutcome(order, step);

        OrderStep next = next(order, step);
        if (next != null) {
            Instant nextDue;
            if (random.nextDouble() < trouble.outOfOrder()) {
                // The next step follows closely and overtakes this one: this record is released just after it.
                nextDue = now.plus(DurationMath.uniform(random, TroubleConfig.OUT_OF_ORDER_GAP_MIN,
                        trouble.outOfOrderGapMax()));
                record = record.withSendAt(nextDue.plusMillis(1), Trouble.OUT_OF_ORDER);
            } else {
                nextDue = now.plus(scaledDelay(step, next, order.segments()));
            }
            schedule(new StepDue(nextDue, ++seq, order, step, next, null));
        }
        if (record.trouble() == Trouble.NONE && random.nextDouble() < trouble.late()) {
            Duration hold = DurationMath.uniform(random, trouble.lateHold(), trouble.lateHold().multipliedBy(2));
            record = record.withSendAt(now.plus(hold), Trouble.LATE);
        }
        send(record, now, out);
        if (random.nextDouble() < trouble.duplicates()) {
            Instant again = record.sendAt()
                    .plus(DurationMath.uniform(random, Duration.ZERO, trouble.duplicateDelayMax()));
            send(record.withSendAt(again, Trouble.DUPLICATE), now, out);
        }
        if (random.nextDouble() < trouble.malformed()) {
            SimulatedEventJson.Malformation kind = MALFORMATIONS[random.nextInt(MALFORMATIONS.length)];
            byte[] broken = SimulatedEventJson.malformed(kind, eventId(), step, order.orderId(), occurredAt,
                    attributes, random);
            send(new SimulatedRecord(order.orderId(), broken, now, Trouble.MALFORMED), now, out);
        }
    }

    /**
     * During an incident window the payment method's payments do not happen; each held order is paid, or
     * cancelled for want of payment, shortly after the window closes.
     */
    private boolean holdForIncident(StepDue due, Instant now) {
        if (!due.order().segments().paymentMethod().equals(incident.paymentMethod())) {
            return false;
        }
        Optional<Instant> end = incident.windowEndAt(startedAt, now);
        if (end.isEmpty()) {
            return false;
        }
        stats.incidentHeld();
        Instant after = end.get().plus(DurationMath.uniform(random, Duration.ZERO, incident.drain()));
        if (random.nextDouble() < incident.cancelShare()) {
            stats.incidentCancelled();
            schedule(new StepDue(after, ++seq, due.order(), OrderStep.PLACED, OrderStep.CANCELLED, "payment_timeout"));
        } else {
            schedule(new StepDue(after, ++seq, due.order(), due.from(), OrderStep.PAID, null));
        }
        return true;
    }

    /** The step that follows {@code step} for this order, or null when the order ends (or gets stuck) here. */
    private OrderStep next(SimulatedOrder order, OrderStep step) {
        if (step == order.stuckAfter()) {
            return null;
        }
        return switch (step) {
            case PLACED -> order.cancelFrom() == OrderStep.PLACED ? OrderStep.CANCELLED : OrderStep.PAID;
            case PAID -> order.cancelFrom() == OrderStep.PAID ? OrderStep.CANCELLED : OrderStep.SHIPPED;
            case SHIPPED -> OrderStep.DELIVERED;
            case DELIVERED -> random.nextDouble() < trouble.returns() ? OrderStep.RETURNED : null;
            case CANCELLED, RETURNED -> null;
        };
    }

    private Duration scaledDelay(OrderStep from, OrderStep to, Segments segments) {
        Duration real = config.delays().sample(from, to, segments, random);
        // Jittered, so that demo-pace card payments (20 s real, 20 ms scaled) do not all land on the same tick.
        Duration floor = DurationMath.times(config.minStepDelay(), 1 + random.nextDouble());
        return DurationMath.max(floor, DurationMath.times(real, config.timeScale()));
    }

    private void countOutcome(SimulatedOrder order, OrderStep step) {
        switch (step) {
            case CANCELLED -> stats.cancelled();
            case RETURNED -> stats.returned();
            default -> {
                if (step == order.stuckAfter()) {
                    stats.stuck();
                }
            }
        }
    }

    private Map<String, Object> attributes(SimulatedOrder order, OrderStep step, String cancelReason) {
        Segments s = order.segments();
        Map<String, Object> a = new LinkedHashMap<>();
        switch (step) {
            case PLACED -> {
                a.put(SegmentMix.COUNTRY, s.country());
                a.put(SegmentMix.CHANNEL, s.channel());
                a.put(SegmentMix.PAYMENT_METHOD, s.paymentMethod());
                a.put(SegmentMix.CARRIER, s.carrier());
                a.put(SegmentMix.WAREHOUSE, s.warehouse());
                a.put(SegmentMix.AMOUNT, s.amount());
                a.put(SegmentMix.CURRENCY, s.currency());
            }
            case PAID -> {
                a.put(SegmentMix.PAYMENT_METHOD, s.paymentMethod());
                a.put(SegmentMix.AMOUNT, s.amount());
                a.put(SegmentMix.CURRENCY, s.currency());
            }
            case SHIPPED -> {
                a.put(SegmentMix.WAREHOUSE, s.warehouse());
                a.put(SegmentMix.CARRIER, s.carrier());
            }
            case DELIVERED -> a.put(SegmentMix.CARRIER, s.carrier());
            case CANCELLED -> a.put(CANCEL_REASON, cancelReason != null ? cancelReason
                    : CUSTOMER_CANCEL_REASONS[random.nextInt(CUSTOMER_CANCEL_REASONS.length)]);
            case RETURNED -> a.put(RETURN_REASON, RETURN_REASONS[random.nextInt(RETURN_REASONS.length)]);
        }
        return a;
    }

    /** Sends now when due, else holds the record until its time. */
    private void send(SimulatedRecord record, Instant now, List<SimulatedRecord> out) {
        if (record.sendAt().isAfter(now)) {
            schedule(new Release(record.sendAt(), ++seq, record));
        } else {
            emit(record, out);
        }
    }

    private void emit(SimulatedRecord record, List<SimulatedRecord> out) {
        stats.sent(record.trouble());
        out.add(record);
    }

    private void schedule(Pending p) {
        if (p instanceof StepDue) {
            inFlight++;
        }
        queue.add(p);
    }

    /** Exponential gaps between arrivals: a Poisson process with the configured mean rate. */
    private Duration nextArrivalGap() {
        double u = random.nextDouble();
        return Duration.ofNanos(Math.round(-Math.log(1 - u) * meanGapMillis * 1_000_000));
    }

    /** A random (version 4) UUID drawn from the seeded generator, salted with the run's start. */
    private String eventId() {
        long hi = (random.nextLong() ^ idSalt) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L;
        long lo = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static String runTag(long bits) {
        String tag = Long.toString(bits & 0x7FFFFFFFFFFFFFFFL, 36);
        return tag.substring(Math.max(0, tag.length() - 6));
    }

    /** SplitMix64's finaliser: spreads close inputs (consecutive start millis) over all bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
