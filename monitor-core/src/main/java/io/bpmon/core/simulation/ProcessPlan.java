package io.bpmon.core.simulation;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The lifecycle as the simulated shop runs it, derived from a {@link Lifecycle} (the job's, {@code BPMON_LIFECYCLE}):
 * steps, event types and successors all come from there. An order starts at the first step of the main path and
 * follows it; where a step has a successor that abandons the process (PLACED or PAID → CANCELLED) a cancelled order
 * leaves the path there, and where it has a successor off the path that does not abandon it (DELIVERED → RETURNED)
 * some orders take that detour.
 *
 * <p>What a lifecycle does not say is the shop's and is looked up by step name, with a neutral fallback for names it
 * does not know: which service sends a step's event, which segment attributes it carries, and in
 * {@link DelayProfile} how long it takes. So a lifecycle with other steps still gets traffic the monitor accepts.
 */
public final class ProcessPlan {

    /** The step whose delay depends on the payment method and which a payment {@link IncidentConfig} holds back. */
    public static final String PAYMENT_STEP = "PAID";
    /** The detour that carries a {@link #RETURN_REASON}. */
    public static final String RETURN_STEP = "RETURNED";
    public static final String CANCEL_REASON = "cancelReason";
    public static final String RETURN_REASON = "returnReason";
    /** The source of a step the shop does not know by name. */
    public static final String DEFAULT_SOURCE = "shop";
    /**
     * Share of planned cancellations that happen at the first step that can be abandoned (before payment); the rest
     * are spread evenly over the later ones (after payment, before shipping).
     */
    static final double CANCEL_FROM_FIRST_SHARE = 0.6;

    private static final Map<String, String> SOURCES = Map.of("PLACED", "checkout", PAYMENT_STEP, "payments",
            "SHIPPED", "fulfilment", "DELIVERED", "carrier-tracking", "CANCELLED", "order-service", RETURN_STEP,
            "returns");
    private static final Map<String, List<String>> CARRIES = Map.of(
            PAYMENT_STEP, List.of(SegmentMix.PAYMENT_METHOD, SegmentMix.AMOUNT, SegmentMix.CURRENCY),
            "SHIPPED", List.of(SegmentMix.WAREHOUSE, SegmentMix.CARRIER),
            "DELIVERED", List.of(SegmentMix.CARRIER));
    private static final String[] CUSTOMER_CANCEL_REASONS = {"customer_request", "out_of_stock", "fraud_check"};
    private static final String[] RETURN_REASONS = {"wrong_size", "not_as_described", "changed_mind", "damaged"};

    private final Lifecycle lifecycle;
    private final Map<String, PlannedStep> steps = new LinkedHashMap<>();
    private final List<PlannedStep> mainPath = new ArrayList<>();
    private final List<PlannedStep> cancellable = new ArrayList<>();
    private final PlannedStep payment;

    private ProcessPlan(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        List<String> path = lifecycle.mainPath();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("lifecycle '" + lifecycle.name()
                    + "' has no mainPath; the simulator walks it");
        }
        for (int i = 1; i < path.size(); i++) {
            if (!lifecycle.isDirectSuccessor(path.get(i - 1), path.get(i))) {
                throw new IllegalArgumentException("lifecycle '" + lifecycle.name() + "': mainPath goes from "
                        + path.get(i - 1) + " to " + path.get(i) + ", which is not one of its next steps");
            }
        }
        int paymentAt = path.indexOf(PAYMENT_STEP);
        for (Step s : lifecycle.steps()) {
            int at = path.indexOf(s.name());
            boolean beforePayment = at >= 0 && (paymentAt < 0 ? at == 0 : at < paymentAt);
            steps.put(s.name(), new PlannedStep(s, SOURCES.getOrDefault(s.name(), DEFAULT_SOURCE),
                    at == 0 ? SegmentMix.ATTRIBUTES : CARRIES.getOrDefault(s.name(), List.of()), at == 0,
                    beforePayment));
        }
        path.forEach(name -> mainPath.add(steps.get(name)));
        for (PlannedStep p : steps.values()) {
            int at = path.indexOf(p.name());
            String onPath = at >= 0 ? (at + 1 < path.size() ? path.get(at + 1) : null)
                    : p.step.next().stream().filter(path::contains).findFirst().orElse(null); // a way back
            p.onPath = onPath == null ? null : steps.get(onPath);
            for (String n : p.step.next()) {
                PlannedStep next = steps.get(n);
                if (next.abandons()) {
                    p.abandon = p.abandon == null ? next : p.abandon;
                } else if (next != p.onPath && p.detour == null) {
                    p.detour = next;
                }
            }
            if (at >= 0 && p.abandon != null) {
                cancellable.add(p);
            }
        }
        cancellable.sort(java.util.Comparator.comparingInt(p -> path.indexOf(p.name())));
        this.payment = paymentAt >= 0 ? steps.get(PAYMENT_STEP) : null;
    }

    /**
     * @throws IllegalArgumentException when the lifecycle has no main path, or its main path skips a step
     */
    public static ProcessPlan of(Lifecycle lifecycle) {
        return new ProcessPlan(lifecycle);
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The names of the main path's steps: the events of an order that goes all the way. */
    public List<String> mainPath() {
        return mainPath.stream().map(PlannedStep::name).toList();
    }

    /** The service that sends the event of {@code step}, e.g. {@code payments} for PAID. */
    public String source(String step) {
        return steps.get(step).source;
    }

    /** The main path's steps that can be followed by an abandoning one, first to last (PLACED, PAID). */
    public List<String> cancellable() {
        return cancellable.stream().map(PlannedStep::name).toList();
    }

    /** The step an incident holds back, if the lifecycle has one. */
    public Optional<String> paymentStep() {
        return Optional.ofNullable(payment).map(PlannedStep::name);
    }

    PlannedStep first() {
        return mainPath.get(0);
    }

    List<PlannedStep> mainPathSteps() {
        return Collections.unmodifiableList(mainPath);
    }

    PlannedStep payment() {
        return payment;
    }

    /**
     * A new order and its fate, drawn at placement: cancelled after some step ({@code cancellations}), stuck after some
     * step ({@code stuck}) or neither. Cancelled only where the lifecycle allows it; stuck anywhere on the main path
     * but at its end.
     */
    SimulatedOrder newOrder(String orderId, Segments segments, TroubleConfig trouble, RandomGenerator random) {
        PlannedStep cancelFrom = null;
        PlannedStep stuckAfter = null;
        double fate = random.nextDouble();
        if (fate < trouble.cancellations()) {
            cancelFrom = cancelFrom(random);
        } else if (fate < trouble.cancellations() + trouble.stuck() && mainPath.size() > 1) {
            stuckAfter = mainPath.get(random.nextInt(mainPath.size() - 1));
        }
        return new SimulatedOrder(orderId, segments, cancelFrom, stuckAfter);
    }

    private PlannedStep cancelFrom(RandomGenerator random) {
        if (cancellable.size() <= 1) {
            return cancellable.isEmpty() ? null : cancellable.get(0);
        }
        if (random.nextDouble() < CANCEL_FROM_FIRST_SHARE) {
            return cancellable.get(0);
        }
        return cancellable.size() == 2 ? cancellable.get(1)
                : cancellable.get(1 + random.nextInt(cancellable.size() - 1));
    }

    /**
     * The step that follows {@code step} for this order, or null when the order ends (or gets stuck) here.
     *
     * @param detourShare the chance to take a detour where there is one ({@link TroubleConfig#returns()})
     */
    PlannedStep next(SimulatedOrder order, PlannedStep step, double detourShare, RandomGenerator random) {
        if (step == order.stuckAfter()) {
            return null;
        }
        if (step == order.cancelFrom() && step.abandon != null) {
            return step.abandon;
        }
        if (step.detour != null && random.nextDouble() < detourShare) {
            return step.detour;
        }
        return step.onPath;
    }

    /**
     * The attributes of the event that completes {@code step}: every segment on the first step, a reason on a
     * cancellation or return, otherwise the segments the step is about (the payment its method and amount).
     *
     * @param cancelReason the reason of a cancellation that has one already; null = the customer's, drawn here
     */
    Map<String, Object> attributes(PlannedStep step, Segments segments, String cancelReason, RandomGenerator random) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (step.abandons() && !step.first) {
            a.put(CANCEL_REASON, cancelReason != null ? cancelReason
                    : CUSTOMER_CANCEL_REASONS[random.nextInt(CUSTOMER_CANCEL_REASONS.length)]);
        } else if (step.name().equals(RETURN_STEP) && !step.first) {
            a.put(RETURN_REASON, RETURN_REASONS[random.nextInt(RETURN_REASONS.length)]);
        } else {
            for (String attribute : step.carries) {
                a.put(attribute, segments.value(attribute));
            }
        }
        return a;
    }
}
