package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleChangeException;
import io.bpmon.core.rules.RuleDiff;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleService;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.store.ElasticsearchRulePreview;
import io.bpmon.core.store.ElasticsearchRuleStatusReader;
import io.bpmon.core.store.RuleStatus;
import io.bpmon.core.time.Durations;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /rules}: the rules with their alert counts and the job's acknowledgement, enable/disable, delete with a
 * confirmation; the editor for STEP_SLA, STALL and VELOCITY rules with human durations, a preview against stored
 * history and suggested thresholds; each rule's versions with diffs and restore. Validation is the core
 * {@link io.bpmon.core.rules.RuleValidator}'s, through {@link RuleService}, as for the API.
 */
public final class RulesPage {

    static final Duration STATS_RANGE = Duration.ofHours(24);
    static final int PREVIEW_SAMPLE = 20;
    static final List<String> FIELDS = List.of("id", "name", "kind", "severity", "enabled", "from", "to",
            "maxDuration", "statuses", "eventType", "window", "min", "max", "groupBy", "scope", "previewHours");

    /** What the page reads and calls. */
    public record Backend(RuleService rules, ElasticsearchRulePreview preview, ElasticsearchRuleStatusReader statuses,
            Lifecycle lifecycle) {}

    /** A rule as listed: its counts over the last 24 h and what the job applies. */
    public record Row(Rule rule, long breaches, long open, RuleStatus status, boolean current, String what) {

        /** When the job took up its version, to the second, in UTC. */
        public String since() {
            return status == null || status.appliedAt() == null ? "?" : SINCE.format(status.appliedAt());
        }
    }

    private static final java.time.format.DateTimeFormatter SINCE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** One version with the changes from the version before it. */
    public record VersionRow(RuleVersion version, List<RuleDiff.Change> changes) {}

    private final Templates templates;
    private final Backend backend;
    private final Clock clock;
    private final boolean loginRequired;

    public RulesPage(Templates templates, Backend backend, Clock clock, boolean loginRequired) {
        this.templates = templates;
        this.backend = backend;
        this.clock = clock;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Rules", "rules", loginRequired);
        Instant now = clock.instant();
        Map<String, ElasticsearchRulePreview.AlertCounts> counts = safe(
                () -> backend.preview().alertCounts(now.minus(STATS_RANGE), now), Map.of());
        Map<String, RuleStatus> statuses = safe(() -> backend.statuses().all(), Map.of());
        List<Row> rows = backend.rules().list().stream().sorted(Comparator.comparing(Rule::id)).map(r -> {
            var c = counts.get(r.id());
            RuleStatus s = statuses.get(r.id());
            return new Row(r, c == null ? 0 : c.detected(), c == null ? 0 : c.open(), s,
                    s != null && s.version() == r.version(), what(r));
        }).toList();
        m.put("rows", rows);
        m.put("mayEdit", UiSecurity.mayEditRules(ctx));
        done(ctx, m);
        PageModel.html(ctx, templates.page("rules", m));
    }

    void enable(Context ctx) {
        requireEditor(ctx);
        String id = ctx.pathParam("ruleId");
        Rule r = backend.rules().get(id).orElseThrow(() -> new UiException(404, "There is no rule '" + id + "'."));
        boolean on = "true".equals(ctx.formParam("enabled"));
        ObjectNode content = Json.mapper().valueToTree(r.withEnabled(on));
        change(() -> backend.rules().update(id, content, UiSecurity.author(ctx)));
        redirect(ctx, UiPaths.RULES, "Rule " + id + (on ? " enabled." : " disabled."));
    }

    void confirmDelete(Context ctx) {
        requireEditor(ctx);
        String id = ctx.pathParam("ruleId");
        Rule r = backend.rules().get(id).orElseThrow(() -> new UiException(404, "There is no rule '" + id + "'."));
        Map<String, Object> m = PageModel.of(ctx, "Delete rule " + id, "rules", loginRequired);
        m.put("rule", r);
        m.put("what", what(r));
        PageModel.html(ctx, templates.page("rule-delete", m));
    }

