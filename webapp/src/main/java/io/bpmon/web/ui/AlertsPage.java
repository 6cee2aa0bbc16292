package io.bpmon.web.ui;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.Page;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /alerts}: filter by status, severity, rule and segment, acknowledge (the API's code path), new alerts
 * appear live (the list reloads when the event stream says the alerts changed). The list is the API's search
 * ({@link AlertStore#search}), so the page and {@code GET /api/alerts} show the same statuses.
 */
public final class AlertsPage {

    static final int LIMIT = 100;
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Acknowledges an alert the way {@code POST /api/alerts/{id}/ack} does; the outcome for the user. */
    @FunctionalInterface
    public interface Acknowledger {
        /**
         * @param by who acknowledges (recorded with the acknowledgement)
         * @return null when acknowledged, else the reason it was not (with an HTTP status)
         */
        Refusal acknowledge(String alertId, String by);
    }

    /** Why an acknowledgement did not happen. */
    public record Refusal(int status, String message) {}

    /** The filters of the list, validated. */
    public record Filters(String status, String severity, String ruleId, String attribute, String value,
            String incidentId) {

        /** Of every incident. */
        public Filters(String status, String severity, String ruleId, String attribute, String value) {
            this(status, severity, ruleId, attribute, value, "");
        }

        String query() {
            StringBuilder b = new StringBuilder();
            add(b, "status", status);
            add(b, "severity", severity);
            add(b, "ruleId", ruleId);
            add(b, "attribute", attribute);
            add(b, "value", value);
            add(b, "incidentId", incidentId);
            return b.toString();
        }

        private static void add(StringBuilder b, String k, String v) {
            UiPaths.addParam(b, k, v);
        }
    }

    private final Templates templates;
    private final AlertStore alerts;
    private final Supplier<List<Rule>> rules;
    private final Acknowledger acknowledger;
    private final boolean loginRequired;

    public AlertsPage(Templates templates, AlertStore alerts, Supplier<List<Rule>> rules, Acknowledger acknowledger,
            boolean loginRequired) {
        this.templates = templates;
        this.alerts = alerts;
        this.rules = rules;
        this.acknowledger = acknowledger;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Filters f = filters(ctx);
        Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
        listModel(m, f, after(ctx));
        m.put("statuses", Arrays.stream(AlertStatus.values()).map(Enum::name).toList());
        m.put("severities", Arrays.stream(Severity.values()).map(Enum::name).toList());
        m.put("rules", rules.get().stream().map(Rule::id).sorted().toList());
        m.put("segmentAttributes", DashboardQueries.SEGMENT_ATTRIBUTES);
        PageModel.html(ctx, templates.page("alerts", m));
    }

    /** The list alone, for the live reload and after an acknowledgement. */
    void fragment(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
        listModel(m, filters(ctx), after(ctx));
        PageModel.html(ctx, templates.fragment("alerts", "list", m));
    }

    void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        Refusal refusal = acknowledger.acknowledge(id, UiSecurity.author(ctx));
        Filters f = filters(ctx);
        Optional<Cursor> after = after(ctx);
        if (ctx.header("HX-Request") != null) {
            Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
            listModel(m, f, after);
            m.put("message", refusal == null ? "Alert acknowledged." : refusal.message());
            m.put("messageKind", refusal == null ? "ok" : "error");
            // 200 either way: htmx swaps only successful responses, and the list carries the message
            PageModel.html(ctx, templates.fragment("alerts", "list", m));
            return;
        }
        if (refusal != null) {
            throw new UiException(refusal.status(), refusal.message());
        }
        ctx.redirect(link(f, after.orElse(null)), HttpStatus.SEE_OTHER);
    }

    /** One page of the alerts matching the filters, with the links to the first and the next page. */
    private void listModel(Map<String, Object> m, Filters f, Optional<Cursor> after) {
        Page<Alert> found = cursor(() -> alerts.search(query(f).after(after)));
        long position = after.map(Cursor::position).orElse(0L);
        m.put("f", f);
        m.put("filterQuery", f.query());
        m.put("items", found.items());
        m.put("total", found.total());
        m.put("from", position + 1);
        m.put("to", position + found.items().size());
        m.put("after", after.map(Cursor::encode).orElse(null));
        m.put("firstLink", after.isPresent() ? link(f, null) : null);
        m.put("nextLink", found.next() == null ? null : link(f, found.next()));
    }

    /** The list's URL with these filters, from this cursor's page (null: the first). */
    static String link(Filters f, Cursor after) {
        StringBuilder b = new StringBuilder(f.query());
        if (after != null) {
            Filters.add(b, "after", after.encode());
        }
        return UiPaths.ALERTS + (b.isEmpty() ? "" : "?" + b);
    }

    /** The {@code after} parameter: where the page starts (the {@code next} of the page before). */
    private static Optional<Cursor> after(Context ctx) {
        String v = param(ctx, "after");
        return v.isEmpty() ? Optional.empty() : Optional.of(cursor(() -> Cursor.decode(v)));
    }

    /** Reads a cursor or a page of it; one the list refuses is a 400 naming {@code after}. */
    private static <T> T cursor(Supplier<T> read) {
        try {
            return read.get();
        } catch (Cursor.InvalidCursorException e) {
            throw new UiException(400, "after: " + e.getMessage());
        }
    }

    /** The filters as the store's question. */
    static AlertQuery query(Filters f) {
        return new AlertQuery(
                f.status().isEmpty() ? Optional.empty() : Optional.of(AlertStatus.valueOf(f.status())),
                f.ruleId().isEmpty() ? Optional.empty() : Optional.of(f.ruleId()), Optional.empty(),
                f.severity().isEmpty() ? Optional.empty() : Optional.of(Severity.valueOf(f.severity())),
                f.attribute().isEmpty() || f.value().isEmpty() ? Optional.empty()
                        : Optional.of(new AlertQuery.AttributeValue(f.attribute(), f.value())),
                LIMIT).inIncident(f.incidentId().isEmpty() ? Optional.empty() : Optional.of(f.incidentId()));
    }

    private static Filters filters(Context ctx) {
        String status = param(ctx, "status");
        if (!status.isEmpty() && Arrays.stream(AlertStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw new UiException(400, "status: one of " + Arrays.toString(AlertStatus.values()));
        }
        String severity = param(ctx, "severity");
        if (!severity.isEmpty() && Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(severity))) {
            throw new UiException(400, "severity: one of " + Arrays.toString(Severity.values()));
        }
        String ruleId = param(ctx, "ruleId");
        String attribute = param(ctx, "attribute");
        if (!attribute.isEmpty() && !ATTRIBUTE.matcher(attribute).matches()) {
            throw new UiException(400, "attribute: letters, digits, '_', '.', '-' (at most 64)");
        }
        String value = param(ctx, "value");
        if (ruleId.length() > 256 || value.length() > 256) {
            throw new UiException(400, (ruleId.length() > 256 ? "ruleId" : "value") + ": at most 256 characters");
        }
        String incidentId = param(ctx, "incidentId");
        if (incidentId.length() > 256) {
            throw new UiException(400, "incidentId: at most 256 characters");
        }
        return new Filters(status, severity, ruleId, attribute, value, incidentId);
    }

    /** From the query string, or from the form of a POST. */
    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null && ctx.method() == io.javalin.http.HandlerType.POST) {
            v = ctx.formParam(name);
        }
        return v == null ? "" : v.trim();
    }
}
