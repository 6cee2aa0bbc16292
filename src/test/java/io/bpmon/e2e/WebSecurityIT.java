package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.ElasticsearchSessionRevocations;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web server's doors against real Kafka and Elasticsearch, without the job (docs/web-security.md): where a
 * login may send the browser, sessions that end at logout on every web server and after restarts, when the user is
 * removed or their token changed; roles for silences and acknowledgements; throttling of failed authentications
 * per client address; JSON for every {@code /api} error, also those Jetty makes itself; {@code no-store}; the bind
 * address.
 */
class WebSecurityIT {

    private static final String PREFIX = "e2e-websec";
    private static final String TOKEN = "e2e-websec-token-0123456789";
    private static final String EDITOR = "erika-websec-token-0123456789";
    private static final String OPERATOR = "otto-websec-token-0123456789";
    private static final String VIEWER = "victor-websec-token-0123456789";
    private static final String USERS = "erika:editor:" + EDITOR + ",otto:operator:" + OPERATOR + ",victor:viewer:"
            + VIEWER;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static final TestStack stack = TestStack.named(PREFIX).token(TOKEN).withWeb()
            .env("BPMON_USERS", USERS).env("BPMON_DEFAULT_RULES", "none");

    private static Javalin a;
    private static Javalin b;

    /** Two web servers on the same store, as behind a load balancer. */
    @BeforeAll
    static void secondServer() {
        a = stack.web();
        b = WebMain.create(stack.config()).start(0);
    }

    @AfterAll
    static void stop() {
        b.stop();
    }

    @Test
    void shouldRedirectOnlyToPathsOfThisSiteAfterLogin() {
        for (String next : new String[] {"/\t/evil.example", "/\n/evil.example", "/ /evil.example", "//evil.example",
                "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/\u3000/evil.example"}) {
            HttpResponse<String> r = login(a, VIEWER, next);
            assertThat(r.statusCode()).as(next).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/");
        }
        assertThat(login(a, VIEWER, "/orders?status=PAID").headers().firstValue("Location"))
                .hasValue("/orders?status=PAID");
    }

    @Test
    void shouldEndALoggedOutSessionOnEveryWebServerAndAfterARestart() throws Exception {
        String cookie = cookie(login(a, VIEWER, "/"));
        assertThat(page(b, "/alerts", cookie).statusCode()).isEqualTo(200);
        String csrf = UiHttp.csrf(page(a, "/alerts", cookie).body());

        HttpResponse<String> out = post(a, "/logout", cookie, "_csrf=" + csrf);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(page(a, "/alerts", cookie).statusCode()).isEqualTo(302);
        // the other server learns of it within a few seconds
        TestServers.await(Duration.ofSeconds(5), () -> page(b, "/alerts", cookie).statusCode() == 302);
        // and a restarted one knows it at once
        Javalin restarted = WebMain.create(stack.config()).start(0);
        try {
            assertThat(page(restarted, "/alerts", cookie).statusCode()).isEqualTo(302);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void shouldEndASessionWhenItsUserIsRemovedOrTheirTokenChanges() {
        String cookie = cookie(login(a, VIEWER, "/"));
        Javalin withoutVictor = WebMain.create(stack.config(Map.of("BPMON_USERS", "erika:editor:" + EDITOR))).start(0);
        Javalin newToken = WebMain.create(stack.config(Map.of("BPMON_USERS", "erika:editor:" + EDITOR
                + ",victor:viewer:victor-new-websec-token-0123456789"))).start(0);
        try {
            assertThat(page(a, "/alerts", cookie).statusCode()).isEqualTo(200);
            assertThat(page(withoutVictor, "/alerts", cookie).statusCode()).isEqualTo(302);
            assertThat(page(newToken, "/alerts", cookie).statusCode()).isEqualTo(302);
            // the others' sessions are untouched
            String erika = cookie(login(a, EDITOR, "/"));
            assertThat(page(withoutVictor, "/alerts", erika).statusCode()).isEqualTo(200);
        } finally {
            withoutVictor.stop();
            newToken.stop();
        }
    }

    @Test
    void shouldLetOnlyOperatorsSilenceAndAcknowledgeAndRecordTheirNames() throws Exception {
        String silence = "{\"matchers\":{\"ruleId\":\"websec-rule\"},\"endsAt\":\""
                + java.time.Instant.now().plus(Duration.ofDays(1)) + "\",\"comment\":\"maintenance\"}";
        HttpResponse<String> refused = client(a, VIEWER).send("POST", "/api/silences", silence);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).path("error").asText()).contains("victor", "OPERATOR");
        assertThat(json(refused).path("details").isArray()).isTrue();

        HttpResponse<String> created = client(a, OPERATOR).send("POST", "/api/silences", silence);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("createdBy").asText()).isEqualTo("otto");
        String id = json(created).path("id").asText();
        assertThat(client(a, VIEWER).send("DELETE", "/api/silences/" + id, null).statusCode()).isEqualTo(403);
        assertThat(client(a, OPERATOR).send("DELETE", "/api/silences/" + id, null).statusCode()).isEqualTo(200);