    void delete(Context ctx) {
        requireEditor(ctx);
        String id = ctx.pathParam("ruleId");
        change(() -> {
            backend.rules().delete(id, UiSecurity.author(ctx));
            return null;
        });
        redirect(ctx, UiPaths.RULES, "Rule " + id + " deleted; its history is kept.");
    }

    void newForm(Context ctx) {
        requireEditor(ctx);
        Map<String, String> form = new LinkedHashMap<>();
        FIELDS.forEach(f -> form.put(f, ""));
        form.put("kind", Optional.ofNullable(ctx.queryParam("kind")).filter(k -> k.matches("[A-Z_]{1,20}"))
                .orElse("STEP_SLA"));
        form.put("severity", "WARNING");
        form.put("enabled", "true");
        form.put("previewHours", "24");
        editor(ctx, form, null, Map.of(), 200);
    }

    void editForm(Context ctx) {
        requireEditor(ctx);
        String id = ctx.pathParam("ruleId");
        Rule r = backend.rules().get(id).orElseThrow(() -> new UiException(404, "There is no rule '" + id + "'."));
        editor(ctx, form(r), r, Map.of(), 200);
    }

    /** The editor's submit: "preview", "thresholds" or "save" (the default). */
    void submit(Context ctx) {
        requireEditor(ctx);
        Map<String, String> form = new LinkedHashMap<>();
        for (String f : FIELDS) {
            List<String> values = ctx.formParams(f);
            form.put(f, f.equals("statuses") ? String.join(",", values)
                    : Optional.ofNullable(ctx.formParam(f)).orElse("").trim());
        }
        if (ctx.formParam("enabled") == null) {
            form.put("enabled", "false");
        }
        String original = Optional.ofNullable(ctx.formParam("original")).orElse("").trim();
        Rule stored = original.isEmpty() ? null : backend.rules().get(original)
                .orElseThrow(() -> new UiException(404, "There is no rule '" + original + "'."));
        if (stored != null) {
            form.put("id", stored.id());
        }
        String action = Optional.ofNullable(ctx.formParam("action")).orElse("save");
        List<FieldError> errors = new ArrayList<>();
        ObjectNode json = json(form, errors);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (action.equals("thresholds")) {
            thresholds(form, json, errors, extra);
            editor(ctx, form, stored, extra, errors.isEmpty() ? 200 : 400, errors);
            return;
        }
        // the core validator, as the API uses it
        var result = new io.bpmon.core.rules.RuleValidator(backend.lifecycle()).validate(json);
        errors.addAll(result.errors());
        if (!errors.isEmpty()) {
            editor(ctx, form, stored, extra, 400, errors);
            return;
        }
        if (action.equals("preview")) {
            preview(result.value(), form, errors, extra);
            editor(ctx, form, stored, extra, errors.isEmpty() ? 200 : 400, errors);
            return;
        }
        try {
            Rule saved = stored == null ? backend.rules().create(json, UiSecurity.author(ctx))
                    : backend.rules().update(stored.id(), json, UiSecurity.author(ctx));
            redirect(ctx, UiPaths.RULES, "Rule " + saved.id() + " saved as version " + saved.version()
                    + "; waiting for the job to pick it up.");
        } catch (RuleChangeException e) {
            if (e.reason() == RuleChangeException.Reason.INVALID) {
                errors.addAll(e.errors());
            } else if (e.reason() == RuleChangeException.Reason.ALREADY_EXISTS) {
                errors.add(new FieldError("id", "a rule with this id exists already; choose another"));
            } else {
                errors.add(new FieldError("form", e.getMessage()));
            }
            editor(ctx, form, stored, extra, e.reason() == RuleChangeException.Reason.CHANGED_CONCURRENTLY ? 409 : 400,
                    errors);
        }
    }

