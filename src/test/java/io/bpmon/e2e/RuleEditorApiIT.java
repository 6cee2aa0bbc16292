package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rule editor's API against a real broker and Elasticsearch: roles (a viewer reads but may not change rules;
 * an editor's name is the author), versions, diffs and restore.
 */
class RuleEditorApiIT {

    static final String TOKEN = "e2e-editor-api-token-0123456789";
    static final String EDITOR = "erika-editor-token-0123456789";
    static final String VIEWER = "victor-viewer-token-0123456789";
    private static final String PAYMENT_SLA = """
            {"id": "%s", "name": "Payment within 30 min", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
             "maxDuration": "PT30M", "severity": "WARNING", "scope": {"country": ["DE"]}}""";

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-ruleeditor").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none")
            .env("BPMON_USERS", "erika:editor:" + EDITOR + ",victor:viewer:" + VIEWER);

    private static final TestApi api = stack.api();
    private static final TestApi anonymous = api.as(null);

    @Test
    void shouldLetAViewerReadButNotChangeRules() {
        assertThat(api.as(EDITOR).send("POST", "/api/rules", PAYMENT_SLA.formatted("role-rule")).statusCode())
                .isEqualTo(201);

        assertThat(api.as(VIEWER).send("GET", "/api/rules", null).statusCode()).isEqualTo(200);
        assertThat(api.as(VIEWER).send("GET", "/api/rules/role-rule/versions", null).statusCode()).isEqualTo(200);
        assertThat(api.as(VIEWER).send("GET", "/api/alerts", null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = api.as(VIEWER).send("PUT", "/api/rules/role-rule",
                PAYMENT_SLA.formatted("role-rule").replace("PT30M", "PT45M"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestApi.json(refused).path("error").asText()).contains("victor").contains("EDITOR");
        assertThat(api.as(VIEWER).send("DELETE", "/api/rules/role-rule", null).statusCode()).isEqualTo(403);
        assertThat(api.as(VIEWER).send("POST", "/api/rules", PAYMENT_SLA.formatted("viewer-rule")).statusCode())
                .isEqualTo(403);
        assertThat(api.as(VIEWER).send("POST", "/api/rules/role-rule/restore/1", null).statusCode()).isEqualTo(403);
        assertThat(api.send("GET", "/api/rules/viewer-rule", null).statusCode()).isEqualTo(404);
        assertThat(api.as("unknown-token-0123456789").send("GET", "/api/rules", null).statusCode()).isEqualTo(401);
        assertThat(anonymous.send("GET", "/api/rules", null).statusCode()).isEqualTo(401);

        // the API token keeps every right
        assertThat(api.send("PUT", "/api/rules/role-rule", PAYMENT_SLA.formatted("role-rule")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRecordTheEditorsNameWhateverHeaderTheySend() {
        JsonNode created = TestApi.json(api.as(EDITOR).header("X-Bpmon-User", "somebody-else")
                .send("POST", "/api/rules", PAYMENT_SLA.formatted("author-rule")));
        assertThat(created.path("updatedBy").asText()).isEqualTo("erika");
    }

    @Test
    void shouldDiffAndRestoreVersions() {
        api.as(EDITOR).send("POST", "/api/rules", PAYMENT_SLA.formatted("vr"));
        api.as(EDITOR).send("PUT", "/api/rules/vr", PAYMENT_SLA.formatted("vr").replace("PT30M", "PT45M")
                .replace("[\"DE\"]", "[\"DE\", \"AT\"]"));

        JsonNode v1 = TestApi.json(api.as(VIEWER).send("GET", "/api/rules/vr/versions/1", null));
        assertThat(v1.path("version").asLong()).isEqualTo(1);
        assertThat(v1.path("changedBy").asText()).isEqualTo("erika");
        assertThat(v1.path("rule").path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(api.as(VIEWER).send("GET", "/api/rules/vr/versions/9", null).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = api.as(VIEWER).send("GET", "/api/rules/vr/versions/x", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestApi.json(bad).path("details").get(0).path("field").asText()).isEqualTo("version");

        JsonNode diff = TestApi.json(api.as(VIEWER).send("GET", "/api/rules/vr/diff", null));
        assertThat(diff.path("from").asLong()).isEqualTo(1);
        assertThat(diff.path("to").asLong()).isEqualTo(2);
        assertThat(texts(diff)).containsExactly("maxDuration: 30m → 45m", "scope.country: + AT");

        JsonNode restored = TestApi.json(api.as(EDITOR).send("POST", "/api/rules/vr/restore/1", null));
        assertThat(restored.path("version").asLong()).isEqualTo(3);
        assertThat(restored.path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(TestApi.json(api.as(VIEWER).send("GET", "/api/rules/vr", null)).path("version").asLong())
                .isEqualTo(3);
        assertThat(texts(TestApi.json(api.as(VIEWER).send("GET", "/api/rules/vr/diff?from=1&to=3", null)))).isEmpty();
        assertThat(texts(TestApi.json(api.as(VIEWER).send("GET", "/api/rules/vr/diff?from=2&to=3", null))))
                .containsExactly("maxDuration: 45m → 30m", "scope.country: − AT");
        assertThat(api.as(VIEWER).send("GET", "/api/rules/vr/diff?from=1&to=7", null).statusCode()).isEqualTo(404);
        assertThat(api.as(EDITOR).send("POST", "/api/rules/vr/restore/7", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldParseDurationsTheWayTheEditorShowsThem() {
        JsonNode parsed = TestApi.json(api.as(VIEWER).send("GET", "/api/durations/parse?text=" + URLEncoder
                .encode("2d4h",
                StandardCharsets.UTF_8), null));
        assertThat(parsed.path("iso").asText()).isEqualTo("PT52H");
        assertThat(parsed.path("formatted").asText()).isEqualTo("2d 4h");
        HttpResponse<String> bad = api.as(VIEWER).send("GET", "/api/durations/parse?text=30", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestApi.json(bad).path("details").get(0).path("field").asText()).isEqualTo("text");
    }

    static List<String> texts(JsonNode diff) {
        List<String> texts = new ArrayList<>();
        diff.path("changes").forEach(c -> texts.add(c.path("text").asText()));
        return texts;
    }
}
