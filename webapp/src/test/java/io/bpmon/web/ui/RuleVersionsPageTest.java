package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.RuleStatus;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /rules/{id}/versions}: history with what changed, and restore, over fakes of the store and the job. */
class RuleVersionsPageTest {

    private final RulePagesServer server = new RulePagesServer();

    private static JsonNode rule(String maxDuration) {
        return Json.mapper().valueToTree(Map.of("id", "pay", "name", "Payment", "kind", "STEP_SLA", "from", "PLACED",
                "to", "PAID", "maxDuration", maxDuration));
    }

    @BeforeEach
    void history() {
        server.rules.create(rule("PT30M"), "alice");
        server.rules.update("pay", rule("PT45M"), "bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldListVersionsNewestFirstWithWhatChanged() {
        server.acknowledged.put("pay", new RuleStatus("pay", 1, true, RulePagesServer.NOW, 1));

        String page = server.get("/rules/pay/versions").body();

        assertThat(page.indexOf("id=\"v2\"")).isLessThan(page.indexOf("id=\"v1\""));
        assertThat(page).contains("maxDuration: 30m → 45m", "class=\"author\">bob<", "id=\"restore-1\"",
                "The job applies v1").doesNotContain("id=\"restore-2\"");
    }

    @Test
    void shouldRestoreAnOlderVersionAsANewOne() {
        HttpResponse<String> restored = server.post("/rules/pay/restore", "version", "1");

        assertThat(restored.statusCode()).isEqualTo(303);
        assertThat(restored.headers().firstValue("Location").orElseThrow()).startsWith("/rules/pay/versions?done=");
        assertThat(server.rules.get("pay").orElseThrow().version()).isEqualTo(3);
        assertThat(server.rules.get("pay").orElseThrow().maxDuration()).hasMinutes(30);
    }

    @Test
    void shouldRefuseAVersionThatIsNotANumberOrNeverExisted() {
        assertThat(server.post("/rules/pay/restore", "version", "first").statusCode()).isEqualTo(400);
        assertThat(server.post("/rules/pay/restore", "version", "9").statusCode()).isEqualTo(404);
        assertThat(server.get("/rules/never/versions").statusCode()).isEqualTo(404);
    }
}
