package io.bpmon.core.lifecycle;

import java.util.List;

/**
 * One step of a process lifecycle: the state an order is in once the step's event has happened.
 *
 * @param name      the step's name, e.g. {@code PAID}
 * @param eventType the event type that completes this step, e.g. {@code PAYMENT_RECEIVED}
 * @param next      the steps that may directly follow this one
 * @param terminal  whether the process is finished in this step (a successor such as RETURNED may still follow)
 * @param rank      position in the lifecycle's declaration order; breaks ties between simultaneous events
 * @param abandons  whether reaching this step gives the process up (CANCELLED): it never counts as reaching a
 *                  later step of an SLA
 */
public record Step(String name, String eventType, List<String> next, boolean terminal, int rank, boolean abandons)
        implements java.io.Serializable {

    public Step {
        next = List.copyOf(next);
    }
}
