package io.bpmon.web.ui;

import io.bpmon.core.rules.Rule;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /rules}: the rules in force, read-only (the rule editor builds on this page). */
public final class RulesPage {

    private final Templates templates;
    private final Supplier<List<Rule>> rules;
    private final boolean loginRequired;

    public RulesPage(Templates templates, Supplier<List<Rule>> rules, boolean loginRequired) {
        this.templates = templates;
        this.rules = rules;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Rules", "rules", loginRequired);
        m.put("rules", rules.get().stream().sorted(Comparator.comparing(Rule::id)).toList());
        PageModel.html(ctx, templates.page("rules", m));
    }
}
