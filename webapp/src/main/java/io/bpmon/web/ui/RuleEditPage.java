package io.bpmon.web.ui;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.web.common.RuleChangeRefusal;
import io.javalin.http.Context;
import io.bpmon.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /rules/new} and {@code /rules/{id}/edit}: the editor for STEP_SLA, STALL and VELOCITY rules (editors only).
 * Its buttons post the form to {@code /rules/save}: <b>Save</b>, <b>Preview</b> (what the rule would have flagged over
 * the last N hours, beside what the stored version raised) and <b>Suggest thresholds</b> (observed percentiles over 7
 * days). The form is read by {@link RuleForm}, checked by the validator behind {@code /api/rules}, and every question
 * is answered by the {@link RuleEditor} that answers the API; a refused change gets the API's status
 * ({@link RuleChangeRefusal}).
 * <p>
 * The form shows only the chosen kind's fields: changing the kind swaps them in ({@code GET /rules/fields}, htmx),
 * or, without JavaScript, the "Change kind" button re-renders the form. The chart ({@code GET /rules/chart}, an HTML
 * fragment; {@link RuleChart}) follows every change of the form, debounced, and is drawn on the page by Preview too.
 * The job's acknowledgement of a stored rule is polled ({@code GET /rules/{id}/status}).
 */
public final class RuleEditPage {

    static final String DEFAULT_PREVIEW_HOURS = "24";
    /** Attribute values listed per name for the scope. */
    static final int ATTRIBUTE_VALUES = 20;
    /** The fields a threshold query reads: errors elsewhere in the form do not keep thresholds from being shown. */
    private static final Set<String> THRESHOLD_FIELDS = Set.of("kind", "from", "to", "eventType", "window", "scope",
            "aggregate");

    private final Templates templates;
    private final RulesBackend backend;
    private final Lifecycle lifecycle;
    private final RuleValidator validator;
    private final boolean loginRequired;

    public RuleEditPage(Templates templates, RulesBackend backend, Lifecycle lifecycle, boolean loginRequired) {
        this.templates = templates;
        this.backend = backend;
        this.lifecycle = lifecycle;
        this.validator = new RuleValidator(lifecycle);
        this.loginRequired = loginRequired;
    }

    /** What one rendering of the editor shows besides the form. */
    private record View(RuleForm form, String previewHours, Rule stored, List<FieldError> errors,
            Map<String, Object> preview, Map<String, Object> thresholds, Range range, Map<String, Object> chart) {

        View(RuleForm form, String previewHours, Rule stored, List<FieldError> errors, Map<String, Object> preview,
                Map<String, Object> thresholds) {
            this(form, previewHours, stored, errors, preview, thresholds, Range.NONE, null);
        }

        View with(Range r, Map<String, Object> c) {
            return new View(form, previewHours, stored, errors, preview, thresholds, r, c);
        }
    }

    /** The date range fields as typed: {@code since} and {@code until} (UTC), either may be empty. */
    record Range(String since, String until) {

        static final Range NONE = new Range("", "");

        Range {
            since = since == null ? "" : since.strip();
            until = until == null ? "" : until.strip();
        }

        boolean isEmpty() {
            return since.isEmpty() && until.isEmpty();
        }

        static Range of(Map<String, List<String>> params) {
            return new Range(first(params, "since"), first(params, "until"));
        }
    }

    void newForm(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        String kind = kindShown(ctx.queryParam("kind"));
        render(ctx, 200, new View(RuleForm.blank(kind), DEFAULT_PREVIEW_HOURS, null, List.of(), null, null));
    }

    void editForm(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        Rule stored = stored(ctx.pathParam("ruleId"));
        render(ctx, 200, new View(RuleForm.of(stored), DEFAULT_PREVIEW_HOURS, stored, List.of(), null, null));
    }

    /** The editor's submit: "preview", "thresholds" or "save" (the default). */
    void submit(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        String original = Optional.ofNullable(ctx.formParam("original")).orElse("").strip();
        Rule stored = original.isEmpty() ? null : stored(original);
        RuleForm form = RuleForm.read(ctx.formParamMap());
        if (stored != null) {
            form = form.withId(stored.id());
        }
        String hours = Optional.ofNullable(ctx.formParam("previewHours")).map(String::strip)
                .filter(h -> !h.isEmpty()).orElse(DEFAULT_PREVIEW_HOURS);
        String action = Optional.ofNullable(ctx.formParam("action")).orElse("save");
        Range range = Range.of(ctx.formParamMap());
        switch (action) {
            case "thresholds" -> thresholds(ctx, form, hours, stored);
            case "preview" -> preview(ctx, form, hours, stored, range);
            case "kind" -> render(ctx, 200, new View(form.withKind(kindShown(form.kind())), hours, stored, List.of(),
                    null, null).with(range, null));
            default -> save(ctx, form, hours, stored);
        }
    }

