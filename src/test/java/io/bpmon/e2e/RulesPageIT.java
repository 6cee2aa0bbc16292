package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules pages at HTTP level against real Kafka and Elasticsearch: a rule created through the editor form with
 * errors next to the fields and human durations, preview, enable/disable, versions with diff and restore, delete
 * behind a confirmation, hostile names rendered harmless, and forms refused without the session's token.
 */
class RulesPageIT {

    private static final String TOKEN = "e2e-rules-page-token-0123456789";
    private static final String EDITOR = "e2e-rules-editor-token-0123456789";
    private static final String VIEWER = "e2e-rules-viewer-token-0123456789";

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-rulespage").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none")
            .env("BPMON_USERS", "erika:editor:" + EDITOR + ",victor:viewer:" + VIEWER);

    @Test
    void shouldCreateARuleThroughTheFormAfterFieldErrors() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        HttpResponse<String> form = ui.get("/rules/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("id=\"rule-form\"", "<option value=\"PLACED\"");
        String csrf = UiHttp.csrf(form.body());

        HttpResponse<String> bad = ui.postForm("/rules/save", "_csrf", csrf, "action", "save", "name",
                "Invoice AT payment", "id", "invoice-at-payment", "kind", "STEP_SLA", "severity", "WARNING",
                "enabled", "true", "from", "PLACED", "to", "", "maxDuration", "2 parsecs",
                "scope", "paymentMethod invoice");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-maxDuration\"", "id=\"error-to\"", "id=\"error-scope\"")
                .contains("value=\"2 parsecs\"");

        HttpResponse<String> preview = ui.postForm("/rules/save", "_csrf", csrf, "action", "preview", "name",
                "Invoice AT payment", "id", "invoice-at-payment", "kind", "STEP_SLA", "severity", "WARNING",
                "enabled", "true", "from", "PLACED", "to", "PAID", "maxDuration", "2d",
                "scope", "paymentMethod=invoice\ncountry=AT", "previewHours", "24");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview-count\">0<");

        HttpResponse<String> saved = ui.postForm("/rules/save", "_csrf", csrf, "action", "save", "name",
                "Invoice AT payment", "id", "invoice-at-payment", "kind", "STEP_SLA", "severity", "WARNING",
                "enabled", "true", "from", "PLACED", "to", "PAID", "maxDuration", "2d 4h",
                "scope", "paymentMethod=invoice\ncountry=AT");
        assertThat(saved.statusCode()).isEqualTo(303);
        String list = ui.get("/rules").body();
        assertThat(list).contains("id=\"rule-invoice-at-payment\"", "PLACED → PAID within 2d 4h",
                "country=AT", "paymentMethod=invoice", ">v1<");
        // the API stores it as the validator reads it
        assertThat(stack.api().send("GET", "/api/rules/invoice-at-payment", null).body())
                .contains("\"maxDuration\":\"PT52H\"");
        // the edit form shows the duration back as typed
        assertThat(ui.get("/rules/invoice-at-payment/edit").body()).contains("value=\"2d 4h\"");
    }

    @Test
    void shouldToggleShowVersionsWithDiffRestoreAndDeleteAfterConfirmation() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        String csrf = UiHttp.csrf(ui.get("/rules/new").body());
        assertThat(ui.postForm("/rules/save", "_csrf", csrf, "name", "Stalls in picking", "id", "stall-pick",
                "kind", "STALL", "severity", "CRITICAL", "enabled", "true", "statuses", "PLACED",
                "maxDuration", "30m").statusCode()).isEqualTo(303);

        HttpResponse<String> toggled = ui.postForm("/rules/stall-pick/enabled", "_csrf", csrf, "enabled", "false");
        assertThat(toggled.statusCode()).isEqualTo(303);
        String location = toggled.headers().firstValue("Location").orElseThrow();
        assertThat(ui.get(location).body()).contains("Rule stall-pick disabled.");
        String list = ui.get("/rules").body();
        assertThat(list).contains(">v2<", "id=\"toggle-stall-pick\">Enable<");

        String versions = ui.get("/rules/stall-pick/versions").body();
        assertThat(versions).contains("id=\"v2\"", "id=\"v1\"", "UPDATED", "CREATED", "enabled", "id=\"restore-1\"");
        assertThat(ui.postForm("/rules/stall-pick/restore", "_csrf", csrf, "version", "1").statusCode())
                .isEqualTo(303);
        assertThat(ui.get("/rules").body()).contains(">v3<", "id=\"toggle-stall-pick\">Disable<");

        String confirm = ui.get("/rules/stall-pick/delete").body();
        assertThat(confirm).contains("id=\"confirm-delete\"", "Stalls in picking");
        assertThat(ui.postForm("/rules/stall-pick/delete").statusCode()).isEqualTo(403); // no CSRF token
        assertThat(ui.get("/rules").body()).contains("id=\"rule-stall-pick\"");
        assertThat(ui.postForm("/rules/stall-pick/delete", "_csrf", csrf).statusCode()).isEqualTo(303);
        assertThat(ui.get("/rules").body()).doesNotContain("id=\"rule-stall-pick\"");
        assertThat(ui.get("/rules/stall-pick/versions").body()).contains("DELETED");
    }

    @Test
    void shouldPreviewAVelocityRuleAsEpisodesAndExplainWhereThresholdsDoNotApply() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        String csrf = UiHttp.csrf(ui.get("/rules/new?kind=VELOCITY").body());
        HttpResponse<String> preview = ui.postForm("/rules/save", "_csrf", csrf, "action", "preview", "name",
                "Placements per 15 min", "id", "velocity-preview", "kind", "VELOCITY", "severity", "INFO",
                "enabled", "true", "eventType", "ORDER_PLACED", "window", "15m", "min", "1000000",
                "previewHours", "2");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview-count\">", "episodes").contains("value=\"15m\"");
        HttpResponse<String> badRange = ui.postForm("/rules/save", "_csrf", csrf, "action", "preview", "name",
                "Placements per 15 min", "kind", "VELOCITY", "eventType", "ORDER_PLACED", "window", "15m",
                "min", "1", "previewHours", "a week");
        assertThat(badRange.statusCode()).isEqualTo(400);
        assertThat(badRange.body()).contains("id=\"error-previewHours\"");
        HttpResponse<String> stall = ui.postForm("/rules/save", "_csrf", csrf, "action", "thresholds", "name",
                "Stall", "kind", "STALL", "maxDuration", "1h");
        assertThat(stall.statusCode()).isEqualTo(400);
        assertThat(stall.body()).contains("id=\"error-kind\"", "STEP_SLA and VELOCITY");
    }

    @Test
    void shouldEscapeAHostileRuleName() throws Exception {
        UiHttp ui = stack.loggedIn(TOKEN);
        String csrf = UiHttp.csrf(ui.get("/rules/new").body());
        String hostile = "<img src=x onerror=alert(1)> velocity";
        assertThat(ui.postForm("/rules/save", "_csrf", csrf, "name", hostile, "id", "hostile", "kind", "VELOCITY",
                "severity", "INFO", "enabled", "true", "eventType", "ORDER_PLACED", "window", "15m", "min", "1",
                "scope", "country=<b>AT</b>").statusCode()).isEqualTo(303);
        String list = ui.get("/rules").body();
        assertThat(list).contains("&lt;img src=x onerror=alert(1)&gt; velocity", "&lt;b&gt;AT&lt;/b&gt;")
                .doesNotContain(hostile).doesNotContain("<b>AT</b>");
        assertThat(ui.get("/rules/hostile/edit").body()).doesNotContain(hostile);
        assertThat(ui.get("/rules/hostile/delete").body()).doesNotContain(hostile);
    }

    @Test
    void shouldLetViewersReadAndOnlyEditorsChangeRecordingTheAuthor() throws Exception {
        UiHttp erika = stack.loggedIn(EDITOR);
        String csrf = UiHttp.csrf(erika.get("/rules/new").body());
        assertThat(erika.postForm("/rules/save", "_csrf", csrf, "name", "Paid to shipped", "id", "paid-shipped",
                "kind", "STEP_SLA", "severity", "WARNING", "enabled", "true", "from", "PAID", "to", "SHIPPED",
                "maxDuration", "3d").statusCode()).isEqualTo(303);
        assertThat(erika.get("/rules/paid-shipped/versions").body()).contains("class=\"author\">erika<");

        UiHttp victor = stack.loggedIn(VIEWER);
        String list = victor.get("/rules").body();
        assertThat(list).contains("id=\"user\">victor (viewer)<");
        assertThat(list).contains("id=\"rule-paid-shipped\"").doesNotContain("id=\"new-rule\"")
                .doesNotContain("id=\"toggle-paid-shipped\"").doesNotContain("id=\"delete-paid-shipped\"");
        String viewerCsrf = UiHttp.csrf(list);
        assertThat(victor.postForm("/rules/paid-shipped/enabled", "_csrf", viewerCsrf, "enabled", "false")
                .statusCode()).isEqualTo(403);
        assertThat(victor.postForm("/rules/paid-shipped/delete", "_csrf", viewerCsrf).statusCode()).isEqualTo(403);
        assertThat(victor.get("/rules/new").statusCode()).isEqualTo(403);
        assertThat(victor.get("/rules/paid-shipped/versions").body()).doesNotContain("id=\"restore-");
        assertThat(erika.get("/rules").body()).contains(">v1<", "id=\"toggle-paid-shipped\"");
    }
}
