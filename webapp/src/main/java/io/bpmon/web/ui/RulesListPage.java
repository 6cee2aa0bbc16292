package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.core.store.RulePreviewReader.AlertCounts;
import io.bpmon.core.time.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /rules}: every rule with its alerts over the last 24 h and the job's acknowledgement; for editors
 * enable/disable (a new version) and delete behind a confirmation page.
 */
public final class RulesListPage {

    static final Duration STATS_RANGE = Duration.ofHours(24);
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * A rule as listed.
     *
     * @param status the job's acknowledgement; null until it took up a version of the rule
     * @param what   the rule in words
     */
    public record Row(Rule rule, long breaches, long open, RuleEditor.Acknowledgement status, String what) {

        /** Whether the job applies the version shown. */
        public boolean current() {
            return status != null && status.current();
        }

        /** When the job took up its version, to the second, in UTC. */
        public String since() {
            return status == null || status.appliedAt() == null ? "?" : SINCE.format(status.appliedAt());
        }
    }

    private final Templates templates;
    private final RulesBackend backend;
    private final boolean loginRequired;

    public RulesListPage(Templates templates, RulesBackend backend, boolean loginRequired) {
        this.templates = templates;
        this.backend = backend;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Rules", "rules", loginRequired);
        RuleEditor editor = backend.editor();
        RuleEditor.Range range = editor.range(null, null, STATS_RANGE).value();
        Map<String, AlertCounts> counts = PageModel.optional(() -> editor.alertCounts(range), List.<AlertCounts>of())
                .stream().collect(Collectors.toMap(AlertCounts::ruleId, Function.identity()));
        Map<String, RuleEditor.Acknowledgement> acks = PageModel.optional(editor::acknowledgements,
                List.<RuleEditor.Acknowledgement>of()).stream()
                .collect(Collectors.toMap(RuleEditor.Acknowledgement::ruleId, Function.identity()));
        List<Row> rows = backend.rules().list().stream().sorted(Comparator.comparing(Rule::id)).map(r -> {
            AlertCounts c = counts.get(r.id());
            return new Row(r, c == null ? 0 : c.detected(), c == null ? 0 : c.open(), acks.get(r.id()), what(r));
        }).toList();
        m.put("rows", rows);
        m.put("mayEdit", UiSecurity.mayEditRules(ctx));
        PageModel.flash(ctx, m);
        PageModel.html(ctx, templates.page("rules", m));
    }

    /** Enables or disables the rule: a new version with only that changed. */
    void enable(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        Rule r = stored(ctx.pathParam("ruleId"));
        boolean on = "true".equals(ctx.formParam("enabled"));
        ObjectNode content = Json.mapper().valueToTree(r.withEnabled(on));
        try {
            backend.rules().update(r.id(), content, UiSecurity.author(ctx));
        } catch (RuleChangeException e) {
            throw UiException.refused(e);
        }
        PageModel.redirect(ctx, UiPaths.RULES, "Rule " + r.id() + (on ? " enabled." : " disabled."));
    }

    void confirmDelete(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        Rule r = stored(ctx.pathParam("ruleId"));
        Map<String, Object> m = PageModel.of(ctx, "Delete rule " + r.id(), "rules", loginRequired);
        m.put("rule", r);
        m.put("what", what(r));
        PageModel.html(ctx, templates.page("rule-delete", m));
    }

    void delete(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        String id = ctx.pathParam("ruleId");
        try {
            backend.rules().delete(id, UiSecurity.author(ctx));
        } catch (RuleChangeException e) {
            throw UiException.refused(e);
        }
        PageModel.redirect(ctx, UiPaths.RULES, "Rule " + id + " deleted; its history is kept.");
    }

    /** The rule in words, with durations as people say them. */
    static String what(Rule r) {
        return switch (r.kind()) {
            case STEP_SLA -> r.from() + " → " + r.to() + " within " + human(r.maxDuration());
            case STALL -> "in " + (r.statuses().isEmpty() ? "any open step" : String.join(", ", r.statuses()))
                    + " at most " + human(r.maxDuration());
            case VELOCITY -> r.eventType() + " per " + human(r.window())
                    + (r.min() != null ? ", at least " + r.min() : "")
                    + (r.max() != null ? ", at most " + r.max() : "");
            default -> r.kind().name();
        };
    }

    private Rule stored(String id) {
        return backend.rules().get(id).orElseThrow(() -> new UiException(404, "There is no rule '" + id + "'."));
    }

    private static String human(Duration d) {
        return d == null ? "?" : Durations.format(d);
    }
}