    /**
     * {@code GET /rules/fields?kind=...} and the form's other fields: the chosen kind's fieldset, for the htmx swap
     * when the kind changes (the fields typed so far are kept).
     */
    void fields(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        RuleForm form = RuleForm.read(ctx.queryParamMap());
        if (form.kind() == null || !RuleForm.KINDS.contains(form.kind())) {
            throw new UiException(400, "kind: must be one of " + RuleForm.KINDS);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("form", form);
        m.put("errors", Map.of());
        fieldChoices(m);
        ctx.header("HX-Trigger", "kind-swapped"); // the chart redraws for the new kind's fields
        PageModel.html(ctx, templates.fragment("rule-edit", "kind-fields", m));
    }

    /**
     * {@code GET /rules/chart} with the form's fields and {@code since}/{@code until}: the chart fragment, or 400 with
     * the same fragment naming each field that keeps it from being drawn. Answers with a {@code Server-Timing}
     * header ({@code chart;dur=<ms>}).
     */
    void chart(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        long started = System.nanoTime();
        Answer a = chartHtml(RuleForm.read(ctx.queryParamMap()), Range.of(ctx.queryParamMap()));
        ctx.status(a.status());
        ctx.header("Server-Timing", "chart;dur=" + (System.nanoTime() - started) / 1_000_000);
        PageModel.html(ctx, a.html());
    }

    /** A fragment and its status. */
    record Answer(int status, String html) {}

    /** The chart fragment for a form and a range: searches and rendering, what {@code GET /rules/chart} answers. */
    Answer chartHtml(RuleForm form, Range range) {
        long started = System.nanoTime();
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> chart = chart(form, range, errors);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chart", chart);
        m.put("chartErrors", errors.stream().map(e -> RuleForm.formField(e.field()) + ": " + e.message()).toList());
        if (chart != null) {
            chart.put("tookMillis", (System.nanoTime() - started) / 1_000_000);
        }
        return new Answer(errors.isEmpty() ? 200 : 400, templates.fragment("rule-edit", "chart", m));
    }

    /**
     * {@code GET /rules/{ruleId}/status}: the job's acknowledgement of the rule as the editor shows it (polled there);
     * with {@code list=1} as the rules list's cell, which polls only until the version stored is in force.
     */
    void status(Context ctx) {
        Rule stored = stored(ctx.pathParam("ruleId"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stored", stored);
        m.put("status", status(stored));
        if ("1".equals(ctx.queryParam("list"))) {
            Optional<RuleEditor.Acknowledgement> ack = PageModel.optional(() -> backend.editor()
                    .acknowledgement(stored.id()), Optional.empty());
            m.put("r", stored);
            m.put("row", new RulesListPage.Row(stored, 0, 0, ack.orElse(null), ""));
            PageModel.html(ctx, templates.fragment("rules", ack.isPresent() && ack.get().current() ? "active-status"
                    : "pending-status", m));
            return;
        }
        PageModel.html(ctx, templates.fragment("rule-edit", "rule-status", m));
    }

    /** The chart of a form over the range typed (default: the last 7 days); null, with errors, if it cannot be. */
    private Map<String, Object> chart(RuleForm form, Range typed, List<FieldError> errors) {
        RuleForm.Checked checked = form.checkForChart(validator);
        errors.addAll(checked.errors());
        RuleEditor.Range range = range(typed, RuleEditor.DEFAULT_THRESHOLD_RANGE, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        Rule rule = checked.rule();
        RuleEditor.Chart c = backend.editor().chart(rule, range);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", rule.kind().name());
        m.put("since", RANGE_SHOWN.format(c.since()));
        m.put("until", RANGE_SHOWN.format(c.until()));
        m.put("flagged", c.flagged());
        m.put("judged", c.judged());
        m.put("percent", c.percent());
        if (c.histogram() != null) {
            m.put("svg", RuleChart.histogram(c.histogram(), rule.maxDuration().toMillis()));
            m.put("observations", c.histogram().observations());
            m.put("threshold", Durations.format(rule.maxDuration()));
            Map<String, String> p = new LinkedHashMap<>();
            c.histogram().percentiles().forEach((k, v) -> p.put(k, v == null ? "—" : RuleChart.human(v)));
            m.put("percentiles", p);
        } else {
            m.put("svg", RuleChart.velocity(c.velocity(), rule.min(), rule.max(), c.since(), c.until()));
            m.put("observations", c.velocity().segments().size());
        }
        return m;
    }

    private static final java.time.format.DateTimeFormatter RANGE_SHOWN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter LOCAL = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd().optionalEnd()
            .parseDefaulting(java.time.temporal.ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(java.time.temporal.ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(java.time.temporal.ChronoField.SECOND_OF_MINUTE, 0).toFormatter(java.util.Locale.ROOT);

    /**
     * The range typed ({@code since}, {@code until}: a date, a date and time in UTC, or an instant with a zone), or
     * {@code defaultLength} up to now; errors name the field: unreadable, {@code until} not after {@code since},
     * longer than {@link RuleEditor#MAX_RANGE}.
     */
    RuleEditor.Range range(Range typed, Duration defaultLength, List<FieldError> errors) {
        int before = errors.size();
        Instant since = instant("since", typed.since(), errors);
        Instant until = instant("until", typed.until(), errors);
        if (errors.size() > before) {
            return null;
        }
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new FieldError("until", "must be after since (" + typed.since() + ")"));
            return null;
        }
        ValidationResult<RuleEditor.Range> range = backend.editor().range(since, until, defaultLength);
        errors.addAll(range.errors());
        return range.value();
    }

    static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() <= 40) {
            try {
                return Instant.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                // a local date and time, below
            }
            try {
                return java.time.LocalDateTime.parse(t, LOCAL).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(field, "must be a date and time in UTC such as 2026-12-01 14:30"));
        return null;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private void save(Context ctx, RuleForm form, String hours, Rule stored) {
        RuleForm.Checked checked = form.check(validator);
        if (!checked.errors().isEmpty()) {
            render(ctx, 400, new View(form, hours, stored, checked.errors(), null, null));
            return;
        }
        try {
            Rule saved = stored == null ? backend.rules().create(checked.json(), UiSecurity.author(ctx))
                    : backend.rules().update(stored.id(), checked.json(), UiSecurity.author(ctx));
            PageModel.redirect(ctx, UiPaths.RULES, "Rule " + saved.id() + " saved as version " + saved.version()
                    + "; waiting for the job to pick it up.");
        } catch (RuleChangeException e) {
            RuleChangeRefusal refusal = RuleChangeRefusal.of(e);
            List<FieldError> errors = refusal.details().isEmpty()
                    ? List.of(new FieldError("form", refusal.error())) : refusal.details();
            render(ctx, refusal.status(), new View(form, hours, stored, errors, null, null));
        }
    }

    private void preview(Context ctx, RuleForm form, String hours, Rule stored, Range typed) {
        RuleForm.Checked checked = form.check(validator);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        RuleEditor.Range range = typed.isEmpty() ? lastHours(hours, errors)
                : range(typed, RuleEditor.DEFAULT_PREVIEW_RANGE, errors);
        if (!errors.isEmpty()) {
            render(ctx, 400, new View(form, hours, stored, errors, null, null).with(typed, null));
            return;
        }
        RuleEditor.Preview p = backend.editor().preview(checked.rule(), range, RuleEditor.DEFAULT_SAMPLE);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("hours", hours);
        shown.put("since", RANGE_SHOWN.format(p.since()));
        shown.put("until", RANGE_SHOWN.format(p.until()));
        shown.put("ranged", !typed.isEmpty());
        shown.put("flagged", p.flagged());
        shown.put("unit", p.velocity() != null ? "episodes" : "orders");
        shown.put("orders", p.sample());
        shown.put("episodes", p.velocity() != null ? p.velocity().episodes() : List.of());
        if (p.current() != null) {
            shown.put("currentVersion", p.current().version());
            shown.put("current", p.current().flagged());
        }
        Map<String, Object> chart = null;
        if (!typed.isEmpty()) {
            chart = chart(form, typed, new ArrayList<>());
        } else {
            chart = chart(form, new Range(p.since().toString(), p.until().toString()), new ArrayList<>());
        }
        render(ctx, 200, new View(form, hours, stored, List.of(), shown, null).with(typed, chart));
    }

    /** The last {@code hours} up to now, as the editor checks a range; an error on previewHours otherwise. */
    private RuleEditor.Range lastHours(String hours, List<FieldError> errors) {
        try {
            int h = Integer.parseInt(hours);
            if (h >= 1) {
                ValidationResult<RuleEditor.Range> range = backend.editor().range(null, null, Duration.ofHours(h));
                if (range.isValid()) {
                    return range.value();
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("previewHours", "must be a whole number of hours from 1 to "
                + RuleEditor.MAX_RANGE.toHours()));
        return null;
    }

    private void thresholds(Context ctx, RuleForm form, String hours, Rule stored) {
        RuleForm.Mapped mapped = form.toJson();
        List<FieldError> problems = new ArrayList<>();
        var scope = RuleValidator.scope(mapped.json().get("scope"), problems);
        RuleEditor.ThresholdQuery query = new RuleEditor.ThresholdQuery(kind(form.kind()), form.from(), form.to(),
                form.eventType(), form.window(), scope, "VELOCITY".equals(form.kind())
                        ? RuleValidator.aggregate(mapped.json().get("aggregate"), problems) : null);
        problems.addAll(backend.editor().check(query));
        List<FieldError> errors = RuleForm.merge(mapped.errors(), problems);
        Map<String, Object> shown = null;
        if (errors.stream().noneMatch(e -> THRESHOLD_FIELDS.contains(RuleForm.formField(e.field())))) {
            RuleEditor.Range range = backend.editor().range(null, null, RuleEditor.DEFAULT_THRESHOLD_RANGE).value();
            RuleEditor.Thresholds t = backend.editor().thresholds(query, range);
            Map<String, String> percentiles = new LinkedHashMap<>();
            t.formatted().forEach((p, v) -> percentiles.put(p, v == null ? "—" : v));
            shown = Map.of("percentiles", percentiles, "observations", t.observations(),
                    "days", RuleEditor.DEFAULT_THRESHOLD_RANGE.toDays());
        }
        render(ctx, errors.isEmpty() ? 200 : 400, new View(form, hours, stored, errors, null, shown));
    }

    private void render(Context ctx, int status, View v) {
        Map<String, Object> m = PageModel.of(ctx, v.stored() == null ? "New rule" : "Edit rule " + v.stored().id(),
                "rules", loginRequired);
        m.put("form", v.form());
        m.put("previewHours", v.previewHours());
        m.put("stored", v.stored());
        m.put("errors", RuleForm.byField(v.errors()));
        m.put("preview", v.preview());
        m.put("thresholds", v.thresholds());
        m.put("range", v.range());
        m.put("chart", v.chart());
        m.put("chartErrors", List.of());
        m.put("status", v.stored() == null ? null : status(v.stored()));
        m.put("kinds", RuleForm.KINDS);
        m.put("severities", List.of(Severity.values()));
        fieldChoices(m);
        m.put("attributes", PageModel.optional(() -> backend.editor().attributes(ATTRIBUTE_VALUES), List.of()));
        ctx.status(status);
        PageModel.html(ctx, templates.page("rule-edit", m));
    }

    /** The steps and event types the kind fieldsets offer. */
    private void fieldChoices(Map<String, Object> m) {
        m.put("steps", lifecycle.steps().stream().map(Step::name).toList());
        m.put("eventTypes", lifecycle.eventTypes().stream().sorted().toList());
    }

    /** The job's acknowledgement as the editor says it: "active: v3 since …", or why not. */
    private String status(Rule stored) {
        Optional<RuleEditor.Acknowledgement> ack = PageModel.optional(() -> backend.editor()
                .acknowledgement(stored.id()), Optional.empty());
        if (ack.isEmpty()) {
            return "not yet picked up by the job";
        }
        RuleEditor.Acknowledgement a = ack.get();
        if (!a.current()) {
            return "job still applies v" + a.version();
        }
        return "active: v" + a.version() + " since " + (a.appliedAt() == null ? "?" : RULE_SINCE.format(a.appliedAt()));
    }

    private static final java.time.format.DateTimeFormatter RULE_SINCE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** The kind a form shows: the one chosen, if the editor offers it. */
    private static String kindShown(String kind) {
        return kind != null && RuleForm.KINDS.contains(kind) ? kind : "STEP_SLA";
    }

    private Rule stored(String id) {
        return backend.rules().get(id).orElseThrow(() -> new UiException(404, "There is no rule '" + id + "'."));
    }

    private static RuleKind kind(String text) {
        try {
            return RuleKind.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null; // the editor names the field
        }
    }
}
