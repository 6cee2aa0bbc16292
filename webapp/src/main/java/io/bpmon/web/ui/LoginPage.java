package io.bpmon.web.ui;

import io.bpmon.web.common.AuthThrottle;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET/POST /login} and {@code POST /logout} (docs/contract.md): the API token once, then a session
 * cookie. A new session id on every login (no fixation); logout revokes the session on every web server. Wrong
 * tokens count towards the client address's {@link AuthThrottle} budget, as on the API.
 */
public final class LoginPage {

    private final Templates templates;
    private final Sessions sessions;
    private final UiSecurity security;
    private final AuthThrottle throttle;

    public LoginPage(Templates templates, Sessions sessions, UiSecurity security, AuthThrottle throttle) {
        this.templates = templates;
        this.sessions = sessions;
        this.security = security;
        this.throttle = throttle;
    }

    void form(Context ctx) {
        if (!security.loginRequired()) {
            ctx.redirect(UiPaths.DASHBOARD);
            return;
        }
        render(ctx, 200, null);
    }

    void submit(Context ctx) {
        if (!security.loginRequired()) {
            ctx.redirect(UiPaths.DASHBOARD, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        String address = AuthThrottle.clientAddress(ctx);
        Optional<Duration> wait = throttle.blockedFor(address);
        if (wait.isPresent()) {
            long seconds = AuthThrottle.retryAfterSeconds(wait.get());
            ctx.header("Retry-After", Long.toString(seconds));
            render(ctx, 429, "Too many wrong tokens from your address; try again in " + seconds + " seconds.");
            return;
        }
        Optional<UiSecurity.User> user = security.authenticate(ctx.formParam("token"));
        if (user.isEmpty()) {
            throttle.failed(address);
            render(ctx, 401, "That token is not right. It is the BPMON_API_TOKEN the server was started with, or "
                    + "your token from BPMON_USERS.");
            return;
        }
        sessions.revoke(ctx.cookie(Sessions.COOKIE));
        UiSecurity.setCookie(ctx, sessions.create(user.get()).cookieValue());
        ctx.redirect(UiSecurity.safeNext(ctx.formParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        sessions.revoke(ctx.cookie(Sessions.COOKIE));
        UiSecurity.clearCookie(ctx);
        ctx.redirect(security.loginRequired() ? UiPaths.LOGIN : UiPaths.DASHBOARD,
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String error) {
        Map<String, Object> m = PageModel.of(ctx, "Log in", "login", true);
        m.put("error", error);
        m.put("next", UiSecurity.safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next")
                : ctx.formParam("next")));
        ctx.status(status);
        PageModel.html(ctx, templates.page("login", m));
    }
}
