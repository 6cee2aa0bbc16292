package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.config.WebConfig;
import io.bpmon.core.rules.DefaultRules;
import io.bpmon.web.common.AuthThrottle;
import io.bpmon.web.common.Principal;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAuthTest {

    private static final String API_TOKEN = "the-api-token-0123456789";
    private static final ApiAuth AUTH = new ApiAuth(new WebConfig(8080, Optional.of(API_TOKEN), "http://x",
            DefaultRules.NONE, List.of(new ApiUser("erika", ApiUser.Role.EDITOR, "erika-token-0123456789"),
                    new ApiUser("otto", ApiUser.Role.OPERATOR, "otto-token-0123456789"),
                    new ApiUser("victor", ApiUser.Role.VIEWER, "victor-token-0123456789"))),
            new AuthThrottle(java.time.Clock.systemUTC()));

    @Test
    void shouldKnowEachTokensPrincipal() {
        assertThat(AUTH.authenticate(API_TOKEN)).contains(Principal.API_TOKEN);
        assertThat(AUTH.authenticate(" erika-token-0123456789 "))
                .contains(new Principal("erika", ApiUser.Role.EDITOR, true));
        assertThat(AUTH.authenticate("victor-token-0123456789")).get().satisfies(p -> {
            assertThat(p.name()).isEqualTo("victor");
            assertThat(p.mayEditRules()).isFalse();
        });
        assertThat(AUTH.authenticate("victor-token-012345678")).isEmpty();
        assertThat(AUTH.authenticate(null)).isEmpty();
        assertThat(AUTH.authenticate("")).isEmpty();
    }

    @Test
    void shouldLetEveryoneInWhenNoTokenIsConfigured() {
        ApiAuth open = new ApiAuth(new WebConfig(8080, Optional.empty(), "http://x"),
                new AuthThrottle(java.time.Clock.systemUTC()));
        assertThat(open.on()).isFalse();
        assertThat(open.authenticate(null)).contains(Principal.NOBODY);
        assertThat(Principal.NOBODY.mayEditRules()).isTrue();
    }

    @Test
    void shouldTreatOnlyRuleChangesAsChangesThatNeedTheEditorRole() {
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/rules")).isTrue();
        assertThat(ApiAuth.changesRules(HandlerType.PUT, "/api/rules/r-1")).isTrue();
        assertThat(ApiAuth.changesRules(HandlerType.DELETE, "/api/rules/r-1")).isTrue();
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/rules/r-1/restore/2")).isTrue();
        assertThat(ApiAuth.changesRules(HandlerType.GET, "/api/rules/r-1")).isFalse();
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/rules/preview")).isFalse();
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/rules/thresholds")).isFalse();
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/events")).isFalse();
        assertThat(ApiAuth.changesRules(HandlerType.POST, "/api/rulesX")).isFalse();
    }

    @Test
    void shouldLetOperatorsAcknowledgeAndSilenceButOnlyEditorsChangeRules() {
        assertThat(ApiAuth.requiredRole(HandlerType.GET, "/api/silences")).isEqualTo(ApiUser.Role.VIEWER);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/events")).isEqualTo(ApiUser.Role.VIEWER);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/rules/preview")).isEqualTo(ApiUser.Role.VIEWER);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/alerts/a-1/ack")).isEqualTo(ApiUser.Role.OPERATOR);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/incidents/i-1/ack"))
                .isEqualTo(ApiUser.Role.OPERATOR);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/silences")).isEqualTo(ApiUser.Role.OPERATOR);
        assertThat(ApiAuth.requiredRole(HandlerType.DELETE, "/api/silences/s-1")).isEqualTo(ApiUser.Role.OPERATOR);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/channels/slack/test"))
                .isEqualTo(ApiUser.Role.OPERATOR);
        assertThat(ApiAuth.requiredRole(HandlerType.PUT, "/api/rules/r-1")).isEqualTo(ApiUser.Role.EDITOR);
        assertThat(ApiAuth.requiredRole(HandlerType.POST, "/api/something-new")).as("secure by default")
                .isEqualTo(ApiUser.Role.EDITOR);

        Principal victor = AUTH.authenticate("victor-token-0123456789").orElseThrow();
        Principal otto = AUTH.authenticate("otto-token-0123456789").orElseThrow();
        Principal erika = AUTH.authenticate("erika-token-0123456789").orElseThrow();
        assertThat(victor.may(ApiUser.Role.OPERATOR)).isFalse();
        assertThat(otto.may(ApiUser.Role.OPERATOR)).isTrue();
        assertThat(otto.may(ApiUser.Role.EDITOR)).isFalse();
        assertThat(erika.may(ApiUser.Role.OPERATOR)).isTrue();
        assertThat(Principal.API_TOKEN.may(ApiUser.Role.EDITOR)).isTrue();
        assertThat(AUTH.byName("otto").orElseThrow().token()).isEqualTo("otto-token-0123456789");
        assertThat(AUTH.byName("api").orElseThrow().principal()).isEqualTo(Principal.API_TOKEN);
        assertThat(AUTH.byName("nobody")).isEmpty();
    }
}
