package io.bpmon.core.store;

import io.bpmon.core.alerts.Alert;
import java.util.Optional;

/** Reads alerts the job wrote, and records acknowledgements. */
public interface AlertStore {

    Optional<Alert> find(String alertId);

    Page<Alert> search(AlertQuery query);

    /**
     * Stores the acknowledged version of an alert, unless the alert changed since it was read (then false: the
     * caller reads it again). The job's next change of the alert (e.g. its resolution) replaces it, as it should.
     */
    boolean storeAcknowledged(Alert acknowledged);
}
