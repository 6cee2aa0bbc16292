package io.bpmon.web.ui;

import io.bpmon.core.Version;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What every page's layout needs: title, active navigation entry, CSRF token, whether logout makes sense. */
final class PageModel {

    private PageModel() {}

    static Map<String, Object> of(Context ctx, String title, String nav, boolean loginRequired) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("nav", nav);
        Sessions.Session s = UiSecurity.session(ctx);
        m.put("csrf", s == null ? "" : s.csrfToken());
        m.put("user", s == null || !loginRequired ? null : s.name() + " (" + UiSecurity.roleName(s) + ")");
        m.put("mayOperate", s != null && s.may(io.bpmon.core.config.ApiUser.Role.OPERATOR));
        m.put("loginRequired", loginRequired);
        m.put("paths", PATHS);
        m.put("version", Version.current());
        return m;
    }

    /** Paths for templates, from {@link UiPaths}. */
    static final Map<String, String> PATHS = Map.ofEntries(
            Map.entry("dashboard", UiPaths.DASHBOARD),
            Map.entry("orders", UiPaths.ORDERS),
            Map.entry("alerts", UiPaths.ALERTS),
            Map.entry("incidents", UiPaths.INCIDENTS),
            Map.entry("rules", UiPaths.RULES),
            Map.entry("notifications", UiPaths.NOTIFICATIONS),
            Map.entry("login", UiPaths.LOGIN),
            Map.entry("logout", UiPaths.LOGOUT),
            Map.entry("live", UiPaths.LIVE),
            Map.entry("dashboardFragment", UiPaths.DASHBOARD_FRAGMENT),
            Map.entry("alertsFragment", UiPaths.ALERTS_FRAGMENT));

    static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** After a change: back to {@code path}, which shows {@code message} ({@link #flash}). */
    static void redirect(Context ctx, String path, String message) {
        ctx.redirect(path + (path.contains("?") ? "&" : "?") + "done=" + URLEncoder.encode(message,
                StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    /** The message of the change that led here ({@link #redirect}), as {@code message}. */
    static void flash(Context ctx, Map<String, Object> model) {
        Optional.ofNullable(ctx.queryParam("done")).filter(d -> d.length() <= 300)
                .ifPresent(d -> model.put("message", d));
    }

    /**
     * A part of a page that may be left out: the page still renders (with {@code fallback}) when that part cannot be
     * read, say when the job never wrote an acknowledgement index.
     */
    static <T> T optional(Supplier<T> part, T fallback) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
