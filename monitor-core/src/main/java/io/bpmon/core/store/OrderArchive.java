package io.bpmon.core.store;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.order.OrderState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an order whose job state was dropped by retention is found again: the store the job wrote it to. The job
 * keeps an order's state only while the order is likely to change; an event that arrives later (a return three weeks
 * after delivery) continues the stored order instead of starting a new one (docs/contract.md, dropped state).
 */
public interface OrderArchive extends AutoCloseable {

    /** An order as last stored, with the alerts the job raised on it. */
    record ArchivedOrder(OrderState state, List<Alert> alerts) {
        public ArchivedOrder {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * The stored order, or empty when nothing is stored (its index was deleted, or the store refused it).
     *
     * @param partitionTime the order's partition time, which names the index it lives in
     * @throws InterruptedException while waiting for a store that is away: the caller must not go on without it
     */
    Optional<ArchivedOrder> find(String orderId, Instant partitionTime) throws InterruptedException;

    /** Lets go of the store's connections; an archive over nothing has none. */
    @Override
    default void close() {}

    /** Opens an archive where it is used: the job ships the factory, not a client. */
    @FunctionalInterface
    interface Factory extends java.io.Serializable {
        OrderArchive open();
    }
}