        String alertId = storeOpenAlert();
        assertThat(client(a, VIEWER).send("POST", "/api/alerts/" + alertId + "/ack", null).statusCode()).isEqualTo(403);
        assertThat(client(a, OPERATOR).send("POST", "/api/alerts/" + alertId + "/ack", null).statusCode())
                .isEqualTo(200);
        assertThat(acknowledgedBy(alertId)).isEqualTo("otto");

        // the UI: no forms for a viewer, and the POST is refused
        String viewer = cookie(login(a, VIEWER, "/"));
        String viewerPage = page(a, "/notifications", viewer).body();
        assertThat(viewerPage).doesNotContain("action=\"/notifications/silences\"");
        HttpResponse<String> uiRefused = post(a, "/notifications/silences", viewer, "_csrf="
                + UiHttp.csrf(viewerPage) + "&ruleId=websec-rule&length=1+day&comment=x");
        assertThat(uiRefused.statusCode()).isEqualTo(403);
        String otherAlert = storeOpenAlert();
        assertThat(post(a, "/alerts/" + otherAlert + "/ack", viewer, "_csrf=" + UiHttp.csrf(viewerPage))
                .statusCode()).isEqualTo(403);
        assertThat(page(a, "/alerts", viewer).body()).doesNotContain("/alerts/" + otherAlert + "/ack");

