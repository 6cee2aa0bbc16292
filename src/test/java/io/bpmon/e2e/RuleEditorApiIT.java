package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    static Path checkpoints;

    private static Javalin web;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        MonitorConfig config = TestServers.config("e2e-ruleeditor", checkpoints, Map.of(
                "BPMON_API_TOKEN", TOKEN, "BPMON_HTTP_PORT", "0", "BPMON_DEFAULT_RULES", "none",
                "BPMON_USERS", "erika:editor:" + EDITOR + ",victor:viewer:" + VIEWER));
        TestServers.freshTopicsAndSchema(config);
        web = WebMain.create(config).start(0);
        base = "http://localhost:" + web.port();
    }

    @AfterAll
    static void stop() {
        web.stop();
    }

    @Test
    void shouldLetAViewerReadButNotChangeRules() {
        assertThat(send("POST", "/api/rules", PAYMENT_SLA.formatted("role-rule"), EDITOR).statusCode())
                .isEqualTo(201);

        assertThat(send("GET", "/api/rules", null, VIEWER).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/rules/role-rule/versions", null, VIEWER).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/alerts", null, VIEWER).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send("PUT", "/api/rules/role-rule",
                PAYMENT_SLA.formatted("role-rule").replace("PT30M", "PT45M"), VIEWER);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(read(refused).path("error").asText()).contains("victor").contains("EDITOR");
        assertThat(send("DELETE", "/api/rules/role-rule", null, VIEWER).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/rules", PAYMENT_SLA.formatted("viewer-rule"), VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/rules/role-rule/restore/1", null, VIEWER).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/rules/viewer-rule", null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/rules", null, "unknown-token-0123456789").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/rules", null, null).statusCode()).isEqualTo(401);

        // the API token keeps every right
        assertThat(send("PUT", "/api/rules/role-rule", PAYMENT_SLA.formatted("role-rule"), TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRecordTheEditorsNameWhateverHeaderTheySend() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/rules"))
                .POST(HttpRequest.BodyPublishers.ofString(PAYMENT_SLA.formatted("author-rule")))
                .header("Authorization", "Bearer " + EDITOR).header("X-Bpmon-User", "somebody-else").build();
        JsonNode created = read(call(request));
        assertThat(created.path("updatedBy").asText()).isEqualTo("erika");
    }

    @Test
    void shouldDiffAndRestoreVersions() {
        send("POST", "/api/rules", PAYMENT_SLA.formatted("vr"), EDITOR);
        send("PUT", "/api/rules/vr", PAYMENT_SLA.formatted("vr").replace("PT30M", "PT45M")
                .replace("[\"DE\"]", "[\"DE\", \"AT\"]"), EDITOR);

        JsonNode v1 = read(send("GET", "/api/rules/vr/versions/1", null, VIEWER));
        assertThat(v1.path("version").asLong()).isEqualTo(1);
        assertThat(v1.path("changedBy").asText()).isEqualTo("erika");
        assertThat(v1.path("rule").path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(send("GET", "/api/rules/vr/versions/9", null, VIEWER).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = send("GET", "/api/rules/vr/versions/x", null, VIEWER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(read(bad).path("details").get(0).path("field").asText()).isEqualTo("version");

        JsonNode diff = read(send("GET", "/api/rules/vr/diff", null, VIEWER));
        assertThat(diff.path("from").asLong()).isEqualTo(1);
        assertThat(diff.path("to").asLong()).isEqualTo(2);
        assertThat(texts(diff)).containsExactly("maxDuration: 30m → 45m", "scope.country: + AT");

        JsonNode restored = read(send("POST", "/api/rules/vr/restore/1", null, EDITOR));
        assertThat(restored.path("version").asLong()).isEqualTo(3);
        assertThat(restored.path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(read(send("GET", "/api/rules/vr", null, VIEWER)).path("version").asLong()).isEqualTo(3);
        assertThat(texts(read(send("GET", "/api/rules/vr/diff?from=1&to=3", null, VIEWER)))).isEmpty();
        assertThat(texts(read(send("GET", "/api/rules/vr/diff?from=2&to=3", null, VIEWER))))
                .containsExactly("maxDuration: 45m → 30m", "scope.country: − AT");
        assertThat(send("GET", "/api/rules/vr/diff?from=1&to=7", null, VIEWER).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/rules/vr/restore/7", null, EDITOR).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldParseDurationsTheWayTheEditorShowsThem() {
        JsonNode parsed = read(send("GET", "/api/durations/parse?text=" + URLEncoder.encode("2d4h",
                StandardCharsets.UTF_8), null, VIEWER));
        assertThat(parsed.path("iso").asText()).isEqualTo("PT52H");
        assertThat(parsed.path("formatted").asText()).isEqualTo("2d 4h");
        HttpResponse<String> bad = send("GET", "/api/durations/parse?text=30", null, VIEWER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(read(bad).path("details").get(0).path("field").asText()).isEqualTo("text");
    }

    static List<String> texts(JsonNode diff) {
        List<String> texts = new ArrayList<>();
        diff.path("changes").forEach(c -> texts.add(c.path("text").asText()));
        return texts;
    }

    static HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return call(b.build());
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode read(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
