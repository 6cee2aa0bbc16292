package io.bpmon.job;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * An event-time timer per key and purpose whose time is kept in keyed state, so it can be moved: Flink's timer
 * service cannot tell which timers a key has, and a timer left behind would fire for nothing (or, worse, clear live
 * state). Flink keeps one timer per key and time, so a key with several purposes (order retention, the next rule
 * deadline) must not delete a time another purpose still needs.
 */
public final class EventTimeTimer {

    private EventTimeTimer() {}

    /**
     * Moves the key's timer of one purpose to {@code at}; null removes it.
     *
     * @param others the slots of the key's other purposes on the same timer service
     */
    @SafeVarargs
    public static void moveTo(ValueState<Long> slot, TimerService timers, Long at, ValueState<Long>... others)
            throws Exception {
        Long current = slot.value();
        if (current != null && current.equals(at)) {
            return;
        }
        if (current != null && !heldByAnother(current, others)) {
            timers.deleteEventTimeTimer(current);
        }
        if (at == null) {
            slot.clear();
        } else {
            timers.registerEventTimeTimer(at);
            slot.update(at);
        }
    }

    @SafeVarargs
    private static boolean heldByAnother(long time, ValueState<Long>... others) throws Exception {
        for (ValueState<Long> other : others) {
            Long t = other.value();
            if (t != null && t == time) {
                return true;
            }
        }
        return false;
    }
}
