package io.bpmon.core.store;

import io.bpmon.core.alerts.Alert;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads alerts the job wrote, and records acknowledgements. Every alert read here is seen as people see it: an open
 * alert someone acknowledged is {@code ACKNOWLEDGED}, also after the job changed it again.
 */
public interface AlertStore {

    Optional<Alert> find(String alertId);

    Page<Alert> search(AlertQuery query);

    /**
     * Records that someone acknowledged the alert (idempotent); visible to the next read.
     *
     * @param current the alert as read just before, stored acknowledged too where the job has not changed it since
     */
    void acknowledge(Alert current, Instant at, String by);
}
