package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in a real browser (Debian's Chromium) against real Kafka, Elasticsearch and the job: log in and out,
 * watch the dashboard count orders posted through the API without reloading, survive a web-server restart, find
 * an order and open its timeline, see a new alert appear and acknowledge it. Screenshots of each page go to
 * {@code target/e2e/screenshots/} (the e2e build directory).
 */
class UiBrowserIT {

    private static final String TOKEN = "e2e-browser-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-browser").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none").env("BPMON_ALLOWED_LATENESS", "PT2S");

    private static final TestApi api = stack.api();
    private Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser(1440, 1000);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        browser.screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        browser.close();
    }

    private void login() {
        browser.open(stack.base() + "/");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
        browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("dashboard")));
    }

    private void awaitStreamOpen(int opens) {
        browser.waitFor(WAIT, d -> Integer.parseInt("0" + browser.rootData("sseOpens")) >= opens);
    }

    @Test
    void shouldLogInOnceAndLogOut() {
        browser.open(stack.base() + "/alerts");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login?next="));
        browser.screenshot("login");
        browser.find("#token").sendKeys("wrong", Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
                "not right"));
        browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.urlToBe(stack.base() + "/alerts"));
        browser.open(stack.base() + "/orders"); // the session holds: no second login
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(stack.base() + "/orders");
        browser.find("#logout").click();
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
        browser.open(stack.base() + "/orders");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
    }

    @Test
    void shouldCountNewOrdersOnTheDashboardWithoutReloadAndReconnectAfterAServerRestart() throws Exception {
        login();
        awaitStreamOpen(1);
        int before = Integer.parseInt(browser.text("#inflight-PLACED"));
        browser.driver.findElement(By.tagName("html")).getAttribute("data-marker");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.documentElement.dataset.loadedOnce = 'yes'");
        String prefix = "br-live-" + System.nanoTime();
        for (int i = 0; i < 4; i++) {
            api.postEvents(event(prefix + "-" + i, "ORDER_PLACED", prefix + "-" + i, Instant.now(),
                    "{\"country\":\"DE\"}"));
        }
        browser.waitFor(WAIT, d -> Integer.parseInt(browser.text("#inflight-PLACED")) >= before + 4);
        // the same document: the numbers changed without a reload
        assertThat(browser.rootData("loadedOnce")).isEqualTo("yes");
        browser.waitFor(WAIT, d -> browser.driver.findElements(By.cssSelector("#velocity-chart .uplot")).size() == 1);
        browser.screenshot("dashboard");
        // the same page on a wall monitor, on a small laptop, and in dark mode
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(2560, 1440));
        browser.screenshot("dashboard-wall");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 720));
        browser.screenshot("dashboard-laptop");
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        int messages = Integer.parseInt("0" + browser.rootData("sseMessages"));
        browser.waitFor(WAIT, d -> Integer.parseInt("0" + browser.rootData("sseMessages")) > messages + 1);
        browser.screenshot("dashboard-dark"); // after a live update redrew the chart in the dark scheme
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));

        int port = stack.stopWeb();
        browser.waitFor(WAIT, d -> browser.rootData("sse").equals("error"));
        stack.startWeb(port);
        awaitStreamOpen(2); // htmx's SSE extension reconnected; the signed session survived the restart
        api.postEvents(event(prefix + "-after", "ORDER_PLACED", prefix + "-after", Instant.now(), null));
        browser.waitFor(WAIT, d -> Integer.parseInt(browser.text("#inflight-PLACED")) >= before + 5);
        assertThat(browser.rootData("loadedOnce")).isEqualTo("yes");
        assertThat(api.send("GET", "/api/health", null).statusCode()).isIn(200, 503);
    }

    @Test
    void shouldFindAnOrderAndOpenItsTimeline() throws Exception {
        String orderId = "br-find-" + System.nanoTime();
        Instant t = Instant.now().minusSeconds(120);
        api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, t, "{\"country\":\"FR\",\"carrier\":\"ups\"}"));
        api.postEvents(event(orderId + "-2", "PAYMENT_RECEIVED", orderId, t.plusSeconds(30),
                "{\"paymentMethod\":\"card\"}"));
        api.postEvents(event(orderId + "-3", "ORDER_SHIPPED", orderId, t.plusSeconds(60), null));
        TestServers.await(WAIT, () -> api.send("GET", "/api/orders/" + orderId, null).statusCode() == 200
                && api.send("GET", "/api/orders/" + orderId, null).body().contains("SHIPPED"));
        login();
        browser.find("nav a[href='/orders']").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("f-id")));
        browser.find("#f-id").sendKeys(orderId);
        browser.find("#search").click();
        browser.waitFor(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("order-count"), "1 order"));
        browser.screenshot("orders");
        browser.find("a.order-link").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.text("#order-id")).isEqualTo(orderId);
        assertThat(browser.text("#order-status")).isEqualTo("SHIPPED");
        String timeline = browser.text("#timeline");
        assertThat(timeline).contains("ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ago");
        // times are relative, the exact time is on hover
        assertThat(browser.find("#timeline time").getAttribute("title")).isNotBlank();
        browser.screenshot("order");
    }

    @Test
    void shouldShowANewAlertLiveAndAcknowledgeItThenOpenItsOrder() throws Exception {
        assertThat(api.send("POST", "/api/rules", """
                {"id":"br-pay-3s","name":"Payment within 3 s (XB)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S","scope":{"country":["XB"]},"severity":"CRITICAL"}""").statusCode())
                .isEqualTo(201);
        login();
        browser.open(stack.base() + "/alerts?ruleId=br-pay-3s");
        awaitStreamOpen(1);
        assertThat(browser.text("#alert-list")).contains("No alerts match");
        String orderId = "br-alert-" + System.nanoTime();
        api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(), "{\"country\":\"XB\"}"));
        // no reload: the list refreshes when the stream says the alerts changed
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alerts button.ack")));
        assertThat(browser.rootData("sseOpens")).isEqualTo("1");
        browser.screenshot("alerts");
        browser.find("#alerts button.ack").click();
        // the list says so: the flash right after the click, or (when the live stream reloaded the list because
        // the acknowledgement changed the alert) the alert's new status
        browser.waitFor(WAIT, ExpectedConditions.or(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "Alert acknowledged."),
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#alerts"), "ACKNOWLEDGED")));
        JsonNode alert = Json.mapper().readTree(api.send("GET", "/api/alerts?ruleId=br-pay-3s", null).body())
                .path("items").get(0);
        assertThat(alert.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(browser.driver.findElements(By.cssSelector("#alerts button.ack"))).isEmpty();
        browser.screenshot("alerts-acknowledged");
        // alert -> order timeline: one click from the alerts page (two from the dashboard)
        browser.find("#alerts a.order-link").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.text("#order-id")).isEqualTo(orderId);
        assertThat(browser.text("#deadlines")).contains("Payment within 3 s (XB)");
        browser.open(stack.base() + "/rules");
        browser.screenshot("rules");
        api.send("DELETE", "/api/rules/br-pay-3s", null);
    }
}