    void versions(Context ctx) {
        String id = ctx.pathParam("ruleId");
        List<RuleVersion> history = backend.rules().history(id);
        if (history.isEmpty()) {
            throw new UiException(404, "There is no rule '" + id + "'.");
        }
        List<VersionRow> rows = new ArrayList<>();
        RuleVersion before = null;
        for (RuleVersion v : history.stream().sorted(Comparator.comparingLong(RuleVersion::version)).toList()) {
            rows.add(new VersionRow(v, before == null ? List.of() : RuleDiff.between(before.rule(), v.rule())));
            before = v;
        }
        Map<String, Object> m = PageModel.of(ctx, "Versions of " + id, "rules", loginRequired);
        m.put("ruleId", id);
        java.util.Collections.reverse(rows);
        m.put("versions", rows);
        m.put("latest", before.version());
        m.put("mayEdit", UiSecurity.mayEditRules(ctx));
        m.put("status", safe(() -> backend.statuses().find(id).orElse(null), null));
        done(ctx, m);
        PageModel.html(ctx, templates.page("rule-versions", m));
    }

    void restore(Context ctx) {
        requireEditor(ctx);
        String id = ctx.pathParam("ruleId");
        long version;
        try {
            version = Long.parseLong(Optional.ofNullable(ctx.formParam("version")).orElse("").trim());
        } catch (NumberFormatException e) {
            throw new UiException(400, "Choose a version to restore.");
        }
        Rule r = change(() -> backend.rules().restore(id, version, UiSecurity.author(ctx)));
        redirect(ctx, UiPaths.RULES + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/versions",
                "Version " + version + " restored as version " + r.version() + ".");
    }

    private void editor(Context ctx, Map<String, String> form, Rule stored, Map<String, Object> extra, int status) {
        editor(ctx, form, stored, extra, status, List.of());
    }

    private void editor(Context ctx, Map<String, String> form, Rule stored, Map<String, Object> extra, int status,
            List<FieldError> errors) {
        Map<String, Object> m = PageModel.of(ctx, stored == null ? "New rule" : "Edit rule " + stored.id(), "rules",
                loginRequired);
        m.putAll(extra);
        m.put("form", form);
        m.put("stored", stored);
        m.put("errors", byField(errors));
        m.put("kinds", List.of("STEP_SLA", "STALL", "VELOCITY"));
        m.put("severities", List.of(io.bpmon.core.rules.Severity.values()));
        m.put("steps", backend.lifecycle().steps().stream().map(Step::name).toList());
        m.put("eventTypes", backend.lifecycle().eventTypes().stream().sorted().toList());
        m.put("selectedStatuses", List.of(form.getOrDefault("statuses", "").split(",")));
        m.put("attributes", safe(() -> backend.preview().attributes(20), List.of()));
        ctx.status(status);
        PageModel.html(ctx, templates.page("rule-edit", m));
    }

    private void preview(Rule rule, Map<String, String> form, List<FieldError> errors, Map<String, Object> extra) {
        int hours;
        try {
            hours = Integer.parseInt(form.get("previewHours").isEmpty() ? "24" : form.get("previewHours"));
        } catch (NumberFormatException e) {
            hours = -1;
        }
        if (hours < 1 || hours > 24 * 90) {
            errors.add(new FieldError("previewHours", "must be a whole number of hours from 1 to 2160"));
            return;
        }
        Instant until = clock.instant();
        Instant since = until.minus(Duration.ofHours(hours));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("since", since);
        p.put("until", until);
        p.put("hours", hours);
        if (rule.kind() == RuleKind.VELOCITY) {
            var v = backend.preview().velocity(rule, since, until);
            p.put("flagged", v.episodes().size());
            p.put("episodes", v.episodes());
            p.put("orders", List.of());
        } else {
            var f = backend.preview().flagged(rule, since, until, PREVIEW_SAMPLE);
            p.put("flagged", f.count());
            p.put("orders", f.sample());
            p.put("episodes", List.of());
        }
        p.put("unit", rule.kind() == RuleKind.VELOCITY ? "episodes" : "orders");
        backend.rules().get(rule.id()).ifPresent(s -> {
            p.put("currentVersion", s.version());
            p.put("current", backend.preview().raised(s.id(), s.kind(), since, until).count());
        });
        extra.put("preview", p);
    }

