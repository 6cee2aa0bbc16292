package io.bpmon.web.ui;

import io.bpmon.core.config.ApiUser;
import io.bpmon.web.common.Principal;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Guards the UI (not {@code /api}, which keeps its bearer token): security headers on every page, a session for
 * every browser, the login when {@code BPMON_API_TOKEN} is set, and CSRF checks on every form POST (the session's
 * token in the {@code _csrf} field or {@code X-CSRF-Token} header, and a same-origin {@code Origin} when the
 * browser sends one).
 */
public final class UiSecurity implements Handler {

    static final String SESSION_ATTRIBUTE = "bpmon.session";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Scripts and styles only from this server (no inline script, no eval); no framing. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * Who a login token belongs to, with their role and current token (which a session's fingerprint is checked
     * against; never printed). The API token's holder is "api" with every right.
     */
    public record User(String name, ApiUser.Role role, String token) {
        @Override
        public String toString() {
            return "User[" + name + ", " + role + ", token=<set>]";
        }
    }

    /**
     * How the UI logs in: whether it must, whose a token is ({@code BPMON_API_TOKEN} or a {@code BPMON_USERS}
     * entry, checked as the API checks them), and each user by name as configured now.
     */
    public record Login(boolean required, Function<String, Optional<User>> authenticate,
            Function<String, Optional<User>> byName) {}

    private static final Pattern OPERATOR_FORM = Pattern.compile(
            "/alerts/[^/]+/ack|/incidents/[^/]+/ack|/notifications/silences(/[^/]+/expire)?"
                    + "|/notifications/channels/[^/]+/test");

    private final Sessions sessions;
    private final Login login;

    public UiSecurity(Sessions sessions, Login login) {
        this.sessions = sessions;
        this.login = login;
    }

    boolean loginRequired() {
        return login.required();
    }

    /** The user this token belongs to, if any. */
    Optional<User> authenticate(String candidate) {
        return loginRequired() && candidate != null ? login.authenticate().apply(candidate.trim()) : Optional.empty();
    }

    @Override
    public void handle(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/api")) {
            return;
        }
        securityHeaders(ctx);
        if (path.startsWith(UiPaths.STATIC) || path.startsWith("/webjars/") || path.equals("/favicon.ico")) {
            return;
        }
        ctx.header("Cache-Control", "no-store"); // pages show what only a logged-in user may see
        if (ctx.method() == HandlerType.POST && !sameOrigin(ctx)) {
            throw new UiException(403, "This form came from another site; reload the page and try again.");
        }
        if (path.equals(UiPaths.LOGIN)) {
            return;
        }
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(Sessions.COOKIE));
        if (session.isEmpty()) {
            if (loginRequired()) {
                denyUntilLogin(ctx);
                return;
            }
            Sessions.Session fresh = sessions.create();
            setCookie(ctx, fresh.cookieValue());
            session = Optional.of(fresh);
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        if (ctx.method() == HandlerType.POST) {
            String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
            if (!session.get().csrfMatches(sent)) {
                throw new UiException(403, "The form's security token is missing or stale; reload the page and "
                        + "try again.");
            }
            if (OPERATOR_FORM.matcher(path).matches() && !session.get().may(ApiUser.Role.OPERATOR)) {
                throw new UiException(403, "Acknowledging alerts and managing silences and channels needs the "
                        + "operator role; " + session.get().name() + " is " + roleName(session.get()) + ".");
            }
        }
    }

    static Sessions.Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTRIBUTE);
    }

    /** Whether this browser's user may change rules. */
    static boolean mayEditRules(Context ctx) {
        return may(ctx, ApiUser.Role.EDITOR);
    }

    /** Refuses (403) a user who may not change rules: the forms are hidden from them, a POST is refused anyway. */
    static void requireRuleEditor(Context ctx) {
        if (!mayEditRules(ctx)) {
            throw new UiException(403, "Changing rules needs the editor role.");
        }
    }

    /** Whether this browser's user has the rights of {@code role}. */
    static boolean may(Context ctx, ApiUser.Role role) {
        Sessions.Session s = session(ctx);
        return s != null && s.may(role);
    }

    /** The role as the page header shows it. */
    static String roleName(Sessions.Session s) {
        return s.name().equals(Principal.API_TOKEN_NAME) ? "API token"
                : s.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Who is acting, as recorded on rule versions, silences and acknowledgements made through the UI. */
    static String author(Context ctx) {
        Sessions.Session s = session(ctx);
        return s == null ? "ui" : s.name();
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
    }

    static void setCookie(Context ctx, String sessionId) {
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    static void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /** Pages redirect to the login; htmx and event-stream requests get 401 (htmx follows HX-Redirect). */
    private static void denyUntilLogin(Context ctx) {
        String target = UiPaths.LOGIN + "?next=" + java.net.URLEncoder.encode(
                ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), StandardCharsets.UTF_8);
        boolean page = ctx.method() == HandlerType.GET && ctx.header("HX-Request") == null
                && !ctx.path().startsWith(UiPaths.UI);
        if (page) {
            ctx.redirect(target);
        } else {
            ctx.header("HX-Redirect", UiPaths.LOGIN);
            ctx.status(401).result("login required");
        }
        ctx.skipRemainingHandlers();
    }

    /** A POST whose Origin (browsers send one on every form POST) is not this server is refused. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isBlank()) {
            return true; // not a browser, or an old one: the CSRF token still applies to session forms
        }
        String host = Optional.ofNullable(ctx.header("X-Forwarded-Host")).orElse(ctx.host());
        try {
            URI o = URI.create(origin);
            String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && originHost != null && originHost.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Only paths of this site: a login link cannot send the user to another site. A path starts with exactly one
     * {@code /} and holds only printable ASCII without {@code \} (browsers drop tabs and newlines, read {@code \}
     * as {@code /} and may treat other whitespace loosely, so {@code /<TAB>/evil.example} would become
     * {@code //evil.example}); anything else, and the login itself, goes to {@code /}.
     */
    static String safeNext(String next) {
        if (next == null || next.length() > MAX_NEXT_LENGTH || !next.startsWith("/") || next.startsWith("//")
                || next.startsWith(UiPaths.LOGIN)) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return "/";
            }
        }
        return next;
    }

    private static final int MAX_NEXT_LENGTH = 2000;
}