        String operator = cookie(login(a, OPERATOR, "/"));
        String operatorPage = page(a, "/notifications", operator).body();
        assertThat(operatorPage).contains("action=\"/notifications/silences\"");
        HttpResponse<String> uiCreated = post(a, "/notifications/silences", operator, "_csrf="
                + UiHttp.csrf(operatorPage) + "&ruleId=websec-ui-rule&length=1+day&comment=x");
        assertThat(uiCreated.statusCode()).isEqualTo(303);
        JsonNode listed = json(client(a, VIEWER).send("GET", "/api/silences", null));
        assertThat(listed.path("items").findValuesAsText("createdBy")).contains("otto").doesNotContain("ui session");
        assertThat(page(a, "/alerts", operator).body()).contains("/alerts/" + otherAlert + "/ack");
        assertThat(post(a, "/alerts/" + otherAlert + "/ack", operator, "_csrf=" + UiHttp.csrf(operatorPage))
                .statusCode()).isEqualTo(303);
        assertThat(acknowledgedBy(otherAlert)).isEqualTo("otto");
    }

    @Test
    void shouldThrottleFailedAuthenticationsPerClientAddress() {
        String from = "127.0.0." + (10 + (int) (Math.random() * 200));
        for (int i = 0; i < 10; i++) {
            RawHttp.Response r = RawHttp.send(from, a.port(), RawHttp.get("/api/orders",
                    "Authorization: Bearer wrong-token-" + i + "-0123456789"));
            assertThat(r.status()).as("attempt " + (i + 1)).isEqualTo(401);
        }
        RawHttp.Response blocked = RawHttp.send(from, a.port(), RawHttp.get("/api/orders",
                "Authorization: Bearer " + TOKEN));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Integer.parseInt(blocked.header("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(json(blocked.body()).path("error").asText()).isNotBlank();
        RawHttp.Response login = RawHttp.send(from, a.port(), RawHttp.request("POST", "/login", "token=" + TOKEN,
                "Content-Type: application/x-www-form-urlencoded"));
        assertThat(login.status()).isEqualTo(429);
        assertThat(login.header("Retry-After")).isPresent();
        // health stays open; another address is not affected; successes are not counted
        assertThat(RawHttp.send(from, a.port(), RawHttp.get("/api/health")).status()).isIn(200, 503);
        String other = "127.0.0.9";
        for (int i = 0; i < 15; i++) {
            assertThat(RawHttp.send(other, a.port(), RawHttp.get("/api/orders", "Authorization: Bearer " + TOKEN))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void shouldThrottleFailedLogins() {
        String from = "127.0.0." + (10 + (int) (Math.random() * 200));
        for (int i = 0; i < 10; i++) {
            assertThat(RawHttp.send(from, b.port(), RawHttp.request("POST", "/login", "token=wrong-" + i,
                    "Content-Type: application/x-www-form-urlencoded")).status()).isEqualTo(401);
        }
        RawHttp.Response blocked = RawHttp.send(from, b.port(), RawHttp.request("POST", "/login", "token=" + TOKEN,
                "Content-Type: application/x-www-form-urlencoded"));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isPresent();
        assertThat(RawHttp.send(from, b.port(), RawHttp.get("/api/orders", "Authorization: Bearer " + TOKEN))
                .status()).isEqualTo(429);
    }

    @Test
    void shouldAnswerEveryApiErrorWithTheJsonErrorBody() {
        String auth = "Authorization: Bearer " + TOKEN;
        Map<String, RawHttp.Response> answers = new java.util.LinkedHashMap<>();
        answers.put("414", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/orders?x=" + "a".repeat(20_000),
                auth)));
        answers.put("431", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/orders", auth,
                "X-Big: " + "b".repeat(20_000))));
        answers.put("400 bad request line", RawHttp.send("127.0.0.1", a.port(), "GET /api/orders HTTP/1.1 x\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n"));
        answers.put("400 ambiguous", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/orders/..;/x", auth)));
        answers.put("400 bad UTF-8", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/orders/%C0%AF", auth)));
        answers.put("400 bad encoding", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/orders/%zz", auth)));
        answers.put("404", RawHttp.send("127.0.0.1", a.port(), RawHttp.get("/api/no-such-thing", auth)));
        answers.put("405", RawHttp.send("127.0.0.1", a.port(), RawHttp.request("PATCH", "/api/orders", "{}", auth,
                "Content-Type: application/json")));
        byte[] big = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] head = ("POST /api/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + auth
                + "\r\nContent-Type: application/json\r\nContent-Length: " + big.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + big.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(big, 0, request, head.length, big.length);
        answers.put("413", RawHttp.send("127.0.0.1", "127.0.0.1", a.port(), request));

        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> answers.forEach((what, r) -> {
            String seen = what + ": " + r.status() + " " + r.headers() + " " + r.body();
            soft.assertThat(r.status()).as(seen).isEqualTo(Integer.parseInt(what.substring(0, 3)));
            soft.assertThat(r.header("Content-Type").orElse("")).as(seen).startsWith("application/json");
            soft.assertThat(r.header("Cache-Control")).as(seen).hasValue("no-store");
            JsonNode body;
            try {
                body = Json.mapper().readTree(r.body());
            } catch (Exception e) {
                soft.fail("not JSON: " + seen);
                return;
            }
            soft.assertThat(body.path("error").isTextual()).as(seen).isTrue();
            soft.assertThat(body.path("details").isArray()).as(seen).isTrue();
        }));
    }

    @Test
    void shouldNotLetAnswersBeCached() {
        HttpResponse<String> api = client(a, VIEWER).send("GET", "/api/orders", null);
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(client(a, "wrong-token-0123456789").send("GET", "/api/orders", null).headers()
                .firstValue("Cache-Control")).hasValue("no-store");
        String cookie = cookie(login(a, VIEWER, "/"));
        for (String path : new String[] {"/", "/alerts", "/ui/alerts", "/notifications", "/rules"}) {
            assertThat(page(a, path, cookie).headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
    }

    @Test
    void shouldListenOnlyOnTheConfiguredAddress() throws Exception {
        Javalin loopback = WebMain.create(stack.config(Map.of("BPMON_HTTP_HOST", "127.0.0.1"))).start(0);
        try {
            assertThat(RawHttp.send("127.0.0.1", "127.0.0.1", loopback.port(),
                    RawHttp.get("/api/health").getBytes(StandardCharsets.ISO_8859_1)).status()).isIn(200, 503);
            assertThatThrownBy(() -> RawHttp.send("127.0.0.2", "127.0.0.2", loopback.port(),
                    RawHttp.get("/api/health").getBytes(StandardCharsets.ISO_8859_1)))
                    .hasRootCauseInstanceOf(ConnectException.class);
        } finally {
            loopback.stop();
        }
    }

    @Test
    void shouldPurgeLogoutsOfSessionsThatExpiredAnyway() {
        ElasticsearchSessionRevocations store = new ElasticsearchSessionRevocations(
                stack.store(), stack.indices());
        java.time.Instant now = java.time.Instant.now();
        String old = "purge-old-" + UUID.randomUUID();
        String current = "purge-current-" + UUID.randomUUID();
        store.revoke(old, now.minus(Duration.ofHours(13)), now.minus(Duration.ofHours(1)));
        store.revoke(current, now, now.plus(Duration.ofHours(12)));
        assertThat(store.isRevoked(old)).isTrue();
        TestServers.await(Duration.ofSeconds(10), () -> {
            store.purgeExpired(now);
            return !store.isRevoked(old);
        });
        assertThat(store.isRevoked(current)).isTrue();
        assertThat(store.isRevoked("never-" + UUID.randomUUID())).isFalse();
    }

    // ---- helpers

    private static String storeOpenAlert() {
        String id = "websec-" + UUID.randomUUID();
        String now = java.time.Instant.now().toString();
        String alert = "{\"id\":\"" + id + "\",\"ruleId\":\"websec-rule\",\"ruleVersion\":1,\"ruleName\":\"websec\","
                + "\"kind\":\"SLA_BREACH\",\"severity\":\"WARNING\",\"orderId\":\"o-" + id + "\",\"attributes\":{},"
                + "\"status\":\"OPEN\",\"fromStep\":\"PLACED\",\"toStep\":\"PAID\",\"startedAt\":\"" + now + "\","
                + "\"deadline\":\"" + now + "\",\"detectedAt\":\"" + now + "\",\"detectedLate\":false,\"revision\":1}";
        RawElasticsearch es = stack.es();
        RawElasticsearch.Response r = es.put("/" + PREFIX + "-alerts/_doc/" + id + "?refresh=wait_for", alert);
        assertThat(r.ok()).as(String.valueOf(r.body())).isTrue();
        return id;
    }

    private static String acknowledgedBy(String alertId) {
        RawElasticsearch es = stack.es();
        return es.get("/" + PREFIX + "-alert-acks/_doc/" + alertId).body().path("_source").path("acknowledgedBy")
                .asText();
    }

    private static HttpResponse<String> login(Javalin server, String token, String next) {
        return post(server, "/login", null, "token=" + enc(token) + "&next=" + enc(next));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String cookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> page(Javalin server, String path, String cookie) {
        return send(HttpRequest.newBuilder(uri(server, path)).header("Cookie", cookie).GET());
    }

    private static HttpResponse<String> post(Javalin server, String path, String cookie, String form) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(server, path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return send(r);
    }

    private static TestApi client(Javalin server, String token) {
        return new TestApi(() -> "http://127.0.0.1:" + server.port(), token);
    }

    private static URI uri(Javalin server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder r) {
        try {
            return HTTP.send(r.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return json(r.body());
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
