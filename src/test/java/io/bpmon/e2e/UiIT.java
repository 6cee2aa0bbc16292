package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web UI at HTTP level against the real broker, Elasticsearch and job: login and session, every page and
 * fragment, CSRF, escaping of data from other services, the live event stream (updates, no piled-up connections)
 * and acknowledging an alert through the UI.
 */
class UiIT {

    private static final String TOKEN = "e2e-ui-token-0123456789abcdef";
    private static final Pattern IN_FLIGHT_PLACED = Pattern.compile("id=\"inflight-PLACED\">(\\d+)<");

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-ui").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none").env("BPMON_ALLOWED_LATENESS", "PT2S");

    private static final TestApi api = stack.api();

    @Test
    void shouldAskForTheTokenOnceThenKeepASessionUntilLogout() throws Exception {
        UiHttp ui = stack.ui();
        HttpResponse<String> r = ui.get("/orders?status=PAID");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Forders%3Fstatus%3DPAID");
        assertThat(ui.get("/ui/dashboard").statusCode()).isEqualTo(401);

        r = ui.get("/login");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("name=\"token\"", "type=\"password\"");
        assertThat(ui.postForm("/login", "token", "wrong").statusCode()).isEqualTo(401);

        r = ui.postForm("/login", "token", TOKEN, "next", "/orders?status=PAID");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/orders?status=PAID");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("bpmon_session=").contains("HttpOnly", "SameSite=Lax", "Path=/");

        r = ui.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Orders in flight", "id=\"logout\"");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'");

        // logout is a form too: without the CSRF token it is refused
        assertThat(ui.postForm("/logout").statusCode()).isEqualTo(403);
        r = ui.postForm("/logout", "_csrf", UiHttp.csrf(ui.get("/").body()));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
        assertThat(ui.get("/").statusCode()).isEqualTo(302);

        // a login form answered by a script, as docs/contract.md describes: token only, redirect to /
        r = stack.ui().postForm("/login", "token", TOKEN);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        // a login link cannot send the user elsewhere
        r = stack.ui().postForm("/login", "token", TOKEN, "next", "//evil.example/x");
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        // the API keeps its bearer token: a session cookie does not open it, the token does
        assertThat(ui.get("/api/orders").statusCode()).isEqualTo(401);
        assertThat(api.send("GET", "/api/orders", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeEveryPageAndFragment() throws Exception {
        UiHttp ui = stack.ui();
        ui.login(TOKEN);
        String orderId = "ui-pages-" + System.nanoTime();
        Instant at = Instant.now();
        api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, at.minusSeconds(60),
                "{\"country\":\"DE\",\"carrier\":\"dhl\"}"));
        api.postEvents(event(orderId + "-2", "PAYMENT_RECEIVED", orderId, at.minusSeconds(30), null));
        api.postEvents(event(orderId + "-2", "PAYMENT_RECEIVED", orderId, at.minusSeconds(30), null)); // a duplicate
        TestServers.await(Duration.ofSeconds(60), () -> api.send("GET", "/api/orders/" + orderId, null)
                .body().contains("\"duplicates\":1"));

        HttpResponse<String> r = ui.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).contains("<main", "sse-connect=\"/ui/live\"", "id=\"inflight-PAID\"", "Completed today",
                "SLA compliance", "Open alerts", "id=\"velocity-chart\"", "data-chart=", "id=\"status-kafka\"",
                "href=\"/rules\"");
        r = ui.get("/ui/dashboard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"inflight-PLACED\"", "id=\"verdict\"", "Orders are flowing")
                .doesNotContain("<html", "<body", "<header", "<nav");

        r = ui.get("/orders?id=" + orderId);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("1 order", "href=\"/orders/" + orderId + "\"", "country=DE");
        r = ui.get("/orders?status=PAID&country=DE&carrier=dhl&range=1h&sort=orderId&dir=desc");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(orderId, "aria-sort=\"descending\"");
        assertThat(ui.get("/orders?status=PAID&country=XX").body()).doesNotContain(orderId).contains("No orders match");
        assertThat(ui.get("/orders?status=NOPE").statusCode()).isEqualTo(400);
        assertThat(ui.get("/orders?status=NOPE").body()).contains("status:");
        assertThat(ui.get("/orders?sort=secret").statusCode()).isEqualTo(400);
        assertThat(ui.get("/orders?after=not-a-cursor").statusCode()).isEqualTo(400);

        r = ui.get("/orders/" + orderId);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"timeline\"", "ORDER_PLACED", "PAYMENT_RECEIVED", "duplicate ×1",
                "No SLA rule applies");
        assertThat(ui.get("/orders/no-such-order").statusCode()).isEqualTo(404);

        r = ui.get("/alerts?status=OPEN&severity=CRITICAL");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"alert-filters\"", "hx-trigger=\"sse:alerts\"", "No alerts match");
        r = ui.get("/ui/alerts?status=OPEN");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<div id=\"alert-list\"");
        assertThat(ui.get("/alerts?severity=LOUD").statusCode()).isEqualTo(400);

        r = ui.get("/rules");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<h1>Rules</h1>");

        assertThat(ui.get("/static/bpmon.css").statusCode()).isEqualTo(200);
        assertThat(ui.get("/static/bpmon.js").statusCode()).isEqualTo(200);
        assertThat(ui.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(ui.get("/webjars/htmx-ext-sse/2.2.2/sse.js").statusCode()).isEqualTo(200);
        assertThat(ui.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRenderScriptInAttributeValuesHarmless() throws Exception {
        UiHttp ui = stack.ui();
        ui.login(TOKEN);
        String payload = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        String orderId = "ui-xss-" + System.nanoTime();
        api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                "{\"country\":" + Json.mapper().writeValueAsString(payload) + "}"));
        TestServers.await(Duration.ofSeconds(60), () -> ui.get("/orders/" + orderId).statusCode() == 200);

        for (String page : new String[] {"/orders/" + orderId, "/orders?id=" + orderId,
                "/orders?country=" + java.net.URLEncoder.encode(payload, StandardCharsets.UTF_8)}) {
            String html = ui.get(page).body();
            assertThat(html).as(page).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        // a rule name from the API, shown on the rules page
        HttpResponse<String> created = api.send("POST", "/api/rules", """
                {"id":"ui-xss-rule","name":"<script>alert(3)</script>","kind":"STEP_SLA","from":"PLACED",
                 "to":"PAID","maxDuration":"PT1H","scope":{"country":["ZZ"]}}""");
        assertThat(created.statusCode()).isEqualTo(201);
        String rules = ui.get("/rules").body();
        assertThat(rules).doesNotContain("<script>alert(3)").contains("&lt;script&gt;alert(3)&lt;/script&gt;");
        String dashboard = ui.get("/").body();
        assertThat(dashboard).doesNotContain("<script>alert(3)");
        api.send("DELETE", "/api/rules/ui-xss-rule", null);
    }

    @Test
    void shouldPushDashboardUpdatesLiveAndDropTheStreamWhenTheBrowserLeaves() throws Exception {
        UiHttp ui = stack.ui();
        ui.login(TOKEN);
        int before = inFlightPlaced(ui.get("/ui/dashboard").body());
        HttpResponse<InputStream> stream = ui.client.send(HttpRequest.newBuilder(URI.create(stack.base() + "/ui/live"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        TestServers.await(Duration.ofSeconds(10), () -> stats(ui).path("connections").asInt() >= 1);

        String prefix = "ui-live-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            api.postEvents(event(prefix + "-" + i, "ORDER_PLACED", prefix + "-" + i, Instant.now(), null));
        }
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (InputStream in = stream.body()) {
            Future<Integer> seen = reader.submit(() -> {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String event = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if ("dashboard".equals(event) && line.startsWith("data:")) {
                        Matcher m = IN_FLIGHT_PLACED.matcher(line);
                        if (m.find() && Integer.parseInt(m.group(1)) >= before + 3) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                }
                return -1;
            });
            assertThat(seen.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(before + 3);
        } finally {
            reader.shutdownNow();
        }
        // the browser went away: the server notices on its next write and forgets the stream
        TestServers.await(Duration.ofSeconds(15), () -> stats(ui).path("connections").asInt() == 0);
        assertThat(stats(ui).path("lastRenderMillis").asLong()).isBetween(0L, 5_000L);
    }

    @Test
    void shouldAcknowledgeAnAlertThroughTheUiFormWithItsCsrfToken() throws Exception {
        UiHttp ui = stack.ui();
        ui.login(TOKEN);
        assertThat(api.send("POST", "/api/rules", """
                {"id":"ui-pay-3s","name":"Payment within 3 s (XU)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S","scope":{"country":["XU"]},"severity":"CRITICAL"}""").statusCode())
                .isEqualTo(201);
        Thread.sleep(1000); // let the job receive the rule before the order (either way it is judged)
        String orderId = "ui-ack-" + System.nanoTime();
        api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(), "{\"country\":\"XU\"}"));
        String[] alertId = new String[1];
        TestServers.await(Duration.ofSeconds(60), () -> {
            JsonNode items = json(api.send("GET", "/api/alerts?ruleId=ui-pay-3s&orderId=" + orderId, null)
                    .body()).path("items");
            alertId[0] = items.isEmpty() ? null : items.get(0).path("id").asText();
            return alertId[0] != null;
        });
        String page = ui.get("/alerts?ruleId=ui-pay-3s").body();
        assertThat(page).contains("id=\"alert-" + alertId[0] + "\"", "Acknowledge", "href=\"/orders/" + orderId + "\"",
                "sev-CRITICAL");
        String csrf = UiHttp.csrf(page);
        String ack = "/alerts/" + java.net.URLEncoder.encode(alertId[0], StandardCharsets.UTF_8) + "/ack";

        assertThat(ui.postForm(ack).statusCode()).isEqualTo(403);
        assertThat(ui.postForm(ack, "_csrf", "forged").statusCode()).isEqualTo(403);
        assertThat(ui.postFormFrom(ack, "http://evil.example", "_csrf", csrf).statusCode()).isEqualTo(403);
        assertThat(stack.ui().postForm(ack, "_csrf", csrf).statusCode()).isEqualTo(401); // no session
        assertThat(status(ui, alertId[0])).isEqualTo("OPEN");

        HttpResponse<String> r = ui.postFormFrom(ack, stack.base(), "_csrf", csrf, "ruleId", "ui-pay-3s");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/alerts?ruleId=ui-pay-3s");
        assertThat(status(ui, alertId[0])).isEqualTo("ACKNOWLEDGED");
        // the htmx form gets the list back, with the message
        r = ui.postFormFrom(ack, stack.base(), "_csrf", csrf);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(ui.get("/alerts?status=ACKNOWLEDGED&ruleId=ui-pay-3s").body()).contains(orderId)
                .doesNotContain("class=\"ack\"");
        api.send("DELETE", "/api/rules/ui-pay-3s", null);
    }

    private static String status(UiHttp ui, String alertId) throws Exception {
        for (JsonNode a : json(api.send("GET", "/api/alerts?ruleId=ui-pay-3s", null).body()).path("items")) {
            if (a.path("id").asText().equals(alertId)) {
                return a.path("status").asText();
            }
        }
        return null;
    }

    private static JsonNode stats(UiHttp ui) {
        try {
            return json(ui.get("/ui/live/stats").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int inFlightPlaced(String html) {
        Matcher m = IN_FLIGHT_PLACED.matcher(html);
        assertThat(m.find()).as("in-flight PLACED count in the dashboard").isTrue();
        return Integer.parseInt(m.group(1));
    }


    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
