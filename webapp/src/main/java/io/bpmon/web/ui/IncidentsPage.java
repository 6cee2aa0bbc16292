package io.bpmon.web.ui;

import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.IncidentStore;
import io.bpmon.core.store.Page;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code /incidents} and {@code /incidents/{id}} (docs/incidents.md): one row per incident — rule, severity, segment,
 * orders open and in all, since when, status — and an incident with its alerts and the messages sent about it;
 * acknowledging an incident (the API's code path) acknowledges each of its open alerts. No sparkline, breach curve or
 * paging yet.
 */
public final class IncidentsPage {

    static final int LIMIT = 100;

    /** Acknowledges an incident the way {@code POST /api/incidents/{id}/ack} does; null, or why it did not. */
    @FunctionalInterface
    public interface Acknowledger {
        AlertsPage.Refusal acknowledge(String incidentId, String by);
    }

    /** The most messages an incident's page lists. */
    static final int NOTIFICATIONS = 50;

    private final Templates templates;
    private final IncidentStore incidents;
    private final Acknowledger acknowledger;
    private final BiFunction<String, Integer, List<DeliveryRecord>> notifications;
    private final boolean loginRequired;

    /** @param notifications the messages sent about an incident, newest first (the delivery log) */
    public IncidentsPage(Templates templates, IncidentStore incidents, Acknowledger acknowledger,
            BiFunction<String, Integer, List<DeliveryRecord>> notifications, boolean loginRequired) {
        this.templates = templates;
        this.incidents = incidents;
        this.acknowledger = acknowledger;
        this.notifications = notifications;
        this.loginRequired = loginRequired;
    }

    void list(Context ctx) {
        String status = param(ctx, "status");
        if (!status.isEmpty() && Arrays.stream(AlertStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw new UiException(400, "status: one of " + Arrays.toString(AlertStatus.values()));
        }
        String ruleId = param(ctx, "ruleId");
        if (ruleId.length() > 256) {
            throw new UiException(400, "ruleId: at most 256 characters");
        }
        Page<Incident> found = incidents.search(query(status, ruleId));
        Map<String, Object> m = PageModel.of(ctx, "Incidents", "incidents", loginRequired);
        m.put("items", found.items());
        m.put("total", found.total());
        m.put("status", status);
        m.put("ruleId", ruleId);
        m.put("statuses", Arrays.stream(AlertStatus.values()).map(Enum::name).toList());
        PageModel.html(ctx, templates.page("incidents", m));
    }

    /** The filters as the store's question. */
    static IncidentQuery query(String status, String ruleId) {
        return new IncidentQuery(status.isEmpty() ? Optional.empty() : Optional.of(AlertStatus.valueOf(status)),
                ruleId.isEmpty() ? Optional.empty() : Optional.of(ruleId), LIMIT);
    }

    void detail(Context ctx) {
        String id = ctx.pathParam("id");
        Incident incident = incidents.find(id).orElseThrow(() -> new UiException(404, "no incident " + id));
        List<Alert> alerts = incidents.alerts(incident.id(), IncidentQuery.MAX_ALERTS);
        Map<String, Object> m = PageModel.of(ctx, "Incident: " + incident.ruleName(), "incidents", loginRequired);
        PageModel.flash(ctx, m);
        m.put("incident", incident);
        m.put("alerts", alerts);
        m.put("notifications", notifications.apply(incident.id(), NOTIFICATIONS));
        PageModel.html(ctx, templates.page("incident", m));
    }

    void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        AlertsPage.Refusal refusal = acknowledger.acknowledge(id, UiSecurity.author(ctx));
        if (refusal != null) {
            throw new UiException(refusal.status(), refusal.message());
        }
        PageModel.redirect(ctx, UiPaths.INCIDENTS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                "Incident acknowledged, with its open alerts.");
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.trim();
    }
}
