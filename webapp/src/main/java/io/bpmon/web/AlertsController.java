package io.bpmon.web;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.kafka.AlertPublisher;
import io.bpmon.core.kafka.EventPublisher;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.AlertStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;

/** {@code GET /api/alerts} and {@code POST /api/alerts/{id}/ack} (docs/contract.md). */
final class AlertsController {

    private final AlertStore alerts;
    private final AlertPublisher publisher;
    private final Clock clock;

    AlertsController(AlertStore alerts, AlertPublisher publisher, Clock clock) {
        this.alerts = alerts;
        this.publisher = publisher;
        this.clock = clock;
    }

    void list(Context ctx) {
        Optional<AlertStatus> status = Params.alertStatus(ctx);
        AlertQuery query = new AlertQuery(status, param(ctx, "ruleId"), param(ctx, "orderId"),
                Params.limit(ctx, AlertQuery.DEFAULT_LIMIT, AlertQuery.MAX_LIMIT)).after(Params.after(ctx))
                .inIncident(param(ctx, "incidentId"));
        ctx.json(Params.cursor(() -> alerts.search(query)));
    }

    /**
     * Acknowledges an open alert: recorded beside the alert (it stays acknowledged while the job keeps changing it)
     * and published like every alert change. Acknowledging twice is harmless; a resolved alert cannot be
     * acknowledged (409).
     */
    void acknowledge(Context ctx) {
        ctx.json(acknowledge(ctx.pathParam("id"), RulesController.author(ctx)));
    }

    /** The acknowledgement itself, shared by the API and the UI's form; returns the alert as seen now. */
    Alert acknowledge(String id, String by) {
        Alert alert = alerts.find(id).orElseThrow(() -> ApiException.notFound("alert " + id));
        if (alert.status() == AlertStatus.ACKNOWLEDGED) {
            return alert;
        }
        if (alert.status() == AlertStatus.RESOLVED) {
            throw new ApiException(409, ApiError.of("alert " + id + " is already resolved (" + alert.resolution()
                    + ")"));
        }
        alerts.acknowledge(alert, clock.instant(), by);
        try {
            publisher.publish(alert.seenAcknowledged()); // same revision: the job's next change must win
        } catch (EventPublisher.PublishException e) {
            throw new ApiException(503, ApiError.of("acknowledged, but not yet announced: Kafka unavailable; retry"));
        }
        return alert.seenAcknowledged();
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isBlank());
    }
}
