package io.bpmon.web;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.config.WebConfig;
import io.bpmon.web.common.AuthThrottle;
import io.bpmon.web.common.Principal;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer-token check for {@code /api} (docs/web-security.md): when a token or users are configured, every call but
 * {@code /api/health} must carry a known token. {@code BPMON_API_TOKEN} carries every right; the users of
 * {@code BPMON_USERS} have a role ({@link #requiredRole} says which each call needs). Tokens are compared in
 * constant time so they cannot be guessed byte by byte, and wrong ones are counted per client address by the
 * {@link AuthThrottle}. The caller is left on the request as {@link #principal(Context)}.
 */
final class ApiAuth implements Handler {

    static final String PRINCIPAL_ATTRIBUTE = "bpmon.principal";
    private static final Pattern ACKNOWLEDGE = Pattern.compile("/api/(alerts|incidents)/[^/]+/ack");
    private static final Pattern CHANNEL_TEST = Pattern.compile("/api/channels/[^/]+/test");

    private record Credential(byte[] token, Principal principal, String text) {}

    private final boolean on;
    private final List<Credential> credentials = new ArrayList<>();
    private final AuthThrottle throttle;

    ApiAuth(WebConfig config, AuthThrottle throttle) {
        this.on = config.authenticationOn();
        this.throttle = throttle;
        config.apiToken().ifPresent(t -> credentials.add(new Credential(bytes(t), Principal.API_TOKEN, t)));
        for (ApiUser u : config.users()) {
            credentials.add(new Credential(bytes(u.token()), new Principal(u.name(), u.role(), true), u.token()));
        }
    }

    /** Whether calls need a token at all. */
    boolean on() {
        return on;
    }

    AuthThrottle throttle() {
        return throttle;
    }

    /**
     * The principal a token belongs to; also what the web UI's login uses. Every credential is compared, so the
     * time taken does not tell which one (nearly) matched. Empty for an unknown token; when authentication is off,
     * everyone is {@link Principal#NOBODY}.
     */
    Optional<Principal> authenticate(String token) {
        if (!on) {
            return Optional.of(Principal.NOBODY);
        }
        if (token == null) {
            return Optional.empty();
        }
        byte[] given = bytes(token.trim());
        Principal found = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(c.token(), given) && found == null) {
                found = c.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The principal of this name as configured now, with the token it logs in with: what a UI session is checked
     * against on every request ({@value Principal#API_TOKEN_NAME} is the API token's holder).
     */
    Optional<Credentialed> byName(String name) {
        for (Credential c : credentials) {
            if (c.principal().name().equals(name)) {
                return Optional.of(new Credentialed(c.principal(), c.text()));
            }
        }
        return Optional.empty();
    }

    /** A principal with their current token (never printed). */
    record Credentialed(Principal principal, String token) {
        @Override
        public String toString() {
            return "Credentialed[" + principal + ", token=<set>]";
        }
    }

    @Override
    public void handle(Context ctx) {
        ctx.header("Cache-Control", "no-store"); // answers are per caller and change all the time
        if (ctx.path().equals(Routes.HEALTH)) {
            return;
        }
        String address = AuthThrottle.clientAddress(ctx);
        if (on) {
            Optional<Duration> wait = throttle.blockedFor(address);
            if (wait.isPresent()) {
                ctx.header("Retry-After", Long.toString(AuthThrottle.retryAfterSeconds(wait.get())));
                throw new ApiException(429, ApiError.of("too many failed authentications from " + address
                        + "; retry after " + AuthThrottle.retryAfterSeconds(wait.get()) + " s"));
            }
        }
        String header = ctx.header("Authorization");
        Optional<Principal> principal = authenticate(header != null && header.startsWith("Bearer ")
                ? header.substring(7) : on ? null : "");
        if (principal.isEmpty()) {
            if (header != null) {
                throttle.failed(address); // a token was tried; a call without one guessed nothing
            }
            ctx.header("WWW-Authenticate", "Bearer realm=\"bpmon\"");
            throw new ApiException(401, ApiError.of(header == null
                    ? "missing Authorization: Bearer <token> header"
                    : "invalid token"));
        }
        ApiUser.Role needed = requiredRole(ctx.method(), ctx.path());
        if (!principal.get().may(needed)) {
            throw new ApiException(403, ApiError.of("user " + principal.get().name() + " (role "
                    + principal.get().role() + ") may not " + ctx.method() + " " + ctx.path() + ": this needs the "
                    + needed + " role"));
        }
        ctx.attribute(PRINCIPAL_ATTRIBUTE, principal.get());
    }

    /** Who made this request; {@link Principal#NOBODY} when it passed no check (authentication off). */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        return p == null ? Principal.NOBODY : p;
    }

    /**
     * The least role a call needs (docs/web-security.md): reading, computing (previews, thresholds) and sending
     * events are for every user; acknowledging alerts and incidents, creating and expiring silences and sending test
     * notifications need OPERATOR; every other change (rules, and anything not listed) needs EDITOR.
     */
    static ApiUser.Role requiredRole(HandlerType method, String path) {
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return ApiUser.Role.VIEWER;
        }
        if (path.equals(Routes.EVENTS) || path.equals(Routes.RULES_PREVIEW) || path.equals(Routes.RULES_THRESHOLDS)) {
            return ApiUser.Role.VIEWER;
        }
        if (ACKNOWLEDGE.matcher(path).matches() || CHANNEL_TEST.matcher(path).matches()
                || path.equals(Routes.SILENCES) || path.startsWith(Routes.SILENCES + "/")) {
            return ApiUser.Role.OPERATOR;
        }
        return ApiUser.Role.EDITOR;
    }

    /** Whether a request changes rules: it needs the editor role. */
    static boolean changesRules(HandlerType method, String path) {
        return (path.equals(Routes.RULES) || path.startsWith(Routes.RULES + "/"))
                && requiredRole(method, path) == ApiUser.Role.EDITOR;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
