package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-28T10:00:00Z");

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void shouldAcceptItsOwnCookieWithTheSameCsrfTokenEveryTime() {
        Sessions sessions = new Sessions(Optional.of("token-0123456789abcdef"), at(BEGINNING));
        Sessions.Session s = sessions.create();
        Sessions.Session found = sessions.find(s.cookieValue()).orElseThrow();
        assertThat(found.csrfToken()).isEqualTo(s.csrfToken());
        assertThat(found.csrfMatches(s.csrfToken())).isTrue();
        assertThat(found.csrfMatches("x" + s.csrfToken())).isFalse();
        assertThat(found.csrfMatches(null)).isFalse();
    }

    @Test
    void shouldRememberWhoLoggedInAndTheirRoleUnforgeably() {
        Sessions sessions = new Sessions(Optional.of("token-0123456789abcdef"), at(BEGINNING));
        Sessions.Session viewer = sessions.create("victor.o'neil", false);
        Sessions.Session found = sessions.find(viewer.cookieValue()).orElseThrow();
        assertThat(found.name()).isEqualTo("victor.o'neil");
        assertThat(found.editor()).isFalse();
        assertThat(sessions.find(sessions.create("erika", true).cookieValue()).orElseThrow().editor()).isTrue();
        // promoting oneself by editing the cookie breaks its signature
        String[] parts = viewer.cookieValue().split("\\.");
        String forged = parts[0] + "." + parts[1] + ".e." + parts[3] + "." + parts[4];
        assertThat(sessions.find(forged)).isEmpty();
    }

    @Test
    void shouldSurviveARestartWithTheSameTokenButNotATokenChange() {
        Sessions.Session s = new Sessions(Optional.of("token-0123456789abcdef"), at(BEGINNING)).create();
        assertThat(new Sessions(Optional.of("token-0123456789abcdef"), at(BEGINNING)).find(s.cookieValue()))
                .isPresent();
        assertThat(new Sessions(Optional.of("another-token-0123456789"), at(BEGINNING)).find(s.cookieValue()))
                .isEmpty();
    }

    @Test
    void shouldRejectForgedExpiredAndRevokedCookies() {
        Sessions sessions = new Sessions(Optional.of("token-0123456789abcdef"), at(BEGINNING));
        Sessions.Session s = sessions.create();
        String v = s.cookieValue();
        String payload = v.substring(0, v.lastIndexOf('.'));
        String signature = v.substring(v.lastIndexOf('.') + 1);
        // a longer life with the old signature
        String longer = payload.substring(0, payload.indexOf('.') + 1) + "99999999999." + signature;
        assertThat(sessions.find(longer)).isEmpty();
        assertThat(sessions.find(payload + ".AAAA")).isEmpty();
        assertThat(sessions.find("garbage")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();

        Sessions later = new Sessions(Optional.of("token-0123456789abcdef"),
                at(BEGINNING.plus(Sessions.LIFETIME).plus(Duration.ofSeconds(1))));
        assertThat(later.find(v)).isEmpty();

        sessions.revoke(v);
        assertThat(sessions.find(v)).isEmpty();
        assertThat(sessions.find(sessions.create().cookieValue())).isPresent();
    }

    @Test
    void shouldOnlyRedirectToLocalPathsAfterLogin() {
        assertThat(UiSecurity.safeNext("/orders?status=PAID")).isEqualTo("/orders?status=PAID");
        assertThat(UiSecurity.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(UiSecurity.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(UiSecurity.safeNext("https://evil.example")).isEqualTo("/");
        assertThat(UiSecurity.safeNext("/login?next=/")).isEqualTo("/");
        assertThat(UiSecurity.safeNext(null)).isEqualTo("/");
    }
}
