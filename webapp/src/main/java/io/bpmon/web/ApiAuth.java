package io.bpmon.web;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.config.WebConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bearer-token check for {@code /api} (CONTRACT section 4): when a token or users are configured, every call but
 * {@code /api/health} must carry a known token. {@code BPMON_API_TOKEN} carries every right; the users of
 * {@code BPMON_USERS} have a role, and only editors may change rules. Tokens are compared in constant time so they
 * cannot be guessed byte by byte. The caller is left on the request as {@link #principal(Context)}.
 */
final class ApiAuth implements Handler {

    static final String PRINCIPAL_ATTRIBUTE = "bpmon.principal";

    private record Credential(byte[] token, Principal principal) {}

    private final boolean on;
    private final List<Credential> credentials = new ArrayList<>();

    ApiAuth(WebConfig config) {
        this.on = config.authenticationOn();
        config.apiToken().ifPresent(t -> credentials.add(new Credential(bytes(t), Principal.API_TOKEN)));
        for (ApiUser u : config.users()) {
            credentials.add(new Credential(bytes(u.token()), new Principal(u.name(), u.role(), true)));
        }
    }

    /** Whether calls need a token at all. */
    boolean on() {
        return on;
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

    @Override
    public void handle(Context ctx) {
        if (ctx.path().equals(Routes.HEALTH)) {
            return;
        }
        String header = ctx.header("Authorization");
        Optional<Principal> principal = authenticate(header != null && header.startsWith("Bearer ")
                ? header.substring(7) : on ? null : "");
        if (principal.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"bpmon\"");
            throw new ApiException(401, ApiError.of(header == null
                    ? "missing Authorization: Bearer <token> header"
                    : "invalid token"));
        }
        if (changesRules(ctx.method(), ctx.path()) && !principal.get().mayEditRules()) {
            throw new ApiException(403, ApiError.of("user " + principal.get().name() + " may view rules but not "
                    + "change them (role " + principal.get().role() + "; changes need EDITOR)"));
        }
        ctx.attribute(PRINCIPAL_ATTRIBUTE, principal.get());
    }

    /** Who made this request; {@link Principal#NOBODY} when it passed no check (authentication off). */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        return p == null ? Principal.NOBODY : p;
    }

    /**
     * Whether a request changes rules: anything but reading under {@code /api/rules}, except the calls that only
     * compute (a preview, suggested thresholds).
     */
    static boolean changesRules(HandlerType method, String path) {
        if (!(path.equals(Routes.RULES) || path.startsWith(Routes.RULES + "/"))) {
            return false;
        }
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return false;
        }
        return !path.equals(Routes.RULES_PREVIEW) && !path.equals(Routes.RULES_THRESHOLDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
