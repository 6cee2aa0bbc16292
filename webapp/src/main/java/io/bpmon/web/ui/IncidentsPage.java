package io.bpmon.web.ui;

import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.IncidentProfile;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.IncidentStore;
import io.bpmon.core.store.Page;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code /incidents} and {@code /incidents/{id}} (docs/incidents.md): one row per incident — rule, severity, segment,
 * orders open and in all, since when, status — and an incident with its alerts and the messages sent about it;
 * acknowledging an incident (the API's code path, from the list or its page) acknowledges each of its open alerts. The
 * list is paged like the alerts (a cursor in {@code after}), each row with its alerts per minute over the last hour;
 * an incident's page draws its breach curve and the attribute values most of its alerts share.
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
    /** The newest alerts an incident's page shows; all of them are a link away, paged (the alerts list). */
    static final int ALERTS = 100;
    /** Minutes of alerts each row's sparkline shows. */
    static final int SPARK_MINUTES = 60;
    /** Values per attribute the "most affected" list names. */
    static final int TOP_VALUES = 5;
    static final int CURVE_WIDTH = 600;
    static final int CURVE_HEIGHT = 120;

    private final Templates templates;
    private final IncidentStore incidents;
    private final Acknowledger acknowledger;
    private final BiFunction<String, Integer, List<DeliveryRecord>> notifications;
    private final Clock clock;
    private final boolean loginRequired;

    /** @param notifications the messages sent about an incident, newest first (the delivery log) */
    public IncidentsPage(Templates templates, IncidentStore incidents, Acknowledger acknowledger,
            BiFunction<String, Integer, List<DeliveryRecord>> notifications, Clock clock, boolean loginRequired) {
        this.templates = templates;
        this.incidents = incidents;
        this.acknowledger = acknowledger;
        this.notifications = notifications;
        this.clock = clock;
        this.loginRequired = loginRequired;
    }

    void list(Context ctx) {
        String status = param(ctx, "status");
        if (!status.isEmpty() && Arrays.stream(AlertStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw new UiException(400, "status: one of " + Arrays.toString(AlertStatus.values()));
        }
        String severity = param(ctx, "severity");
        if (!severity.isEmpty() && Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(severity))) {
            throw new UiException(400, "severity: one of " + Arrays.toString(Severity.values()));
        }
        String ruleId = param(ctx, "ruleId");
        if (ruleId.length() > 256) {
            throw new UiException(400, "ruleId: at most 256 characters");
        }
        String afterParam = param(ctx, "after");
        Optional<Cursor> after = afterParam.isEmpty() ? Optional.empty()
                : Optional.of(cursor(() -> Cursor.decode(afterParam)));
        Page<Incident> found = cursor(() -> incidents.search(query(status, ruleId, severity).after(after)));
        long position = after.map(Cursor::position).orElse(0L);
        Map<String, Object> m = PageModel.of(ctx, "Incidents", "incidents", loginRequired);
        PageModel.flash(ctx, m);
        Map<String, List<Long>> perMinute = PageModel.optional(() -> incidents.perMinute(
                found.items().stream().map(Incident::id).toList(), clock.instant(), SPARK_MINUTES), Map.of());
        Map<String, String> sparklines = new HashMap<>();
        perMinute.forEach((id, counts) -> sparklines.put(id, Sparkline.points(counts, 60, 16)));
        m.put("sparklines", sparklines);
        m.put("items", found.items());
        m.put("total", found.total());
        m.put("from", position + 1);
        m.put("to", position + found.items().size());
        m.put("status", status);
        m.put("severity", severity);
        m.put("ruleId", ruleId);
        m.put("statuses", Arrays.stream(AlertStatus.values()).map(Enum::name).toList());
        m.put("severities", Arrays.stream(Severity.values()).map(Enum::name).toList());
        m.put("firstLink", after.isPresent() ? link(status, severity, ruleId, null) : null);
        m.put("nextLink", found.next() == null ? null : link(status, severity, ruleId, found.next()));
        m.put("back", link(status, severity, ruleId, after.orElse(null)));
        PageModel.html(ctx, templates.page("incidents", m));
    }

    /** The filters as the store's question (the first page). */
    static IncidentQuery query(String status, String ruleId, String severity) {
        return new IncidentQuery(status.isEmpty() ? Optional.empty() : Optional.of(AlertStatus.valueOf(status)),
                ruleId.isEmpty() ? Optional.empty() : Optional.of(ruleId),
                severity.isEmpty() ? Optional.empty() : Optional.of(Severity.valueOf(severity)), LIMIT,
                Optional.empty());
    }

    /** The list with these filters, from {@code after} on (null: the first page). */
    static String link(String status, String severity, String ruleId, Cursor after) {
        StringBuilder b = new StringBuilder();
        UiPaths.addParam(b, "status", status);
        UiPaths.addParam(b, "severity", severity);
        UiPaths.addParam(b, "ruleId", ruleId);
        UiPaths.addParam(b, "after", after == null ? null : after.encode());
        return UiPaths.INCIDENTS + (b.isEmpty() ? "" : "?" + b);
    }


    /** Reads a cursor or a page of it; one the list refuses is a 400 naming {@code after}. */
    private static <T> T cursor(Supplier<T> read) {
        try {
            return read.get();
        } catch (Cursor.InvalidCursorException e) {
            throw new UiException(400, "after: " + e.getMessage());
        }
    }

    void detail(Context ctx) {
        String id = ctx.pathParam("id");
        Incident incident = incidents.find(id).orElseThrow(() -> new UiException(404, "no incident " + id));
        List<Alert> alerts = incidents.alerts(incident.id(), ALERTS);
        Map<String, Object> m = PageModel.of(ctx, "Incident: " + incident.ruleName(), "incidents", loginRequired);
        PageModel.flash(ctx, m);
        m.put("incident", incident);
        m.put("alerts", alerts);
        m.put("notifications", notifications.apply(incident.id(), NOTIFICATIONS));
        IncidentProfile profile = PageModel.optional(() -> incidents.profile(incident, clock.instant(),
                DashboardQueries.SEGMENT_ATTRIBUTES, TOP_VALUES), null);
        m.put("profile", profile);
        m.put("curve", profile == null ? List.of() : Sparkline.bars(profile.counts(), CURVE_WIDTH, CURVE_HEIGHT));
        PageModel.html(ctx, templates.page("incident", m));
    }

    void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        AlertsPage.Refusal refusal = acknowledger.acknowledge(id, UiSecurity.author(ctx));
        if (refusal != null) {
            throw new UiException(refusal.status(), refusal.message());
        }
        String back = Optional.ofNullable(ctx.formParam("back")).orElse("");
        // only a path into the incidents list: never a redirect elsewhere
        boolean listLink = (back.startsWith(UiPaths.INCIDENTS + "?") || back.equals(UiPaths.INCIDENTS))
                && back.length() <= 2048 && back.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        String to = listLink ? back
                : UiPaths.INCIDENTS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        PageModel.redirect(ctx, to, "Incident acknowledged, with its open alerts.");
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.trim();
    }
}
