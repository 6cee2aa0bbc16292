package io.bpmon.web.ui;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's sessions, in memory: a random id in an HttpOnly, SameSite=Strict cookie, and per session a random CSRF
 * token that every form carries. A restart of the web server ends all sessions (the user logs in again). Bounded:
 * beyond {@link #MAX_SESSIONS} the least recently used go first, so a flood of cookie-less requests cannot fill
 * memory.
 */
public final class Sessions {

    public static final String COOKIE = "bpmon_session";
    static final Duration IDLE_LIMIT = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    /** One browser's session; {@code authenticated} once it gave the API token (or when none is configured). */
    public static final class Session {
        private final String id;
        private final String csrfToken;
        private final boolean authenticated;
        private volatile Instant lastUsed;

        Session(String id, String csrfToken, boolean authenticated, Instant lastUsed) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.authenticated = authenticated;
            this.lastUsed = lastUsed;
        }

        public String id() {
            return id;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public boolean authenticated() {
            return authenticated;
        }

        /** Constant-time comparison, so the token cannot be guessed byte by byte. */
        public boolean csrfMatches(String candidate) {
            return candidate != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        }
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastUsed.plus(IDLE_LIMIT).isBefore(now)) {
            byId.remove(id);
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s);
    }

    /** A new session with a fresh id and CSRF token (a login always gets a new id: no session fixation). */
    public Session create(boolean authenticated) {
        if (byId.size() >= MAX_SESSIONS) {
            evictOldest();
        }
        Session s = new Session(random(), random(), authenticated, clock.instant());
        byId.put(s.id, s);
        return s;
    }

    public void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    public int size() {
        return byId.size();
    }

    private void evictOldest() {
        byId.values().stream().sorted(Comparator.comparing(s -> s.lastUsed)).limit(MAX_SESSIONS / 10)
                .forEach(s -> byId.remove(s.id));
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
