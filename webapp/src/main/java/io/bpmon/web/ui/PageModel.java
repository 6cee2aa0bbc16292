package io.bpmon.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** What every page's layout needs: title, active navigation entry, CSRF token, whether logout makes sense. */
final class PageModel {

    private PageModel() {}

    static Map<String, Object> of(Context ctx, String title, String nav, boolean loginRequired) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("nav", nav);
        Sessions.Session s = UiSecurity.session(ctx);
        m.put("csrf", s == null ? "" : s.csrfToken());
        m.put("loginRequired", loginRequired);
        m.put("paths", PATHS);
        return m;
    }

    /** Paths for templates, from {@link UiPaths}. */
    static final Map<String, String> PATHS = Map.of(
            "dashboard", UiPaths.DASHBOARD,
            "orders", UiPaths.ORDERS,
            "alerts", UiPaths.ALERTS,
            "rules", UiPaths.RULES,
            "login", UiPaths.LOGIN,
            "logout", UiPaths.LOGOUT,
            "live", UiPaths.LIVE,
            "dashboardFragment", UiPaths.DASHBOARD_FRAGMENT,
            "alertsFragment", UiPaths.ALERTS_FRAGMENT);

    static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }
}
