package io.bpmon.web.ui;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.store.SessionRevocations;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The UI's sessions as signed cookies: {@code <random id>.<issued at>.<user name>.<credential fingerprint>.<HMAC>}
 * (docs/web-security.md). No server keeps per-session state, so memory does not grow with visitors, and a session
 * is good on every web server with the same credentials and after restarts. On every request a session is checked
 * against what holds <em>now</em>: issued at most {@link #LIFETIME} ago (whatever else a cookie claims), its user
 * still configured with the very token it logged in with (the fingerprint, a keyed hash of that token, must match;
 * the role is the user's current one), and not logged out. Logouts are stored in Elasticsearch
 * ({@link SessionRevocations}); a lookup is remembered for {@link #RECHECK}, so a logout on another server takes
 * effect here within that time. Each session's CSRF token is derived from it.
 */
public final class Sessions {

    public static final String COOKIE = "bpmon_session";
    /** The longest a session lasts, from its login. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** How far in the future an issue time may lie (clocks of several web servers differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** How long a "not logged out" answer of the store is trusted. */
    static final Duration RECHECK = Duration.ofSeconds(2);
    /** The most revocation answers remembered; beyond, the least recently used are asked again. */
    static final int MAX_REMEMBERED = 10_000;
    /** The user of sessions when no login is configured (they only carry the CSRF token). */
    static final String NO_LOGIN_USER = "ui";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String NO_FINGERPRINT = "-";

    private final byte[] key;
    private final UiSecurity.Login login;
    private final SessionRevocations revocations;
    private final Clock clock;
    /** Session id → until when it is known to be revoked, or when it was last seen not to be. */
    private final Map<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Known(boolean revoked, Instant until) {}

    /**
     * @param key         the signing key ({@link #signingKey})
     * @param login       whether a login is needed, and the users as configured now
     * @param revocations where logouts are kept
     */
    public Sessions(byte[] key, UiSecurity.Login login, SessionRevocations revocations, Clock clock) {
        this.key = key.clone();
        this.login = login;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * The key that signs session cookies: derived from {@code BPMON_API_TOKEN} when it is set, else from every
     * {@code BPMON_USERS} token (so changing one then ends every session), else random for this process (no login:
     * sessions only carry CSRF tokens). Web servers with the same credentials accept each other's sessions.
     */
    public static byte[] signingKey(Optional<String> apiToken, Collection<String> userTokens) {
        if (apiToken.isPresent()) {
            return sha256("bpmon-ui-session:" + apiToken.get());
        }
        if (!userTokens.isEmpty()) {
            String[] sorted = userTokens.toArray(String[]::new);
            Arrays.sort(sorted);
            return sha256("bpmon-ui-session-users:" + String.join("\n", sorted));
        }
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /**
     * One browser's session.
     *
     * @param id   the random part, which logouts name
     * @param name who logged in (a {@code BPMON_USERS} name, "api" for the API token, "ui" without login)
     * @param role what they may do now; the API token's holder and sessions without login have every right
     */
    public record Session(String cookieValue, String id, String csrfToken, String name, ApiUser.Role role,
            Instant issuedAt) {

        /** Constant-time comparison, so the token cannot be guessed byte by byte. */
        public boolean csrfMatches(String candidate) {
            return candidate != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        }

        public boolean may(ApiUser.Role needed) {
            return role.includes(needed);
        }
    }

    /**
     * The session of this cookie value, if it is genuine, issued less than {@link #LIFETIME} ago, its user still has
     * the token it logged in with, and it was not logged out.
     *
     * @throws io.bpmon.core.store.Elasticsearch.UnavailableException when logouts cannot be looked up
     */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 400) {
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
        Instant issuedAt;
        String name;
        try {
            issuedAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            name = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW)) || !now.isBefore(issuedAt.plus(LIFETIME))) {
            return Optional.empty();
        }
        ApiUser.Role role;
        if (login.required()) {
            Optional<UiSecurity.User> user = login.byName().apply(name);
            if (user.isEmpty() || !MessageDigest.isEqual(fingerprint(user.get()).getBytes(StandardCharsets.UTF_8),
                    parts[3].getBytes(StandardCharsets.UTF_8))) {
                return Optional.empty(); // the user was removed, or their token changed
            }
            role = user.get().role();
        } else {
            role = ApiUser.Role.EDITOR;
        }
        if (isRevoked(parts[0], issuedAt.plus(LIFETIME))) {
            return Optional.empty();
        }
        return Optional.of(new Session(cookieValue, parts[0], sign("csrf:" + payload), name, role, issuedAt));
    }

    /** A new session for a browser that did not log in (no login configured): it may do everything. */
    public Session create() {
        return create(new UiSecurity.User(NO_LOGIN_USER, ApiUser.Role.EDITOR, null));
    }

    /** A new session for who logged in (a login always gets a new one: no session fixation). */
    public Session create(UiSecurity.User user) {
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        Instant now = clock.instant();
        String randomId = B64.encodeToString(id);
        String payload = randomId + "." + now.getEpochSecond() + "."
                + B64.encodeToString(user.name().getBytes(StandardCharsets.UTF_8)) + "."
                + (user.token() == null ? NO_FINGERPRINT : fingerprint(user));
        return new Session(payload + "." + sign(payload), randomId, sign("csrf:" + payload), user.name(),
                user.role(), Instant.ofEpochSecond(now.getEpochSecond()));
    }

    /**
     * Logout: the cookie no longer opens a session, here or on any other web server, also after restarts.
     *
     * @throws io.bpmon.core.store.Elasticsearch.UnavailableException when the logout could not be stored
     */
    public void revoke(String cookieValue) {
        Optional<Session> session = find(cookieValue);
        if (session.isEmpty()) {
            return;
        }
        Instant expiresAt = session.get().issuedAt().plus(LIFETIME);
        revocations.revoke(session.get().id(), clock.instant(), expiresAt);
        synchronized (known) {
            known.put(session.get().id(), new Known(true, expiresAt));
        }
    }

    private boolean isRevoked(String id, Instant expiresAt) {
        Instant now = clock.instant();
        synchronized (known) {
            Known k = known.get(id);
            if (k != null && (k.revoked() || now.isBefore(k.until()))) {
                return k.revoked();
            }
        }
        boolean revoked = revocations.isRevoked(id); // not under the lock: one slow lookup must not stall others
        synchronized (known) {
            known.put(id, revoked ? new Known(true, expiresAt) : new Known(false, now.plus(RECHECK)));
        }
        return revoked;
    }

    /** A keyed hash of the user's current token: proves the session was made with it, without revealing it. */
    private String fingerprint(UiSecurity.User user) {
        return sign("credential:" + user.name() + ":" + user.token()).substring(0, 22);
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
