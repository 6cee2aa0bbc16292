package io.bpmon.core.simulation;

import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated shop's orders one at a time, each a pure function of the seed and its number: what
 * {@link TrafficModel} decides for a new order (segments, fate, the attributes and ids of its events, its step
 * delays), without the model's clock, queue and per-event trouble. For whoever needs many orders fast, the n-th order
 * again, or an order's whole history at once: the benchmarks ({@link SteadyTraffic}) and stored-history fixtures.
 *
 * <p>Thread-safe: nothing is kept between calls.
 */
public final class ShopOrders {

    private final ProcessPlan plan;
    private final SimulatorConfig config;
    private final long seed;
    private final String idPrefix;

    /**
     * @param config   the segment mix, delays and pace; of its trouble only the per-order fates (cancellations, stuck,
     *                 returns) apply, in {@link #history}
     * @param idPrefix order n is {@code idPrefix + n}
     * @throws IllegalArgumentException when the simulator cannot walk the lifecycle ({@link ProcessPlan#of})
     */
    public ShopOrders(Lifecycle lifecycle, SimulatorConfig config, long seed, String idPrefix) {
        this.plan = ProcessPlan.of(lifecycle);
        this.config = config;
        this.seed = seed;
        this.idPrefix = idPrefix;
    }

    public ProcessPlan plan() {
        return plan;
    }

    public String orderId(long n) {
        return idPrefix + n;
    }

    public Segments segments(long n) {
        return config.mix().draw(random(n));
    }

    /** Step {@code k} of the main path (0 = the first) of order {@code n}, happening at {@code at}. */
    public SimulatedEvent mainPathEvent(long n, int k, Instant at) {
        SplittableRandom r = random(n);
        Segments segments = config.mix().draw(r);
        String eventId = null;
        for (int i = 0; i <= k; i++) { // the k-th id of the order, the same whichever of its events is asked for
            eventId = SimulatedEvent.randomId(r, seed);
        }
        PlannedStep step = plan.mainPathSteps().get(k);
        return new SimulatedEvent(eventId, step.eventType(), orderId(n), at, step.source,
                plan.attributes(step, segments, null, r));
    }

    /**
     * Order {@code n} placed at {@code placedAt}, as far as it got by {@code until}: its fate drawn as the simulator
     * draws it, each step after the delay the config's pace gives it, event times at millisecond resolution.
     */
    public List<SimulatedEvent> history(long n, Instant placedAt, Instant until) {
        SplittableRandom r = random(n);
        Segments segments = config.mix().draw(r);
        SimulatedOrder order = plan.newOrder(orderId(n), segments, config.trouble(), r);
        List<SimulatedEvent> events = new ArrayList<>();
        Instant at = placedAt.truncatedTo(ChronoUnit.MILLIS);
        PlannedStep step = plan.first();
        while (!at.isAfter(until)) {
            events.add(new SimulatedEvent(SimulatedEvent.randomId(r, seed), step.eventType(), order.orderId(), at,
                    step.source, plan.attributes(step, segments, null, r)));
            PlannedStep next = plan.next(order, step, config.trouble().returns(), r);
            if (next == null) {
                break;
            }
            at = at.plus(config.stepDelay(step, next, segments, r));
            step = next;
        }
        return events;
    }

    private SplittableRandom random(long n) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
    }
}
