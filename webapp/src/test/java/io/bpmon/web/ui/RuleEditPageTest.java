package io.bpmon.web.ui;

import static io.bpmon.web.ui.RulePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.RulePreviewReader.Flagged;
import io.bpmon.core.store.RulePreviewReader.FlaggedOrder;
import io.bpmon.core.store.RulePreviewReader.Observed;
import io.bpmon.core.store.RulePreviewReader.Raised;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /rules/new}, {@code /rules/{id}/edit} and {@code /rules/save} over fakes of the store and the job. */
class RuleEditPageTest {

    private final RulePagesServer server = new RulePagesServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A STEP_SLA form from PLACED to PAID with {@code more} name/value pairs added or replacing. */
    private static String[] stepSla(String action, String... more) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("action", action);
        f.put("name", "Invoice payment");
        f.put("id", "invoice-payment");
        f.put("kind", "STEP_SLA");
        f.put("severity", "WARNING");
        f.put("enabled", "true");
        f.put("from", "PLACED");
        f.put("to", "PAID");
        f.put("maxDuration", "2d 4h");
        for (int i = 0; i < more.length; i += 2) {
            f.put(more[i], more[i + 1]);
        }
        List<String> pairs = new ArrayList<>();
        f.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        return pairs.toArray(String[]::new);
    }

    private void storeInvoicePayment() {
        server.rules.create(Json.mapper().valueToTree(Map.of("id", "invoice-payment", "name", "Invoice payment",
                "kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration", "PT30M")), "alice");
    }

    @Test
    void shouldSaveARuleTypedWithHumanDurationsAndShowItBackTheSameWay() {
        HttpResponse<String> saved = server.post("/rules/save", stepSla("save", "scope", "country=AT"));

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).startsWith("/rules?done=");
        assertThat(server.rules.get("invoice-payment").orElseThrow().maxDuration()).isEqualTo(Duration.ofHours(52));
        String edit = server.get("/rules/invoice-payment/edit").body();
        assertThat(edit).contains("value=\"2d 4h\"", "country=AT", "Edit rule invoice-payment");
    }

    /** Drift fixed: the page stored a placeholder "-" for such a duration and filtered the validator's text. */
    @Test
    void shouldNameADurationItCannotReadOnceAndStoreNothing() {
        HttpResponse<String> bad = server.post("/rules/save", stepSla("save", "maxDuration", "2 parsecs", "to", ""));

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-maxDuration\"", "&#39;2 parsecs&#39; is not a duration",
                "id=\"error-to\"", "value=\"2 parsecs\"").doesNotContain("ISO-8601");
        assertThat(server.rules.list()).isEmpty();
    }

    /**
     * Drift fixed: an id in use is 409 on the page as in the API (docs/contract.md), not 400; the reason stays beside
     * the id field.
     */
    @Test
    void shouldAnswerAnIdInUseWith409BesideTheIdAsTheApiDoes() {
        storeInvoicePayment();

        HttpResponse<String> again = server.post("/rules/save", stepSla("save"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("id=\"error-id\"", "a rule with this id exists already");
        assertThat(server.rules.get("invoice-payment").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAConcurrentChangeWith409AndKeepTheForm() {
        storeInvoicePayment();
        server.store.loseNextSave();

        HttpResponse<String> lost = server.post("/rules/save", stepSla("save", "original", "invoice-payment",
                "maxDuration", "45m"));

        assertThat(lost.statusCode()).isEqualTo(409);
        assertThat(lost.body()).contains("id=\"error-form\"", "changed concurrently", "value=\"45m\"");
    }

    @Test
    void shouldPreviewOverTheLastHoursBesideWhatTheStoredVersionRaised() {
        storeInvoicePayment();
        server.reader.flagged = new Flagged(2, List.of(new FlaggedOrder("o-7", "PLACED", Map.of("country", "AT"),
                Map.of(), NOW.minusSeconds(60))));
        server.reader.raised.put("invoice-payment", new Raised(1, Map.of(1L, 1L)));

        HttpResponse<String> preview = server.post("/rules/save", stepSla("preview", "original", "invoice-payment",
                "previewHours", "3"));

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview-count\">2<", "id=\"preview-current\">1<", "o-7",
                "value=\"2d 4h\"");
        assertThat(server.reader.questions).containsExactly(
                "flagged invoice-payment " + NOW.minus(Duration.ofHours(3)) + " " + NOW + " 20",
                "raised invoice-payment STEP_SLA " + NOW.minus(Duration.ofHours(3)) + " " + NOW,
                // the chart over the same range, drawn without JavaScript
                "durations invoice-payment " + NOW.minus(Duration.ofHours(3)) + " " + NOW,
                "flagged invoice-payment " + NOW.minus(Duration.ofHours(3)) + " " + NOW + " 0",
                "judged invoice-payment " + NOW.minus(Duration.ofHours(3)) + " " + NOW,
                "attributes 20");
        assertThat(preview.body()).contains("id=\"chart-svg\"");
        assertThat(server.rules.get("invoice-payment").orElseThrow().version()).isEqualTo(1); // nothing saved
    }

    @Test
    void shouldPreviewAtMostNinetyDaysBack() {
        assertThat(server.post("/rules/save", stepSla("preview", "previewHours", "2160")).statusCode())
                .isEqualTo(200);
        server.reader.questions.clear();
        for (String hours : List.of("2161", "0", "a week")) {
            HttpResponse<String> bad = server.post("/rules/save", stepSla("preview", "previewHours", hours));
            assertThat(bad.statusCode()).as(hours).isEqualTo(400);
            assertThat(bad.body()).contains("id=\"error-previewHours\"", "from 1 to 2160");
        }
        assertThat(server.reader.questions).containsOnly("attributes 20");
    }

    /**
     * Drift fixed: the API refused a window outside the validator's bounds for suggested thresholds, the page asked
     * the store anyway; both now ask the one check.
     */
    @Test
    void shouldRefuseAThresholdWindowOutsideTheValidatorsBoundsWithoutAskingTheStore() {
        HttpResponse<String> tooLong = server.post("/rules/save", "action", "thresholds", "name", "Rate", "kind",
                "VELOCITY", "eventType", "PAYMENT_RECEIVED", "window", "2d", "min", "1");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"error-window\"", "at most 1d").doesNotContain("id=\"thresholds\"");
        assertThat(server.reader.questions).noneMatch(q -> q.startsWith("windowCounts"));
    }

    @Test
    void shouldSuggestThresholdsFormattedAsTheApiFormatsThem() {
        Map<String, Long> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", Duration.ofMinutes(125).toMillis());
        percentiles.put("p99", null);
        server.reader.stepDurations = new Observed(3, percentiles);

        HttpResponse<String> t = server.post("/rules/save", stepSla("thresholds", "maxDuration", "5 parsecs",
                "scope", "country=AT"));

        // the duration is wrong, but thresholds help to choose it: they are shown beside the error
        assertThat(t.statusCode()).isEqualTo(400);
        assertThat(t.body()).contains("id=\"thresholds\"", "3 observations", "<dt>p50</dt><dd>2h 5m</dd>",
                "<dt>p99</dt><dd>—</dd>", "id=\"error-maxDuration\"");
        assertThat(server.reader.questions).contains("stepDurations PLACED PAID {country=[AT]} "
                + NOW.minus(Duration.ofDays(7)) + " " + NOW);
    }

    @Test
    void shouldSuggestThresholdsOnlyForStepSlaAndVelocityRules() {
        HttpResponse<String> stall = server.post("/rules/save", "action", "thresholds", "name", "Stall", "kind",
                "STALL", "maxDuration", "1h");
        assertThat(stall.statusCode()).isEqualTo(400);
        assertThat(stall.body()).contains("id=\"error-kind\"", "STEP_SLA and VELOCITY");
    }

    @Test
    void shouldLetOnlyEditorsOpenOrSubmitTheEditor() {
        storeInvoicePayment();
        server.role = ApiUser.Role.OPERATOR;
        assertThat(server.get("/rules/new").statusCode()).isEqualTo(403);
        assertThat(server.get("/rules/invoice-payment/edit").statusCode()).isEqualTo(403);
        assertThat(server.post("/rules/save", stepSla("save", "id", "other")).statusCode()).isEqualTo(403);
        assertThat(server.rules.list()).hasSize(1);
    }

    @Test
    void shouldAnswer404ForTheEditorOfAnUnknownRule() {
        assertThat(server.get("/rules/no-such-rule/edit").statusCode()).isEqualTo(404);
        assertThat(server.post("/rules/save", stepSla("save", "original", "no-such-rule")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldOpenANewRuleOfTheKindAskedFor() {
        String form = server.get("/rules/new?kind=VELOCITY").body();
        assertThat(form).contains("<option value=\"VELOCITY\" selected=\"selected\">", "id=\"rule-form\"",
                "<option value=\"ORDER_PLACED\"");
    }
}
