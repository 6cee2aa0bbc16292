package io.bpmon.web.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.OrderReader;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /orders} (search, filter, sort, page) and {@code /orders/{orderId}} (timeline, step deadlines, alerts). */
public final class OrdersPage {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Templates templates;
    private final OrderSearch search;
    private final OrderReader orders;
    private final AlertStore alerts;
    private final Lifecycle lifecycle;
    private final Supplier<List<Rule>> rules;
    private final Clock clock;
    private final boolean loginRequired;

    public OrdersPage(Templates templates, OrderSearch search, OrderReader orders, AlertStore alerts,
            Lifecycle lifecycle, Supplier<List<Rule>> rules, Clock clock, boolean loginRequired) {
        this.templates = templates;
        this.search = search;
        this.orders = orders;
        this.alerts = alerts;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.clock = clock;
        this.loginRequired = loginRequired;
    }

    void list(Context ctx) {
        OrderSearch.Query q = search.parse(ctx.queryParamMap());
        OrderSearch.Result r = search.search(q);
        Map<String, Object> m = PageModel.of(ctx, "Orders", "orders", loginRequired);
        m.put("q", q);
        m.put("items", r.items().stream().map(OrdersPage::toMap).toList());
        m.put("total", r.total());
        m.put("page", r.page());
        m.put("pages", r.pages());
        m.put("statuses", lifecycle.steps().stream().map(Step::name).toList());
        m.put("filterAttributes", OrderSearch.FILTER_ATTRIBUTES);
        m.put("ranges", OrderSearch.RANGES.keySet());
        m.put("sortLinks", sortLinks(q));
        m.put("firstLink", q.after().isPresent() ? link(q, q.sort(), q.ascending(), null) : null);
        m.put("nextLink", r.next() == null ? null : link(q, q.sort(), q.ascending(), r.next()));
        PageModel.html(ctx, templates.page("orders", m));
    }

    void detail(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        JsonNode doc = orders.find(orderId).orElseThrow(() -> new UiException(404, "No order with id " + orderId));
        Map<String, Object> order = toMap(doc);
        List<Alert> orderAlerts = alerts.search(AlertQuery.forOrder(orderId)).items();
        Map<String, Object> m = PageModel.of(ctx, "Order " + orderId, "orders", loginRequired);
        m.put("o", order);
        m.put("timeline", timeline(doc));
        m.put("deadlines", deadlines(doc));
        m.put("alerts", orderAlerts);
        m.put("steps", stepTimes(doc));
        PageModel.html(ctx, templates.page("order", m));
    }

    /** One event on the timeline. */
    public record TimelineRow(String eventId, String type, String occurredAt, String receivedAt, String delay,
            String source, boolean late, long duplicates, String conformance, Map<String, String> attributes) {}

    /** One SLA rule applied to this order: the wait it measures against its limit. */
    public record DeadlineRow(String ruleId, String ruleName, String severity, String from, String to,
            String startedAt, String endedAt, String deadline, String took, String limit, String state) {}

    /** A step reached, when. */
    public record StepTime(String step, String at, boolean reached) {}

    private List<StepTime> stepTimes(JsonNode doc) {
        List<StepTime> out = new ArrayList<>();
        JsonNode steps = doc.path("steps");
        for (Step s : lifecycle.steps()) {
            if (steps.hasNonNull(s.name())) {
                out.add(new StepTime(s.name(), steps.path(s.name()).asText(), true));
            } else if (lifecycle.mainPath().contains(s.name())) {
                out.add(new StepTime(s.name(), null, false));
            }
        }
        return out;
    }

    private static List<TimelineRow> timeline(JsonNode doc) {
        List<TimelineRow> rows = new ArrayList<>();
        for (JsonNode e : doc.path("events")) {
            String occurred = e.path("occurredAt").asText(null);
            String received = e.path("receivedAt").asText(null);
            String delay = null;
            if (occurred != null && received != null) {
                try {
                    delay = PipelineHealth.duration(Duration.between(Instant.parse(occurred),
                            Instant.parse(received)).toMillis());
                } catch (RuntimeException ignored) {
                    // unparseable: shown without delay
                }
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            e.path("attributes").fields().forEachRemaining(a -> attrs.put(a.getKey(), a.getValue().asText()));
            rows.add(new TimelineRow(e.path("eventId").asText(), e.path("type").asText(), occurred, received, delay,
                    e.path("source").asText(null), e.path("late").asBoolean(), e.path("duplicates").asLong(),
                    e.path("conformance").asText(null), attrs));
        }
        return rows;
    }

    private List<DeadlineRow> deadlines(JsonNode doc) {
        Map<String, String> attributes = new LinkedHashMap<>();
        doc.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        JsonNode steps = doc.path("steps");
        Instant now = clock.instant();
        List<DeadlineRow> out = new ArrayList<>();
        for (Rule r : rules.get()) {
            if (!r.enabled() || r.kind() != RuleKind.STEP_SLA || r.maxDuration() == null || !r.appliesTo(attributes)) {
                continue;
            }
            Instant start = instant(steps.path(r.from()).asText(null));
            Instant end = instant(steps.path(r.to()).asText(null));
            String state;
            String took = null;
            String deadline = null;
            if (start == null) {
                state = "not started";
            } else {
                Instant due = start.plus(r.maxDuration());
                deadline = due.toString();
                if (end != null) {
                    Duration d = Duration.between(start, end);
                    took = PipelineHealth.duration(d.toMillis());
                    state = d.compareTo(r.maxDuration()) <= 0 ? "met" : "breached";
                } else if (doc.path("terminal").asBoolean()) {
                    state = "abandoned";
                } else {
                    took = PipelineHealth.duration(Duration.between(start, now).toMillis());
                    state = now.isAfter(due) ? "overdue" : "waiting";
                }
            }
            out.add(new DeadlineRow(r.id(), r.name(), r.severity() == null ? "" : r.severity().name(), r.from(),
                    r.to(), start == null ? null : start.toString(), end == null ? null : end.toString(), deadline,
                    took, PipelineHealth.duration(r.maxDuration().toMillis()), state));
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Map<String, Object> toMap(JsonNode doc) {
        return Json.mapper().convertValue(doc, MAP);
    }

    private static Map<String, String> sortLinks(OrderSearch.Query q) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String s : OrderSearch.SORTS.keySet()) {
            boolean asc = s.equals(q.sort()) ? !q.ascending() : s.equals("orderId") || s.equals("status");
            links.put(s, link(q, s, asc, null));
        }
        return links;
    }

    /** The list's URL with this sort, from this cursor's page (null: the first), the filters kept. */
    static String link(OrderSearch.Query q, String sort, boolean ascending, Cursor after) {
        StringBuilder b = new StringBuilder(UiPaths.ORDERS).append("?sort=").append(sort)
                .append("&dir=").append(ascending ? "asc" : "desc");
        add(b, "id", q.id());
        add(b, "status", q.status());
        add(b, "range", q.range());
        q.attributes().forEach((k, v) -> add(b, k, v));
        if (after != null) {
            add(b, "after", after.encode());
        }
        return b.toString();
    }

    private static void add(StringBuilder b, String k, String v) {
        if (v != null && !v.isEmpty()) {
            b.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }
}
