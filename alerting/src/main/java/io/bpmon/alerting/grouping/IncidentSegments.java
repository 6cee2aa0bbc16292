package io.bpmon.alerting.grouping;

import io.bpmon.core.alerts.Alert;
import java.util.Map;

/**
 * The segment of the incident an alert belongs to (its rule's {@code groupBy} values, docs/incidents.md): what a
 * message about the incident names, e.g. {@code paymentMethod=paypal}.
 */
@FunctionalInterface
public interface IncidentSegments {

    /** Names no segment. */
    IncidentSegments NONE = alert -> Map.of();

    Map<String, String> of(Alert alert);
}
