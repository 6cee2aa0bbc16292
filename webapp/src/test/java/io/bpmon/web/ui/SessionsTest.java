package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.store.SessionRevocations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-28T10:00:00Z");
    private static final String API_TOKEN = "token-0123456789abcdef";
    private static final byte[] KEY = Sessions.signingKey(Optional.of(API_TOKEN), List.of());

    /** The users as configured "now"; tests change them as an operator would change BPMON_USERS. */
    private final Map<String, UiSecurity.User> users = new ConcurrentHashMap<>(Map.of(
            "victor.o'neil", new UiSecurity.User("victor.o'neil", ApiUser.Role.VIEWER, "victor-token-0123456789"),
            "erika", new UiSecurity.User("erika", ApiUser.Role.EDITOR, "erika-token-0123456789")));
    private final UiSecurity.Login login = new UiSecurity.Login(true,
            t -> users.values().stream().filter(u -> u.token().equals(t)).findFirst(),
            n -> Optional.ofNullable(users.get(n)));
    private final InMemoryRevocations revocations = new InMemoryRevocations();
    private final MutableClock clock = new MutableClock(BEGINNING);

    /** Logouts as Elasticsearch keeps them, shared by every "web server" of a test; counts lookups. */
    static final class InMemoryRevocations implements SessionRevocations {
        final Map<String, Instant> revoked = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public void revoke(String sessionId, Instant revokedAt, Instant expiresAt) {
            revoked.put(sessionId, expiresAt);
        }

        @Override
        public boolean isRevoked(String sessionId) {
            lookups.incrementAndGet();
            return revoked.containsKey(sessionId);
        }
    }

    private Sessions server() {
        return new Sessions(KEY, login, revocations, clock);
    }

    private UiSecurity.User user(String name) {
        return users.get(name);
    }

    @Test
    void shouldAcceptItsOwnCookieWithTheSameCsrfTokenEveryTime() {
        Sessions sessions = server();
        Sessions.Session s = sessions.create(user("erika"));
        Sessions.Session found = sessions.find(s.cookieValue()).orElseThrow();
        assertThat(found.csrfToken()).isEqualTo(s.csrfToken());
        assertThat(found.csrfMatches(s.csrfToken())).isTrue();
        assertThat(found.csrfMatches("x" + s.csrfToken())).isFalse();
        assertThat(found.csrfMatches(null)).isFalse();
    }

    @Test
    void shouldTakeTheRoleFromTheCurrentConfigurationNotFromTheCookie() {
        Sessions sessions = server();
        Sessions.Session viewer = sessions.create(user("victor.o'neil"));
        Sessions.Session found = sessions.find(viewer.cookieValue()).orElseThrow();
        assertThat(found.name()).isEqualTo("victor.o'neil");
        assertThat(found.may(ApiUser.Role.VIEWER)).isTrue();
        assertThat(found.may(ApiUser.Role.OPERATOR)).isFalse();
        // promoted in BPMON_USERS (same token): the next request has the new role
        users.put("victor.o'neil", new UiSecurity.User("victor.o'neil", ApiUser.Role.OPERATOR,
                "victor-token-0123456789"));
        assertThat(sessions.find(viewer.cookieValue()).orElseThrow().role()).isEqualTo(ApiUser.Role.OPERATOR);
        // claiming another name by editing the cookie breaks its signature
        String[] parts = viewer.cookieValue().split("\\.");
        String forged = parts[0] + "." + parts[1] + ".ZXJpa2E." + parts[3] + "." + parts[4];
        assertThat(sessions.find(forged)).isEmpty();
    }

    @Test
    void shouldSurviveARestartWithTheSameKeyButNotAKeyChange() {
        Sessions.Session s = server().create(user("erika"));
        assertThat(server().find(s.cookieValue())).isPresent();
        assertThat(new Sessions(Sessions.signingKey(Optional.of("another-token-0123456789"), List.of()), login,
                revocations, clock).find(s.cookieValue())).isEmpty();
    }

    @Test
    void shouldDeriveTheKeyFromTheUsersTokensWhenThereIsNoApiToken() {
        byte[] users = Sessions.signingKey(Optional.empty(), List.of("b-token-0123456789", "a-token-0123456789"));
        assertThat(Sessions.signingKey(Optional.empty(), List.of("a-token-0123456789", "b-token-0123456789")))
                .isEqualTo(users);
        assertThat(Sessions.signingKey(Optional.empty(), List.of("a-token-0123456789"))).isNotEqualTo(users);
        assertThat(Sessions.signingKey(Optional.empty(), List.of()))
                .isNotEqualTo(Sessions.signingKey(Optional.empty(), List.of()));
    }

    @Test
    void shouldEndASessionTwelveHoursAfterLoginWhateverTheCookieClaims() {
        Sessions.Session s = server().create(user("erika"));
        clock.advance(Sessions.LIFETIME.minusSeconds(1));
        assertThat(server().find(s.cookieValue())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(server().find(s.cookieValue())).isEmpty();

        // a cookie signed with the right key that claims to be issued in 2100 (so would run until then)
        MutableClock future = new MutableClock(Instant.parse("2100-01-01T00:00:00Z"));
        Sessions.Session fromTheFuture = new Sessions(KEY, login, revocations, future).create(user("erika"));
        assertThat(server().find(fromTheFuture.cookieValue())).isEmpty();
        // a little clock skew between web servers is fine
        MutableClock ahead = new MutableClock(clock.instant().plusSeconds(30));
        assertThat(server().find(new Sessions(KEY, login, revocations, ahead).create(user("erika")).cookieValue()))
                .isPresent();
    }

    @Test
    void shouldEndASessionWhenItsUserIsRemovedOrTheirTokenChanges() {
        Sessions sessions = server();
        Sessions.Session victor = sessions.create(user("victor.o'neil"));
        Sessions.Session erika = sessions.create(user("erika"));
        users.put("victor.o'neil", new UiSecurity.User("victor.o'neil", ApiUser.Role.VIEWER, "new-token-0123456789"));
        assertThat(sessions.find(victor.cookieValue())).isEmpty();
        users.remove("erika");
        assertThat(sessions.find(erika.cookieValue())).isEmpty();
        users.put("erika", new UiSecurity.User("erika", ApiUser.Role.EDITOR, "erika-token-0123456789"));
        assertThat(sessions.find(erika.cookieValue())).as("the same token again").isPresent();
    }

    @Test
    void shouldRejectForgedAndMalformedCookies() {
        Sessions sessions = server();
        String v = sessions.create(user("erika")).cookieValue();
        String payload = v.substring(0, v.lastIndexOf('.'));
        String signature = v.substring(v.lastIndexOf('.') + 1);
        String[] p = payload.split("\\.");
        // a later issue time with the old signature
        assertThat(sessions.find(p[0] + "." + (Long.parseLong(p[1]) + 3600) + "." + p[2] + "." + p[3] + "."
                + signature)).isEmpty();
        assertThat(sessions.find(payload + ".AAAA")).isEmpty();
        assertThat(sessions.find("garbage")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("x".repeat(5000))).isEmpty();
    }

    @Test
    void shouldHonourALogoutOnEveryServerWithinTheRecheckInterval() {
        Sessions a = server();
        Sessions b = server();
        Sessions.Session s = a.create(user("erika"));
        assertThat(b.find(s.cookieValue())).isPresent();
        int lookups = revocations.lookups.get();
        assertThat(b.find(s.cookieValue())).isPresent();
        assertThat(revocations.lookups.get()).as("a fresh answer is reused").isEqualTo(lookups);

        a.revoke(s.cookieValue());
        assertThat(a.find(s.cookieValue())).as("at once where it happened").isEmpty();
        clock.advance(Sessions.RECHECK);
        assertThat(b.find(s.cookieValue())).as("elsewhere after the recheck interval").isEmpty();
        assertThat(server().find(s.cookieValue())).as("after a restart").isEmpty();
        assertThat(revocations.revoked.get(s.id())).isEqualTo(s.issuedAt().plus(Sessions.LIFETIME));
        assertThat(a.find(a.create(user("erika")).cookieValue())).isPresent();
    }

    @Test
    void shouldNeedNoLoginWhenNoneIsConfigured() {
        UiSecurity.Login none = new UiSecurity.Login(false, t -> Optional.empty(), n -> Optional.empty());
        Sessions sessions = new Sessions(Sessions.signingKey(Optional.empty(), List.of()), none, revocations, clock);
        Sessions.Session s = sessions.find(sessions.create().cookieValue()).orElseThrow();
        assertThat(s.name()).isEqualTo("ui");
        assertThat(s.may(ApiUser.Role.EDITOR)).isTrue();
    }

    @Test
    void shouldOnlyRedirectToPathsOfThisSiteAfterLogin() {
        assertThat(UiSecurity.safeNext("/orders?status=PAID&x=%20y")).isEqualTo("/orders?status=PAID&x=%20y");
        assertThat(UiSecurity.safeNext("/")).isEqualTo("/");
        for (String evil : new String[] {"//evil.example/x", "/\\evil.example", "https://evil.example",
                "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example",
                "/\u00a0/evil.example", "/\u3000/evil.example", "/\u0000/evil", "/x\\y", "evil.example",
                "/login?next=/", "/" + "a".repeat(3000), ""}) {
            assertThat(UiSecurity.safeNext(evil)).as(evil).isEqualTo("/");
        }
        assertThat(UiSecurity.safeNext(null)).isEqualTo("/");
    }
}
