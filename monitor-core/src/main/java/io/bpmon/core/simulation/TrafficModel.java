package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The traffic model: decides when orders arrive, their segments, how long each step takes and what goes wrong,
 * and turns that into {@link SimulatedRecord}s. Orders walk the lifecycle the job monitors ({@link ProcessPlan}).
 * Pure: all randomness comes from the given {@link Random} and all
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
    /** The attribute a basket's discount in percent is sent in (only baskets with the mis-priced article carry it). */
    public static final String DISCOUNT = "discount";
    /** The reason of a cancellation for want of payment after an incident. */
    static final String PAYMENT_TIMEOUT = "payment_timeout";
    private static final Malformation[] MALFORMATIONS = Malformation.values();

    private sealed interface Pending permits Arrival, StepDue, Release {
        Instant due();

        long seq();
    }

    private record Arrival(Instant due, long seq) implements Pending {}

    private record StepDue(Instant due, long seq, SimulatedOrder order, PlannedStep from, PlannedStep step,
            String cancelReason) implements Pending {}

    private record Release(Instant due, long seq, SimulatedRecord record) implements Pending {}

    private final SimulatorConfig config;
    private final ProcessPlan plan;
    private final TroubleConfig trouble;
    private final IncidentConfig incident;
    private final Random random;
    private final Clock clock;
    private final Instant startedAt;
    private final String runTag;
    private final long idSalt;
    private final double meanGapMillis;
    private final Arrivals arrivals;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparing(Pending::due).thenComparingLong(Pending::seq));
    private final SimulatorStats stats = new SimulatorStats();
    private long seq;
    private long orderSeq;
    /** Set while the placement of an order holding the mis-priced article is made ({@link SalesIncidents}). */
    private boolean placingMispriced;
    private int inFlight;

    /**
     * @param lifecycle the process the orders follow, the job's ({@code BPMON_LIFECYCLE})
     * @throws IllegalArgumentException when the simulator cannot walk the lifecycle ({@link ProcessPlan#of})
     * @throws ConfigException          when an incident is asked for and the lifecycle has no payment step
     */
    public TrafficModel(SimulatorConfig config, Lifecycle lifecycle, Random random, Clock clock) {
        this.config = config;
        this.plan = plan(config, lifecycle);
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
        this.arrivals = config.arrivals();
        schedule(new Arrival(startedAt.plus(nextArrivalGap()), ++seq));
    }

    /**
     * How orders walk {@code lifecycle} under {@code config}.
     *
     * @throws IllegalArgumentException when the simulator cannot walk the lifecycle ({@link ProcessPlan#of})
     * @throws ConfigException          when an incident is asked for and the lifecycle has no payment step
     */
    static ProcessPlan plan(SimulatorConfig config, Lifecycle lifecycle) {
        ProcessPlan plan = ProcessPlan.of(lifecycle);
        if (config.incident().enabled() && plan.payment() == null) {
            throw new ConfigException(SimulatorCommandLine.INCIDENT, "stops payments, but lifecycle '"
                    + lifecycle.name() + "' has no step " + ProcessPlan.PAYMENT_STEP);
        }
        return plan;
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
        SalesIncidents sales = config.sales();
        if (sales.salesDropAt(startedAt, now) && segments.country().equals(sales.dropCountry())
                && random.nextDouble() < sales.dropShare()) {
            return; // the sales drop: this order is never placed
        }
        boolean mispriced = sales.priceErrorAt(startedAt, now) && random.nextDouble() < sales.affectedShare();
        if (mispriced) {
            segments = new Segments(segments.country(), segments.channel(), segments.paymentMethod(),
                    segments.carrier(), segments.warehouse(), segments.amount()
                    .multiply(java.math.BigDecimal.valueOf(SalesIncidents.PRICE_FACTOR))
                    .setScale(2, java.math.RoundingMode.HALF_UP).max(new java.math.BigDecimal("0.01")),
                    segments.currency());
        }
        SimulatedOrder order = plan.newOrder("o-" + runTag + "-" + (++orderSeq), segments, trouble, random);
        stats.orderStarted();
        placingMispriced = mispriced;
        try {
            step(new StepDue(now, 0, order, null, plan.first(), null), now, out);
        } finally {
            placingMispriced = false;
        }
    }

    private void step(StepDue due, Instant now, List<SimulatedRecord> out) {
        SimulatedOrder order = due.order();
        PlannedStep step = due.step();
        if (step == plan.payment() && holdForIncident(due, now)) {
            return;
        }
        Instant occurredAt = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> attributes = plan.attributes(step, order.segments(), due.cancelReason(), random);
        if (placingMispriced && step == plan.first()) {
            attributes = new java.util.LinkedHashMap<>(attributes);
            attributes.put(DISCOUNT, SalesIncidents.PRICE_ERROR_DISCOUNT);
        }
        SimulatedEvent event = new SimulatedEvent(eventId(), step.eventType(), order.orderId(), occurredAt,
                step.source, attributes);
        SimulatedRecord record = SimulatedRecord.of(event, now);
        countOutcome(order, step);

        PlannedStep next = plan.next(order, step, trouble.returns(), random);
        if (next != null) {
            Instant nextDue;
            if (random.nextDouble() < trouble.outOfOrder()) {
                // The next step follows closely and overtakes this one: this record is released just after it.
                nextDue = now.plus(DurationMath.uniform(random, TroubleConfig.OUT_OF_ORDER_GAP_MIN,
                        trouble.outOfOrderGapMax()));
                record = record.withSendAt(nextDue.plusMillis(1), Trouble.OUT_OF_ORDER);
            } else {
                nextDue = now.plus(config.stepDelay(step, next, order.segments(), random));
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
            Malformation kind = MALFORMATIONS[random.nextInt(MALFORMATIONS.length)];
            byte[] broken = kind.breakEvent(event.withEventId(eventId()), random);
            send(new SimulatedRecord(order.orderId(), broken, now, Trouble.MALFORMED, null), now, out);
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
        PlannedStep cancel = due.from() == null ? null : due.from().abandon; // instead of the payment
        if (random.nextDouble() < incident.cancelShare() && cancel != null) {
            stats.incidentCancelled();
            schedule(new StepDue(after, ++seq, due.order(), due.from(), cancel, PAYMENT_TIMEOUT));
        } else {
            schedule(new StepDue(after, ++seq, due.order(), due.from(), due.step(), null));
        }
        return true;
    }

    private void countOutcome(SimulatedOrder order, PlannedStep step) {
        if (step.abandons()) {
            stats.cancelled();
        } else if (step.name().equals(ProcessPlan.RETURN_STEP)) {
            stats.returned();
        } else if (step == order.stuckAfter()) {
            stats.stuck();
        }
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

    /** Exponential gaps (a Poisson process with the configured mean rate), or exactly the mean gap. */
    private Duration nextArrivalGap() {
        if (arrivals == Arrivals.STEADY) {
            return Duration.ofNanos(Math.round(meanGapMillis * 1_000_000));
        }
        double u = random.nextDouble();
        return Duration.ofNanos(Math.round(-Math.log(1 - u) * meanGapMillis * 1_000_000));
    }

    private String eventId() {
        return SimulatedEvent.randomId(random, idSalt);
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
