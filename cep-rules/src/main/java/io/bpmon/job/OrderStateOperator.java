package io.bpmon.job;

import io.bpmon.core.event.OrderEvent;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Flink's keyed-broadcast operator, handing {@link OrderStateFunction} its timer service at start. A rule change
 * (broadcast side) re-judges every in-flight order and must be able to set each order's next deadline; Flink's
 * broadcast context offers no timer service, but while {@code applyToKeyedState} visits a key the state backend's
 * current key is that key, so the operator's own timer service registers the timer for it.
 */
public final class OrderStateOperator
        extends CoBroadcastWithKeyedOperator<String, OrderEvent, RuleChange, OrderUpdate> {

    private static final long serialVersionUID = 1L;
    /** The name Flink's operator registers its user timers under: the same service, not a second one. */
    private static final String USER_TIMERS = "user-timers";

    public OrderStateOperator(OrderStateFunction function, List<MapStateDescriptor<?, ?>> broadcastStates) {
        super(function, broadcastStates);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((OrderStateFunction) getUserFunction()).useTimers(new SimpleTimerService(
                getInternalTimerService(USER_TIMERS, VoidNamespaceSerializer.INSTANCE, this)));
    }
}
