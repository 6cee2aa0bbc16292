package io.bpmon.web.ui;

import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleDiff;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.rules.service.RuleChangeException;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /rules/{id}/versions}: every version of a rule with who changed what; editors restore an older one. */
public final class RuleVersionsPage {

    /** One version with the changes from the version before it. */
    public record VersionRow(RuleVersion version, List<RuleDiff.Change> changes) {}

    private final Templates templates;
    private final RulesBackend backend;
    private final boolean loginRequired;

    public RuleVersionsPage(Templates templates, RulesBackend backend, boolean loginRequired) {
        this.templates = templates;
        this.backend = backend;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        String id = ctx.pathParam("ruleId");
        List<RuleVersion> history = backend.rules().history(id);
        if (history.isEmpty()) {
            throw new UiException(404, "There is no rule '" + id + "'.");
        }
        List<VersionRow> rows = new ArrayList<>();
        RuleVersion before = null;
        for (RuleVersion v : history.stream().sorted(Comparator.comparingLong(RuleVersion::version)).toList()) {
            rows.add(0, new VersionRow(v, before == null ? List.of() : RuleDiff.between(before.rule(), v.rule())));
            before = v;
        }
        Map<String, Object> m = PageModel.of(ctx, "Versions of " + id, "rules", loginRequired);
        m.put("ruleId", id);
        m.put("versions", rows); // newest first
        m.put("latest", before.version());
        m.put("mayEdit", UiSecurity.mayEditRules(ctx));
        m.put("status", PageModel.optional(() -> backend.editor().acknowledgement(id).orElse(null), null));
        PageModel.flash(ctx, m);
        PageModel.html(ctx, templates.page("rule-versions", m));
    }

    /** Makes an older version's content current again, as a new version. */
    void restore(Context ctx) {
        UiSecurity.requireRuleEditor(ctx);
        String id = ctx.pathParam("ruleId");
        long version;
        try {
            version = Long.parseLong(Optional.ofNullable(ctx.formParam("version")).orElse("").strip());
        } catch (NumberFormatException e) {
            throw new UiException(400, "Choose a version to restore.");
        }
        Rule restored;
        try {
            restored = backend.rules().restore(id, version, UiSecurity.author(ctx));
        } catch (RuleChangeException e) {
            throw UiException.refused(e);
        }
        PageModel.redirect(ctx, UiPaths.RULES + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/versions",
                "Version " + version + " restored as version " + restored.version() + ".");
    }
}
