package io.bpmon.core.simulation;

import io.bpmon.core.lifecycle.Step;
import java.util.List;

/**
 * One step of the lifecycle as the simulator drives it ({@link ProcessPlan}): the lifecycle's step, the service that
 * sends its event, the segment attributes the event carries, and where an order can go from here. Steps are
 * compared by identity: a plan holds one per lifecycle step.
 */
final class PlannedStep {

    final Step step;
    /** The service that would send this step's event, e.g. {@code payments}. */
    final String source;
    /** The {@link SegmentMix#ATTRIBUTES} this step's event carries (the first step carries all of them). */
    final List<String> carries;
    /** The main path's first step: where every order starts. */
    final boolean first;
    /** On the main path before the payment step: a cancellation from here is a cancellation before payment. */
    final boolean beforePayment;
    /** The step that follows on the main path (or leads back to it), null where the main path ends. */
    PlannedStep onPath;
    /** A successor that abandons the process (CANCELLED), null if there is none. */
    PlannedStep abandon;
    /** A successor off the main path that does not abandon it (DELIVERED → RETURNED), null if there is none. */
    PlannedStep detour;

    PlannedStep(Step step, String source, List<String> carries, boolean first, boolean beforePayment) {
        this.step = step;
        this.source = source;
        this.carries = carries;
        this.first = first;
        this.beforePayment = beforePayment;
    }

    String name() {
        return step.name();
    }

    String eventType() {
        return step.eventType();
    }

    boolean abandons() {
        return step.abandons();
    }

    @Override
    public String toString() {
        return step.name();
    }
}
