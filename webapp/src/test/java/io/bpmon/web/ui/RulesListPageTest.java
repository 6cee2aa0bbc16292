package io.bpmon.web.ui;

import static io.bpmon.web.ui.RulePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.RulePreviewReader.AlertCounts;
import io.bpmon.core.store.RuleStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /rules}: the list, enable/disable and delete, over fakes of the store and the job. */
class RulesListPageTest {

    private final RulePagesServer server = new RulePagesServer();

    @BeforeEach
    void rules() {
        server.rules.create(Json.mapper().valueToTree(Map.of("id", "pay", "name", "Payment", "kind", "STEP_SLA",
                "from", "PLACED", "to", "PAID", "maxDuration", "P2DT4H")), "alice");
        server.rules.create(Json.mapper().valueToTree(Map.of("id", "rate", "name", "Rate", "kind", "VELOCITY",
                "eventType", "PAYMENT_RECEIVED", "window", "PT15M", "min", 3)), "alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldListEveryRuleWithItsAlertsAndTheJobsAcknowledgement() {
        server.reader.alertCounts.put("pay", new AlertCounts("pay", 7, 2));
        server.acknowledged.put("pay", new RuleStatus("pay", 1, true, NOW.minusSeconds(5), 2));

        String list = server.get("/rules").body();

        assertThat(list).contains("id=\"rule-pay\"", "PLACED → PAID within 2d 4h",
                "active: v1 since 2026-11-28 09:59:55 UTC", "PAYMENT_RECEIVED per 15m, at least 3",
                "not yet picked up by the job", ">7<", ">2<");
        assertThat(server.reader.questions).contains("alertCounts " + NOW.minus(Duration.ofHours(24)) + " " + NOW);
    }

    @Test
    void shouldDisableARuleAsANewVersion() {
        HttpResponse<String> off = server.post("/rules/pay/enabled", "enabled", "false");

        assertThat(off.statusCode()).isEqualTo(303);
        assertThat(server.rules.get("pay").orElseThrow().enabled()).isFalse();
        assertThat(server.rules.get("pay").orElseThrow().version()).isEqualTo(2);
        assertThat(server.get("/rules?done=Rule+pay+disabled.").body()).contains("id=\"flash\"", "Rule pay disabled.",
                "id=\"toggle-pay\">Enable<");
    }

    @Test
    void shouldAnswerALostRaceWith409AsTheApiDoes() {
        server.store.loseNextSave();
        HttpResponse<String> lost = server.post("/rules/pay/enabled", "enabled", "false");
        assertThat(lost.statusCode()).isEqualTo(409);
        assertThat(lost.body()).contains("changed concurrently");
    }

    @Test
    void shouldDeleteAfterAConfirmationAndKeepTheHistory() {
        assertThat(server.get("/rules/pay/delete").body())
                .contains("id=\"confirm-delete\"", "PLACED → PAID within 2d 4h");
        assertThat(server.post("/rules/pay/delete").statusCode()).isEqualTo(303);
        assertThat(server.rules.get("pay")).isEmpty();
        assertThat(server.rules.history("pay")).hasSize(2);
        assertThat(server.post("/rules/pay/delete").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldShowViewersTheListWithoutTheFormsAndRefuseTheirChanges() {
        server.role = ApiUser.Role.VIEWER;
        String list = server.get("/rules").body();
        assertThat(list).contains("id=\"rule-pay\"").doesNotContain("id=\"new-rule\"", "id=\"toggle-pay\"");
        assertThat(server.post("/rules/pay/enabled", "enabled", "false").statusCode()).isEqualTo(403);
        assertThat(server.post("/rules/pay/delete").statusCode()).isEqualTo(403);
        assertThat(server.rules.get("pay").orElseThrow().version()).isEqualTo(1);
    }
}
