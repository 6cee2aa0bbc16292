package io.bpmon.web.ui;

import io.javalin.http.Context;
import java.util.Map;

/** {@code /}: the dashboard page, and its body as a fragment ({@code /ui/dashboard}, also pushed live). */
public final class DashboardPage {

    static final String TEMPLATE = "dashboard";
    static final String BODY = "live";

    private final Templates templates;
    private final DashboardQueries queries;
    private final boolean loginRequired;

    public DashboardPage(Templates templates, DashboardQueries queries, boolean loginRequired) {
        this.templates = templates;
        this.queries = queries;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Dashboard", "dashboard", loginRequired);
        m.put("d", queries.load());
        PageModel.html(ctx, templates.page(TEMPLATE, m));
    }

    void fragment(Context ctx) {
        PageModel.html(ctx, bodyHtml());
    }

    /** The whole page as a first visit renders it (without a session; for the benchmark). */
    public String firstRenderHtml() {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("title", "Dashboard", "nav", "dashboard",
                "csrf", "", "loginRequired", loginRequired, "paths", PageModel.PATHS));
        m.put("d", queries.load());
        return templates.page(TEMPLATE, m);
    }

    /** The live part, the same for every viewer (no session data in it). */
    public String bodyHtml() {
        return templates.fragment(TEMPLATE, BODY, Map.of("d", queries.load(), "paths", PageModel.PATHS));
    }
}
