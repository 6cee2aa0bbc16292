package io.bpmon.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Bearer-token check for {@code /api} (CONTRACT section 4): when a token is configured, every call but
 * {@code /api/health} must carry it. Compared in constant time so the token cannot be guessed byte by byte.
 */
final class ApiAuth implements Handler {

    private final Optional<byte[]> token;

    ApiAuth(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(Context ctx) {
        if (token.isEmpty() || ctx.path().equals(Routes.HEALTH)) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"bpmon\"");
        throw new ApiException(401, ApiError.of(header == null
                ? "missing Authorization: Bearer <token> header"
                : "invalid token"));
    }
}
