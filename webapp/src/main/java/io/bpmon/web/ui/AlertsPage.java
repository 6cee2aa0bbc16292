package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /alerts}: filter by status, severity, rule and segment, acknowledge (the API's code path), new alerts
 * appear live (the list reloads when the event stream says the alerts changed).
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
    public record Filters(String status, String severity, String ruleId, String attribute, String value) {
        String query() {
            StringBuilder b = new StringBuilder();
            add(b, "status", status);
            add(b, "severity", severity);
            add(b, "ruleId", ruleId);
            add(b, "attribute", attribute);
            add(b, "value", value);
            return b.toString();
        }

        private static void add(StringBuilder b, String k, String v) {
            if (v != null && !v.isEmpty()) {
                b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
    }

    private final Templates templates;
    private final ElasticsearchClient es;
    private final Indices indices;
    private final Supplier<List<Rule>> rules;
    private final Acknowledger acknowledger;
    private final boolean loginRequired;

    public AlertsPage(Templates templates, ElasticsearchClient es, Indices indices, Supplier<List<Rule>> rules,
            Acknowledger acknowledger, boolean loginRequired) {
        this.templates = templates;
        this.es = es;
        this.indices = indices;
        this.rules = rules;
        this.acknowledger = acknowledger;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Filters f = filters(ctx);
        Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
        listModel(m, f);
        m.put("statuses", Arrays.stream(AlertStatus.values()).map(Enum::name).toList());
        m.put("severities", Arrays.stream(Severity.values()).map(Enum::name).toList());
        m.put("rules", rules.get().stream().map(Rule::id).sorted().toList());
        m.put("segmentAttributes", DashboardQueries.SEGMENT_ATTRIBUTES);
        PageModel.html(ctx, templates.page("alerts", m));
    }

    /** The list alone, for the live reload and after an acknowledgement. */
    void fragment(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
        listModel(m, filters(ctx));
        PageModel.html(ctx, templates.fragment("alerts", "list", m));
    }

    void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        Refusal refusal = acknowledger.acknowledge(id, UiSecurity.author(ctx));
        Filters f = filters(ctx);
        if (ctx.header("HX-Request") != null) {
            Map<String, Object> m = PageModel.of(ctx, "Alerts", "alerts", loginRequired);
            listModel(m, f);
            m.put("message", refusal == null ? "Alert acknowledged." : refusal.message());
            m.put("messageKind", refusal == null ? "ok" : "error");
            // 200 either way: htmx swaps only successful responses, and the list carries the message
            PageModel.html(ctx, templates.fragment("alerts", "list", m));
            return;
        }
        if (refusal != null) {
            throw new UiException(refusal.status(), refusal.message());
        }
        String q = f.query();
        ctx.redirect(UiPaths.ALERTS + (q.isEmpty() ? "" : "?" + q), HttpStatus.SEE_OTHER);
    }

    private void listModel(Map<String, Object> m, Filters f) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", LIMIT);
        body.put("track_total_hits", true);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        term(filter, "status", f.status());
        term(filter, "severity", f.severity());
        term(filter, "ruleId", f.ruleId());
        if (!f.attribute().isEmpty() && !f.value().isEmpty()) {
            term(filter, "attributes." + f.attribute(), f.value());
        }
        body.putArray("sort").addObject().putObject("detectedAt").put("order", "desc").put("unmapped_type", "date");
        JsonNode hits = es.search(indices.alerts(), body).path("hits");
        List<Alert> items = new ArrayList<>();
        for (JsonNode h : hits.path("hits")) {
            try {
                items.add(Json.mapper().treeToValue(h.path("_source"), Alert.class));
            } catch (Exception e) {
                // a document this version cannot read: left out of the list rather than failing the page
            }
        }
        m.put("f", f);
        m.put("filterQuery", f.query());
        m.put("items", items);
        m.put("total", hits.path("total").path("value").asLong());
        m.put("limit", LIMIT);
    }

    private static void term(ArrayNode filter, String field, String value) {
        if (value != null && !value.isEmpty()) {
            filter.addObject().putObject("term").put(field, value);
        }
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
        return new Filters(status, severity, ruleId, attribute, value);
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
