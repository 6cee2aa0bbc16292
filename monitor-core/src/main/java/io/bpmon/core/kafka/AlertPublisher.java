package io.bpmon.core.kafka;

import io.bpmon.core.alerts.Alert;

/** Publishes a changed alert to {@code bpmon.alerts} (key = alert id), as the job does for its own changes. */
public interface AlertPublisher extends AutoCloseable {

    void publish(Alert alert);

    @Override
    void close();
}
