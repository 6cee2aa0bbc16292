package io.bpmon.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chaos run's own, deliberately tiny model of the default order lifecycle (CONTRACT section 2), written apart
 * from the job's code so that it can judge it: events are applied in {@code occurredAt} order (ties in lifecycle
 * order); an event counts when its step can still be reached from the current status (a skipped step is a gap and
 * the later step still counts), otherwise it changes nothing (a repeat, a step behind, or one after a terminal
 * step).
 */
final class LifecycleModel {

    /** The steps in lifecycle order, which also breaks ties between equal event times. */
    static final List<String> STEPS = List.of("PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");

    private static final Map<String, String> STEP_OF_TYPE = Map.of(
            "ORDER_PLACED", "PLACED",
            "PAYMENT_RECEIVED", "PAID",
            "ORDER_SHIPPED", "SHIPPED",
            "ORDER_DELIVERED", "DELIVERED",
            "ORDER_CANCELLED", "CANCELLED",
            "ORDER_RETURNED", "RETURNED");

    private static final Map<String, Set<String>> NEXT = Map.of(
            "PLACED", Set.of("PAID", "CANCELLED"),
            "PAID", Set.of("SHIPPED", "CANCELLED"),
            "SHIPPED", Set.of("DELIVERED"),
            "DELIVERED", Set.of("RETURNED"),
            "CANCELLED", Set.of(),
            "RETURNED", Set.of());

    private LifecycleModel() {}

    static String step(String eventType) {
        String step = STEP_OF_TYPE.get(eventType);
        if (step == null) {
            throw new IllegalArgumentException("not an order event type: " + eventType);
        }
        return step;
    }

    /** The events in the order the lifecycle applies them: by occurredAt, ties in lifecycle order, then eventId. */
    static List<SentEvent> inOrder(List<SentEvent> events) {
        List<SentEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(SentEvent::occurredAt)
                .thenComparing(e -> STEPS.indexOf(step(e.type())))
                .thenComparing(SentEvent::eventId));
        return sorted;
    }

    /** The status after each event of {@link #inOrder}: index i is the status once event i is applied. */
    static List<String> statuses(List<SentEvent> events) {
        List<String> out = new ArrayList<>();
        String status = null;
        for (SentEvent e : inOrder(events)) {
            String step = step(e.type());
            if (status == null || reachable(status, step)) {
                status = step;
            }
            out.add(status);
        }
        return out;
    }

    /** The order's status once all its distinct events are applied; null without events. */
    static String status(List<SentEvent> events) {
        List<String> all = statuses(events);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Whether {@code to} lies ahead of {@code from} (one or more steps on). */
    static boolean reachable(String from, String to) {
        for (String next : NEXT.get(from)) {
            if (next.equals(to) || reachable(next, to)) {
                return true;
            }
        }
        return false;
    }
}
