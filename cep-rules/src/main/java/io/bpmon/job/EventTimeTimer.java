package io.bpmon.job;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * One event-time timer per key whose time is kept in keyed state, so it can be moved: Flink's timer service cannot
 * tell which timers a key has, and a timer left behind would fire for nothing (or, worse, clear live state).
 */
public final class EventTimeTimer {

    private EventTimeTimer() {}

    /** Moves the key's timer to {@code at}; null removes it. */
    public static void moveTo(ValueState<Long> slot, TimerService timers, Long at) throws Exception {
        Long current = slot.value();
        if (current != null && current.equals(at)) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        if (at == null) {
            slot.clear();
        } else {
            timers.registerEventTimeTimer(at);
            slot.update(at);
        }
    }
}
