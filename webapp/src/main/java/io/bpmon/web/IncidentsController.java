package io.bpmon.web;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.kafka.AlertPublisher;
import io.bpmon.core.kafka.EventPublisher;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.IncidentStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/incidents}, {@code GET /api/incidents/{id}} and {@code POST /api/incidents/{id}/ack}
 * (docs/incidents.md).
 */
final class IncidentsController {

    private final IncidentStore incidents;
    private final AlertPublisher publisher;
    private final Clock clock;

    IncidentsController(IncidentStore incidents, AlertPublisher publisher, Clock clock) {
        this.incidents = incidents;
        this.publisher = publisher;
        this.clock = clock;
    }

    void list(Context ctx) {
        Optional<AlertStatus> status = Params.alertStatus(ctx);
        Optional<String> ruleId = Optional.ofNullable(ctx.queryParam("ruleId")).filter(s -> !s.isBlank());
        IncidentQuery query = new IncidentQuery(status, ruleId, Params.severity(ctx),
                Params.limit(ctx, IncidentQuery.DEFAULT_LIMIT, IncidentQuery.MAX_LIMIT), Params.after(ctx));
        ctx.json(Params.cursor(() -> incidents.search(query)));
    }

    void get(Context ctx) {
        Incident incident = find(ctx.pathParam("id"));
        ctx.json(withAlerts(incident, incidents.alerts(incident.id(), IncidentQuery.MAX_ALERTS)));
    }

    /**
     * Acknowledges the incident and each of its open alerts, as {@code POST /api/alerts/{id}/ack} does for one
     * (recorded beside the alert, published with the same revision). Acknowledging twice is harmless; a resolved
     * incident cannot be acknowledged (409).
     */
    void acknowledge(Context ctx) {
        ctx.json(acknowledge(ctx.pathParam("id"), RulesController.author(ctx)));
    }

    /** The acknowledgement itself, shared by the API and the UI's form; returns the incident as seen now. */
    Incident acknowledge(String id, String by) {
        Incident incident = find(id);
        if (incident.status() == AlertStatus.RESOLVED) {
            throw new ApiException(409, ApiError.of("incident " + incident.id() + " is already resolved"));
        }
        List<Alert> open = incidents.alerts(incident.id(), IncidentStore.MAX_ACKNOWLEDGED_ALERTS).stream()
                .filter(a -> a.status() == AlertStatus.OPEN).toList();
        incidents.acknowledge(incident, open, clock.instant(), by);
        try {
            for (Alert alert : open) {
                publisher.publish(alert.seenAcknowledged()); // same revision: the job's next change must win
            }
        } catch (EventPublisher.PublishException e) {
            throw new ApiException(503, ApiError.of("acknowledged, but not yet announced: Kafka unavailable; retry"));
        }
        return incident.seenAcknowledged();
    }

    private Incident find(String id) {
        return incidents.find(id).orElseThrow(() -> ApiException.notFound("incident " + id));
    }

    /** The incident's fields and its alerts. */
    private static Map<String, Object> withAlerts(Incident incident, List<Alert> alerts) {
        Map<String, Object> body = new LinkedHashMap<>(io.bpmon.core.json.Json.mapper()
                .convertValue(incident, Map.class));
        body.put("alerts", alerts);
        return body;
    }
}
