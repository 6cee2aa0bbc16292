package io.bpmon.web.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The UI's sessions as signed cookies: {@code <random id>.<expiry>.<HMAC>}, keyed by a hash of the API token. The
 * server keeps no per-session state, so memory does not grow with visitors and a session survives a restart of the
 * web server (the live pages reconnect without a new login) — as long as the token stays the same; changing the
 * token ends every session. Each session's CSRF token is derived from its id. Logout revokes the id until it
 * would have expired anyway. Without a configured token the key is random per process.
 */
public final class Sessions {

    public static final String COOKIE = "bpmon_session";
    static final Duration LIFETIME = Duration.ofHours(12);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public Sessions(Optional<String> apiToken, Clock clock) {
        this.clock = clock;
        this.key = apiToken.map(t -> sha256("bpmon-ui-session:" + t)).orElseGet(() -> {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            return k;
        });
    }

    /**
     * One browser's session.
     *
     * @param name   who logged in (a {@code BPMON_USERS} name, "api" for the API token, "ui" without login)
     * @param editor whether they may change rules
     */
    public record Session(String cookieValue, String id, String csrfToken, String name, boolean editor) {

        /** Constant-time comparison, so the token cannot be guessed byte by byte. */
        public boolean csrfMatches(String candidate) {
            return candidate != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The session of this cookie value, if it is genuine, unexpired and not logged out. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 200) {
            return Optional.empty();
        }
        int sig = cookieValue.lastIndexOf('.');
        if (sig <= 0) {
            return Optional.empty();
        }
        String payload = cookieValue.substring(0, sig);
        if (!MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.UTF_8),
                cookieValue.substring(sig + 1).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 4 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        long expiry;
        String name;
        try {
            expiry = Long.parseLong(parts[1]);
            name = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expiry || revoked.containsKey(payload)) {
            return Optional.empty();
        }
        return Optional.of(new Session(cookieValue, payload, sign("csrf:" + payload), name, parts[2].equals("e")));
    }

    /** A new session for a browser that did not log in (no login configured): it may do everything. */
    public Session create() {
        return create("ui", true);
    }

    /** A new session for who logged in (a login always gets a new one: no session fixation). */
    public Session create(String name, boolean editor) {
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        String payload = B64.encodeToString(id) + "." + clock.instant().plus(LIFETIME).getEpochSecond() + "."
                + (editor ? "e" : "v") + "." + B64.encodeToString(name.getBytes(StandardCharsets.UTF_8));
        return new Session(payload + "." + sign(payload), payload, sign("csrf:" + payload), name, editor);
    }

    /** Logout: the cookie no longer opens a session. */
    public void revoke(String cookieValue) {
        find(cookieValue).ifPresent(s -> {
            Instant now = clock.instant();
            revoked.values().removeIf(until -> until.isBefore(now));
            revoked.put(s.id(), now.plus(LIFETIME));
        });
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