    private void thresholds(Map<String, String> form, ObjectNode json, List<FieldError> errors,
            Map<String, Object> extra) {
        Instant until = clock.instant();
        Instant since = until.minus(Duration.ofDays(7));
        Map<String, List<String>> scope = new LinkedHashMap<>();
        json.path("scope").fields().forEachRemaining(e -> {
            List<String> vs = new ArrayList<>();
            e.getValue().forEach(v -> vs.add(v.asText()));
            scope.put(e.getKey(), vs);
        });
        Map<String, String> out = new LinkedHashMap<>();
        long observations;
        if ("VELOCITY".equals(form.get("kind"))) {
            Duration window = parse(form.get("window"));
            if (window == null || !backend.lifecycle().isEventType(form.get("eventType"))) {
                errors.add(new FieldError("window", "choose an event type and a window to see observed counts"));
                return;
            }
            var o = backend.preview().windowCounts(form.get("eventType"), window, scope, since, until);
            o.percentiles().forEach((k, v) -> out.put(k, v + " per " + Durations.format(window)));
            observations = o.orders();
        } else if ("STEP_SLA".equals(form.get("kind"))) {
            String from = form.get("from");
            String to = form.get("to");
            if (backend.lifecycle().step(from).isEmpty() || backend.lifecycle().step(to).isEmpty()
                    || !backend.lifecycle().canReach(from, to)) {
                errors.add(new FieldError("to", "choose two steps, the second reachable after the first"));
                return;
            }
            var o = backend.preview().stepDurations(from, to, scope, since, until);
            o.percentiles().forEach((k, v) -> out.put(k, v == null ? "—"
                    : Durations.format(Duration.ofSeconds(Math.max(1, (v + 500) / 1000)))));
            observations = o.orders();
        } else {
            errors.add(new FieldError("kind", "suggested thresholds are for STEP_SLA and VELOCITY rules"));
            return;
        }
        extra.put("thresholds", Map.of("percentiles", out, "observations", observations, "days", 7));
    }

