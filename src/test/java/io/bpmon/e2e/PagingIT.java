package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.store.Cursor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Cursor paging end to end (docs/api.md, "Paging"): orders and alerts go through Kafka, the job and Elasticsearch;
 * {@code GET /api/orders} and {@code GET /api/alerts} are walked page by page while new orders and alerts arrive and
 * existing ones change between the requests — each change visible before the next page is asked for — and every item
 * that existed when the walk began is seen exactly once. Then the order explorer and the alerts page in a browser:
 * their "next page" links keep the filters and lead to the following items.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagingIT {

    private static final String TOKEN = "e2e-paging-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** More than one page of the alerts page (100) and of every walk below. */
    private static final int ORDERS = 130;
    private static final String SCOPE = "{\"country\":\"XP\"}";

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-paging").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none").env("BPMON_ALLOWED_LATENESS", "PT2S");

    private static final TestApi api = stack.api();
    private static int events;

    @BeforeAll
    static void ordersWithAlerts() {
        api.expect(201, "POST", "/api/rules", """
                {"id":"pay-2s","name":"Payment within 2 s (XP)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT2S","scope":{"country":["XP"]},"severity":"WARNING"}""");
        // a rule judges orders already in flight too, so the orders need not wait for it to take effect
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        post("/api/events", IntStream.rangeClosed(1, ORDERS).mapToObj(i -> placed(id(i), t))
                .collect(Collectors.joining(",", "[", "]")));
        TestServers.await(WAIT, () -> api.get("/api/orders?limit=0").path("total").asLong() == ORDERS
                && api.get("/api/alerts?ruleId=pay-2s&limit=0").path("total").asLong() == ORDERS);
    }

    private static String id(int i) {
        return String.format("pg-%03d", i);
    }

    private static String placed(String orderId, Instant at) {
        return event(orderId + "-placed", "ORDER_PLACED", orderId, at, SCOPE);
    }

    @Test
    @Order(1)
    void shouldWalkTheOrdersOnceEachWhileOrdersArriveAndMoveAheadOfTheCursor() {
        Set<String> before = ids(api.get("/api/orders?limit=1000"), "orderId");
        assertThat(before).hasSize(ORDERS);
        List<String> walked = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/orders?limit=20" + (next == null ? "" : "&after=" + next));
            pages++;
            page.path("items").forEach(o -> walked.add(o.path("orderId").asText()));
            totals.add(page.path("total").asLong());
            next = page.hasNonNull("next") ? page.path("next").asText() : null;
            if (next != null) {
                // between the pages: a new order, and two orders paid — one not seen yet (its new updatedAt puts
                // it ahead of the cursor, where a walk of the live index would never come back to it), one seen
                String unseen = before.stream().filter(o -> !walked.contains(o)).sorted().findFirst().orElseThrow();
                String seen = walked.get(0);
                String arrived = "pg-new-" + pages;
                post("/api/events", "[" + placed(arrived, Instant.now()) + "," + paid(unseen) + "," + paid(seen)
                        + "]");
                TestServers.await(WAIT, () -> status(unseen).equals("PAID") && status(seen).equals("PAID")
                        && api.send("GET", "/api/orders/" + arrived, null).statusCode() == 200);
            }
        } while (next != null);

        assertThat(pages).isEqualTo((ORDERS + 19) / 20);
        assertThat(walked).as("no order twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(walked)).as("every order of the walk's start, and only those")
                .isEqualTo(before);
        assertThat(totals).as("one snapshot: the same total on every page").containsOnly((long) ORDERS);
        assertThat(api.get("/api/orders?limit=0").path("total").asLong()).as("while the store moved on")
                .isEqualTo(ORDERS + pages - 1);
    }

    @Test
    @Order(2)
    void shouldWalkTheAlertsOnceEachNewestFirstWhileAlertsArriveAndChange() {
        Set<String> before = ids(api.get("/api/alerts?ruleId=pay-2s&limit=1000"), "id");
        assertThat(before).hasSizeGreaterThanOrEqualTo(ORDERS);
        List<JsonNode> walked = new ArrayList<>();
        Set<String> acknowledged = new LinkedHashSet<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/alerts?ruleId=pay-2s&limit=25" + (next == null ? "" : "&after=" + next));
            pages++;
            page.path("items").forEach(walked::add);
            next = page.hasNonNull("next") ? page.path("next").asText() : null;
            if (next != null) {
                // between the pages: new breaches on their way, one alert not seen yet acknowledged, one resolved
                Set<String> seenIds = walked.stream().map(a -> a.path("id").asText()).collect(Collectors.toSet());
                List<JsonNode> unseen = new ArrayList<>();
                api.get("/api/alerts?ruleId=pay-2s&status=OPEN&limit=1000").path("items").forEach(a -> {
                    if (!seenIds.contains(a.path("id").asText()) && before.contains(a.path("id").asText())) {
                        unseen.add(a);
                    }
                });
                post("/api/events", "[" + placed("pg-late-" + pages, Instant.now()) + "]");
                if (unseen.size() >= 2) {
                    String ack = unseen.get(0).path("id").asText();
                    String resolveOrder = unseen.get(1).path("orderId").asText();
                    post("/api/alerts/" + ack + "/ack", "");
                    acknowledged.add(ack);
                    post("/api/events", "[" + paid(resolveOrder) + "]");
                    TestServers.await(WAIT, () -> api.get("/api/alerts?orderId=" + resolveOrder).path("items").path(0)
                            .path("status").asText().equals("RESOLVED"));
                }
            }
        } while (next != null);

        List<String> ids = walked.stream().map(a -> a.path("id").asText()).toList();
        assertThat(pages).isGreaterThan(2);
        assertThat(ids).as("no alert twice").doesNotHaveDuplicates();
        assertThat(ids).as("every alert of the walk's start").containsAll(before);
        assertThat(acknowledged).isNotEmpty();
        assertThat(walked).filteredOn(a -> acknowledged.contains(a.path("id").asText()))
                .as("read live: an alert acknowledged before its page shows so")
                .allMatch(a -> a.path("status").asText().equals("ACKNOWLEDGED"));
        List<String> detected = walked.stream().map(a -> a.path("detectedAt").asText()).toList();
        assertThat(detected).as("newest first")
                .isSortedAccordingTo((x, y) -> Instant.parse(y).compareTo(Instant.parse(x)));
    }

    @Test
    @Order(3)
    void shouldRefuseACursorThatIsNotTheListsNamingAfter() throws Exception {
        String alertsNext = api.get("/api/alerts?ruleId=pay-2s&limit=5").path("next").asText();
        String ordersNext = api.get("/api/orders?status=PLACED&limit=5").path("next").asText();
        assertThat(alertsNext).isNotEmpty();
        assertThat(ordersNext).isNotEmpty();

        assertRefused("/api/orders?after=not-a-cursor", "not a cursor of this server");
        assertRefused("/api/orders?after=" + alertsNext, "a cursor of the alerts list, not of orders");
        assertRefused("/api/orders?status=PAID&after=" + ordersNext, "a cursor of other filters");
        assertRefused("/api/alerts?ruleId=other&after=" + alertsNext, "a cursor of other filters");
        assertThat(api.send("GET", "/api/orders?status=PLACED&limit=5&after=" + ordersNext, null).statusCode())
                .isEqualTo(200);

        // a walk whose snapshot Elasticsearch no longer has (it expires KEEP_ALIVE after the last page)
        String pit = Cursor.decode(ordersNext).pointInTime();
        HttpResponse<String> closed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(TestServers
                .elasticsearch().resolve("/_pit"))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(Json.write(Map.of("id", pit))))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertRefused("/api/orders?status=PLACED&limit=5&after=" + ordersNext, "expired");
    }

    @Test
    @Order(4)
    void shouldFollowTheNextLinksOfTheOrderExplorerAndTheAlertsPageInABrowser() throws Exception {
        try (Browser browser = new Browser(1440, 1000)) {
            browser.open(stack.base() + "/login");
            browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("dashboard")));

            browser.open(stack.base() + "/orders?status=PLACED&country=XP");
            Set<String> first = rows(browser, "#orders a.order-link");
            assertThat(first).hasSize(25);
            assertThat(browser.text(".pager")).contains("Page 1 of");
            browser.screenshot("paging-orders-1");
            browser.find("#next-page").click();
            browser.waitFor(WAIT, ExpectedConditions.urlContains("after="));
            assertThat(browser.driver.getCurrentUrl()).contains("status=PLACED", "country=XP");
            assertThat(browser.text(".pager")).contains("Page 2 of");
            Set<String> second = rows(browser, "#orders a.order-link");
            assertThat(second).hasSize(25).doesNotContainAnyElementsOf(first);
            assertThat(browser.find("#f-status").getAttribute("value")).isEqualTo("PLACED");
            browser.screenshot("paging-orders-2");
            browser.find("#first-page").click();
            browser.waitFor(WAIT, d -> !d.getCurrentUrl().contains("after="));
            assertThat(rows(browser, "#orders a.order-link")).isEqualTo(first);

            browser.open(stack.base() + "/alerts?ruleId=pay-2s");
            browser.screenshot("paging-alerts-1");
            assertThat(browser.text("#alert-count")).contains("1–100 shown");
            Set<String> newest = rows(browser, "#alerts tbody tr[id^=alert-]");
            assertThat(newest).hasSize(100);
            browser.find("#next-page").click();
            browser.waitFor(WAIT, ExpectedConditions.urlContains("after="));
            assertThat(browser.driver.getCurrentUrl()).contains("ruleId=pay-2s");
            Set<String> older = rows(browser, "#alerts tbody tr[id^=alert-]");
            assertThat(older).isNotEmpty().doesNotContainAnyElementsOf(newest);
            assertThat(browser.text("#alert-count")).contains("101–");
            browser.screenshot("paging-alerts-2");
        }
    }

    /**
     * The text (links) or ids (rows) of the elements, in page order, read in one script: new alerts may reload the
     * list at any moment (the page's live update), and element by element a read could straddle two lists.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> rows(Browser browser, String css) {
        Object found = ((JavascriptExecutor) browser.driver).executeScript("return Array.from(document"
                + ".querySelectorAll(arguments[0])).map(e => e.tagName === 'A' ? e.textContent.trim() : e.id)", css);
        return new LinkedHashSet<>((List<String>) found);
    }

    private static String paid(String orderId) {
        return event(orderId + "-paid-" + (++events), "PAYMENT_RECEIVED", orderId, Instant.now(), null);
    }

    private static String status(String orderId) {
        return api.get("/api/orders/" + orderId).path("status").asText();
    }

    private static Set<String> ids(JsonNode page, String field) {
        Set<String> ids = new LinkedHashSet<>();
        page.path("items").forEach(i -> ids.add(i.path(field).asText()));
        return ids;
    }

    private static void assertRefused(String path, String message) {
        HttpResponse<String> r = api.send("GET", path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        JsonNode detail = TestApi.json(r).path("details").path(0);
        assertThat(detail.path("field").asText()).isEqualTo("after");
        assertThat(detail.path("message").asText()).contains(message);
    }

    private static void post(String path, String body) {
        HttpResponse<String> r = api.send("POST", path, body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 202);
    }
}
