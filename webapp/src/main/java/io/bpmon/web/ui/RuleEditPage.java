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
import java.time.Duration;
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
            Map<String, Object> preview, Map<String, Object> thresholds) {}

    void newForm(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        String kind = Optional.ofNullable(ctx.queryParam("kind")).filter(k -> k.matches("[A-Z_]{1,20}"))
                .orElse("STEP_SLA");
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
        switch (action) {
            case "thresholds" -> thresholds(ctx, form, hours, stored);
            case "preview" -> preview(ctx, form, hours, stored);
            default -> save(ctx, form, hours, stored);
        }
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

    private void preview(Context ctx, RuleForm form, String hours, Rule stored) {
        RuleForm.Checked checked = form.check(validator);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        RuleEditor.Range range = lastHours(hours, errors);
        if (!errors.isEmpty()) {
            render(ctx, 400, new View(form, hours, stored, errors, null, null));
            return;
        }
        RuleEditor.Preview p = backend.editor().preview(checked.rule(), range, RuleEditor.DEFAULT_SAMPLE);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("hours", hours);
        shown.put("flagged", p.flagged());
        shown.put("unit", p.velocity() != null ? "episodes" : "orders");
        shown.put("orders", p.sample());
        shown.put("episodes", p.velocity() != null ? p.velocity().episodes() : List.of());
        if (p.current() != null) {
            shown.put("currentVersion", p.current().version());
            shown.put("current", p.current().flagged());
        }
        render(ctx, 200, new View(form, hours, stored, List.of(), shown, null));
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
        m.put("kinds", RuleForm.KINDS);
        m.put("severities", List.of(Severity.values()));
        m.put("steps", lifecycle.steps().stream().map(Step::name).toList());
        m.put("eventTypes", lifecycle.eventTypes().stream().sorted().toList());
        m.put("attributes", PageModel.optional(() -> backend.editor().attributes(ATTRIBUTE_VALUES), List.of()));
        ctx.status(status);
        PageModel.html(ctx, templates.page("rule-edit", m));
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