    /** The form as the rule JSON the validator reads; human durations become ISO-8601 here. */
    private static ObjectNode json(Map<String, String> form, List<FieldError> errors) {
        ObjectNode n = Json.mapper().createObjectNode();
        put(n, "id", form.get("id"));
        put(n, "name", form.get("name"));
        put(n, "kind", form.get("kind"));
        put(n, "severity", form.get("severity"));
        n.put("enabled", "true".equals(form.get("enabled")));
        String kind = form.get("kind");
        if ("STEP_SLA".equals(kind)) {
            put(n, "from", form.get("from"));
            put(n, "to", form.get("to"));
        }
        if ("STEP_SLA".equals(kind) || "STALL".equals(kind)) {
            duration(n, "maxDuration", form.get("maxDuration"), errors);
        }
        if ("STALL".equals(kind) && !form.get("statuses").isBlank()) {
            ArrayNode a = n.putArray("statuses");
            for (String s : form.get("statuses").split(",")) {
                if (!s.isBlank()) {
                    a.add(s.trim());
                }
            }
        }
        if ("VELOCITY".equals(kind)) {
            put(n, "eventType", form.get("eventType"));
            duration(n, "window", form.get("window"), errors);
            integer(n, "min", form.get("min"), errors);
            integer(n, "max", form.get("max"), errors);
            if (!form.get("groupBy").isBlank()) {
                ArrayNode a = n.putArray("groupBy");
                for (String s : form.get("groupBy").split(",")) {
                    if (!s.isBlank()) {
                        a.add(s.trim());
                    }
                }
            }
        }
        ObjectNode scope = n.putObject("scope");
        for (String line : form.get("scope").split("[\\n;]")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                errors.add(new FieldError("scope", "write one attribute per line as name=value1,value2, e.g."
                        + " country=AT"));
                break;
            }
            ArrayNode values = scope.putArray(line.substring(0, eq).trim());
            for (String v : line.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
        }
        return n;
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null && !value.isBlank()) {
            n.put(field, value);
        }
    }

    private static void duration(ObjectNode n, String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return; // the validator reports it missing
        }
        try {
            n.put(field, Durations.parse(value).toString());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            n.put(field, "-"); // keeps the validator from also calling it missing; its message is dropped below
        }
    }

    private static void integer(ObjectNode n, String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            n.put(field, Long.parseLong(value));
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number of at least 0"));
        }
    }

    private static Duration parse(String text) {
        try {
            return text == null || text.isBlank() ? null : Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> form(Rule r) {
        Map<String, String> f = new LinkedHashMap<>();
        FIELDS.forEach(k -> f.put(k, ""));
        f.put("id", r.id());
        f.put("name", r.name());
        f.put("kind", r.kind().name());
        f.put("severity", r.severity() == null ? "" : r.severity().name());
        f.put("enabled", String.valueOf(r.enabled()));
        f.put("from", r.from() == null ? "" : r.from());
        f.put("to", r.to() == null ? "" : r.to());
        f.put("maxDuration", r.maxDuration() == null ? "" : Durations.format(r.maxDuration()));
        f.put("statuses", String.join(",", r.statuses()));
        f.put("eventType", r.eventType() == null ? "" : r.eventType());
        f.put("window", r.window() == null ? "" : Durations.format(r.window()));
        f.put("min", r.min() == null ? "" : r.min().toString());
        f.put("max", r.max() == null ? "" : r.max().toString());
        f.put("groupBy", String.join(", ", r.groupBy()));
        StringBuilder scope = new StringBuilder();
        r.scope().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> scope.append(e.getKey())
                .append('=').append(String.join(",", e.getValue())).append('\n'));
        f.put("scope", scope.toString().trim());
        f.put("previewHours", "24");
        return f;
    }

    /** The rule in words, with durations as people say them. */
    static String what(Rule r) {
        return switch (r.kind()) {
            case STEP_SLA -> r.from() + " → " + r.to() + " within " + fmt(r.maxDuration());
            case STALL -> "in " + (r.statuses().isEmpty() ? "any open step" : String.join(", ", r.statuses()))
                    + " at most " + fmt(r.maxDuration());
            case VELOCITY -> r.eventType() + " per " + fmt(r.window())
                    + (r.min() != null ? ", at least " + r.min() : "") + (r.max() != null ? ", at most " + r.max() : "");
            default -> r.kind().name();
        };
    }

    private static String fmt(Duration d) {
        return d == null ? "?" : Durations.format(d);
    }

    private static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String field = e.field().startsWith("scope") ? "scope" : e.field().startsWith("groupBy") ? "groupBy"
                    : e.field().startsWith("statuses") ? "statuses" : e.field();
            if (e.message().contains("'-' is not an ISO-8601")) {
                continue; // our own placeholder for a duration already reported
            }
            out.merge(field, e.message(), (a, b) -> a + "; " + b);
        }
        return out;
    }

    private static void requireEditor(Context ctx) {
        if (!UiSecurity.mayEditRules(ctx)) {
            throw new UiException(403, "Changing rules needs the editor role.");
        }
    }

    private static <T> T change(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuleChangeException e) {
            int status = switch (e.reason()) {
                case NOT_FOUND -> 404;
                case CHANGED_CONCURRENTLY -> 409;
                default -> 400;
            };
            throw new UiException(status, e.getMessage());
        }
    }

    private static <T> T safe(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static void done(Context ctx, Map<String, Object> m) {
        Optional.ofNullable(ctx.queryParam("done")).filter(d -> d.length() <= 300).ifPresent(d -> m.put("message", d));
    }

    private static void redirect(Context ctx, String path, String message) {
        ctx.redirect(path + "?done=" + URLEncoder.encode(message, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }
}
