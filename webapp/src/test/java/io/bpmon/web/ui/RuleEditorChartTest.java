package io.bpmon.web.ui;

import static io.bpmon.web.ui.RulePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.json.Json;
import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.preview.VelocityPreview;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.store.RulePreviewReader.Flagged;
import io.bpmon.core.store.RulePreviewReader.VelocityResult;
import io.bpmon.core.store.RuleStatus;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule editor's kind fieldsets (htmx swap and the no-JavaScript "Change kind"), its chart fragment
 * ({@code GET /rules/chart}), the date range, group-by and inhibits fields, and the live job status, over fakes of
 * the store and the job (the chart over real Elasticsearch: RuleChartIT).
 */
class RuleEditorChartTest {

    private static final long M = 60_000;

    private final RulePagesServer server = new RulePagesServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static final String[] PAYMENT = {"kind", "STEP_SLA", "from", "PLACED", "to", "PAID",
        "maxDuration", "30m"};

    /** {@link #PAYMENT} with {@code more} name/value pairs added or replacing. */
    private static String[] payment(String... more) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        for (int i = 0; i < PAYMENT.length; i += 2) {
            f.put(PAYMENT[i], PAYMENT[i + 1]);
        }
        for (int i = 0; i < more.length; i += 2) {
            f.put(more[i], more[i + 1]);
        }
        return f.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    @Test
    void shouldShowOnlyTheChosenKindsFields() {
        String stall = server.get("/rules/new?kind=STALL").body();
        assertThat(stall).contains("id=\"f-statuses\"", "id=\"f-maxDuration\"", "id=\"f-groupBy\"",
                "id=\"change-kind\"").doesNotContain("id=\"f-from\"", "id=\"f-eventType\"", "id=\"f-inhibits\"");
        String velocity = server.get("/rules/new?kind=VELOCITY").body();
        assertThat(velocity).contains("id=\"f-eventType\"", "id=\"f-inhibits\"", "id=\"f-groupBy\"")
                .doesNotContain("id=\"f-from\"", "id=\"f-maxDuration\"", "id=\"f-statuses\"");
        assertThat(server.get("/rules/new?kind=%3Cb%3E").body()).contains("id=\"f-from\""); // unknown: STEP_SLA
        HttpResponse<String> none = server.get("/rules/new"); // none: STEP_SLA
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("id=\"f-from\"");
    }

    @Test
    void shouldSwapInTheKindsFieldsetKeepingWhatWasTyped() {
        HttpResponse<String> r = server.get("/rules/fields" + query("kind", "VELOCITY", "window", "15m", "min", "3",
                "from", "PLACED"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Trigger")).contains("kind-swapped");
        assertThat(r.body()).startsWith("<div id=\"kind-fields\"").contains("id=\"f-eventType\"", "value=\"15m\"",
                "value=\"3\"").doesNotContain("id=\"f-from\"", "<html");
        HttpResponse<String> bad = server.get("/rules/fields?kind=NOPE");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("kind");
    }

    @Test
    void shouldChangeKindWithoutJavaScriptKeepingTheFormAndSavingNothing() {
        HttpResponse<String> r = server.post("/rules/save", "action", "kind", "name", "Payments per hour", "kind",
                "VELOCITY", "from", "PLACED", "maxDuration", "30m", "scope", "country=AT");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"f-eventType\"", "value=\"Payments per hour\"", "country=AT")
                .doesNotContain("id=\"f-from\"", "class=\"field-error\" id=\"error-");
        assertThat(server.rules.list()).isEmpty();
    }

    @Test
    void shouldDrawTheObservedDurationsWithThresholdPercentilesAndTheFlaggedShare() {
        server.reader.durations = new DurationHistogram(5 * M, List.of(10L, 40L, 20L, 5L, 3L, 2L, 1L), 4,
                Map.of("p50", 8 * M, "p90", 16 * M, "p99", 40 * M));
        server.reader.flagged = new Flagged(5, List.of());
        server.reader.judged = 8;

        HttpResponse<String> r = server.get("/rules/chart" + query(payment("scope", "country=AT")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Server-Timing").orElseThrow()).matches("chart;dur=\\d+");
        assertThat(r.body()).contains("id=\"chart-flagged\">5<", "id=\"chart-percent\">62.5 %<",
                "id=\"chart-judged\">8<", "marker-threshold", "threshold 30m", "p50 8m", "p90 16m", "p99 40m",
                "85 observed durations", "30m – 35m: 1 order", "≥ 35m: 4 orders", "4 longer than 35m")
                .doesNotContain("<html");
        // bins from 30m on are at or beyond the threshold
        assertThat(r.body().split("class=\"bar flagged\"", -1)).hasSize(3);
        Instant since = NOW.minus(Duration.ofDays(7));
        assertThat(server.reader.questions).containsExactly("durations unsaved " + since + " " + NOW,
                "flagged unsaved " + since + " " + NOW + " 0", "judged unsaved " + since + " " + NOW);
    }

    @Test
    void shouldChartAChosenDateRangeReadAsUtc() {
        server.get("/rules/chart" + query(payment("since", "2026-11-20 06:30", "until", "2026-11-21")));
        assertThat(server.reader.questions.get(0)).isEqualTo(
                "durations unsaved 2026-11-20T06:30:00Z 2026-11-21T00:00:00Z");
        server.reader.questions.clear();
        server.get("/rules/chart" + query(payment("since", "2026-11-27T10:00:00+01:00")));
        assertThat(server.reader.questions.get(0)).isEqualTo("durations unsaved 2026-11-27T09:00:00Z " + NOW);
    }

    @Test
    void shouldRefuseBadChartParametersWith400NamingTheFieldWithoutAskingTheStore() {
        Map<String, String[]> cases = Map.of(
                "maxDuration: ", payment("maxDuration", "2 parsecs"),
                "since: must be a date and time", payment("since", "yesterday"),
                "until: must be a date and time", payment("until", "2026-13-45"),
                "until: must be after since", payment("since", "2026-11-21", "until", "2026-11-20"),
                "since: the range may span at most 90 days", payment("since", "2026-01-01", "until", "2026-11-01"),
                "to: ", new String[] {"kind", "STEP_SLA", "from", "PAID", "to", "PLACED", "maxDuration", "1h"},
                "kind: ", new String[] {"kind", "<script>", "maxDuration", "1h"});
        cases.forEach((error, params) -> {
            HttpResponse<String> r = server.get("/rules/chart" + query(params));
            assertThat(r.statusCode()).as(error).isEqualTo(400);
            assertThat(r.body()).as(error).contains("id=\"chart-errors\"", error.replace("<", "&lt;"))
                    .doesNotContain("<script>", "id=\"chart-svg\"");
        });
        assertThat(server.reader.questions).isEmpty();
    }

    @Test
    void shouldDrawVelocityCountsWithBoundsAndEpisodesEscapingSegmentValues() {
        Instant t0 = NOW.minus(Duration.ofDays(7));
        Map<String, String> segment = Map.of("paymentMethod", "<script>alert(1)</script>");
        VelocityPreview.Episode e = new VelocityPreview.Episode(segment, t0.plus(Duration.ofDays(2)),
                t0.plus(Duration.ofDays(3)), 0);
        List<VelocityPreview.Point> points = List.of(new VelocityPreview.Point(t0, 12),
                new VelocityPreview.Point(t0.plus(Duration.ofDays(2)), 0), new VelocityPreview.Point(NOW, 9));
        server.reader.velocity = new VelocityResult(List.of(e),
                List.of(new VelocityPreview.SegmentSeries(segment, points, List.of(e))), 60_000);

        HttpResponse<String> r = server.get("/rules/chart" + query("kind", "VELOCITY", "eventType",
                "PAYMENT_RECEIVED", "window", "15m", "min", "1", "groupBy", "paymentMethod"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"chart-flagged\">1<", "episode.", "class=\"episode\"",
                "at least 1", "class=\"series series-0\"", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void shouldPreviewAChosenDateRangeAndNameAFieldOutOfOrder() {
        HttpResponse<String> ok = server.post("/rules/save", "action", "preview", "name", "Pay", "kind", "STEP_SLA",
                "from", "PLACED", "to", "PAID", "maxDuration", "30m", "since", "2026-11-20", "until",
                "2026-11-20 12:00");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("From <span>2026-11-20 00:00 UTC</span> to <span>2026-11-20 12:00 UTC</span>",
                "value=\"2026-11-20\"", "id=\"chart-svg\"");
        assertThat(server.reader.questions.get(0)).isEqualTo("flagged pay 2026-11-20T00:00:00Z 2026-11-20T12:00:00Z 20");

        HttpResponse<String> bad = server.post("/rules/save", "action", "preview", "name", "Pay", "kind", "STEP_SLA",
                "from", "PLACED", "to", "PAID", "maxDuration", "30m", "since", "2026-11-20", "until", "2026-11-19");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-until\"", "must be after since");
    }

    @Test
    void shouldValidateGroupByAndInhibitsBesideTheirFields() {
        HttpResponse<String> bad = server.post("/rules/save", "action", "save", "name", "No payments", "kind",
                "VELOCITY", "eventType", "PAYMENT_RECEIVED", "window", "15m", "min", "1", "groupBy", "pay method",
                "inhibits", "Not An Id!");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-groupBy\"", "id=\"error-inhibits\"");
        assertThat(server.rules.list()).isEmpty();

        assertThat(server.post("/rules/save", "action", "save", "name", "No payments", "id", "no-payments", "kind",
                "VELOCITY", "eventType", "PAYMENT_RECEIVED", "window", "15m", "min", "1", "groupBy", "paymentMethod",
                "inhibits", "payment-30m, stall-paid").statusCode()).isEqualTo(303);
        Rule v = server.rules.get("no-payments").orElseThrow();
        assertThat(v.groupBy()).containsExactly("paymentMethod");
        assertThat(v.inhibits()).containsExactly("payment-30m", "stall-paid");
        assertThat(server.get("/rules/no-payments/edit").body()).contains("value=\"payment-30m, stall-paid\"");

        // group-by on a STEP_SLA rule: incidents per value
        assertThat(server.post("/rules/save", "action", "save", "name", "Pay", "id", "pay", "kind", "STEP_SLA",
                "from", "PLACED", "to", "PAID", "maxDuration", "30m", "groupBy", "country").statusCode())
                .isEqualTo(303);
        assertThat(server.rules.get("pay").orElseThrow().groupBy()).containsExactly("country");
    }

    @Test
    void shouldShowTheJobsAcknowledgementAndPollIt() {
        server.rules.create(Json.mapper().valueToTree(Map.of("id", "pay", "name", "Pay", "kind", "STEP_SLA", "from",
                "PLACED", "to", "PAID", "maxDuration", "PT30M")), "alice");
        assertThat(server.get("/rules/pay/edit").body()).contains("id=\"rule-status\"",
                "hx-get=\"/rules/pay/status\"", "not yet picked up by the job");

        server.acknowledged.put("pay", new RuleStatus("pay", 1, true, NOW.minusSeconds(5), 2));
        HttpResponse<String> r = server.get("/rules/pay/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("active: v1 since 2026-11-28 09:59:55 UTC").doesNotContain("<html");
        assertThat(server.get("/rules/nope/status").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldPollTheRulesListsCellOnlyUntilTheJobAppliesTheStoredVersion() {
        server.rules.create(Json.mapper().valueToTree(Map.of("id", "pay", "name", "Pay", "kind", "STEP_SLA", "from",
                "PLACED", "to", "PAID", "maxDuration", "PT30M")), "alice");
        assertThat(server.get("/rules").body()).contains("hx-get=\"/rules/pay/status?list=1\"",
                "not yet picked up by the job");
        String pending = server.get("/rules/pay/status?list=1").body();
        assertThat(pending).contains("hx-trigger=\"every 3s\"", "not yet picked up by the job");

        server.acknowledged.put("pay", new RuleStatus("pay", 1, true, NOW.minusSeconds(5), 2));
        String active = server.get("/rules/pay/status?list=1").body();
        assertThat(active).contains("class=\"small status\"", "active: v1 since 2026-11-28 09:59:55 UTC")
                .doesNotContain("hx-trigger", "<html");
        assertThat(server.get("/rules").body()).doesNotContain("hx-get=\"/rules/pay/status?list=1\"");

        server.role = io.bpmon.core.config.ApiUser.Role.VIEWER; // viewers see the list, and its status
        assertThat(server.get("/rules/pay/status?list=1").statusCode()).isEqualTo(200);
    }
}
