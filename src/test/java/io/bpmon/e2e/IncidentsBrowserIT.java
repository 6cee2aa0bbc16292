package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The incident pages in a real browser (Debian's Chromium) against real Kafka, Elasticsearch and the job
 * (docs/incidents.md): two breaches of one rule are one incident in the list; its page lists both orders, and one
 * click acknowledges the incident with its alerts. The dashboard's verdict leads to the worst open incident, its page
 * to all its orders, and the list acknowledges it from its row. Screenshots go to {@code target/e2e/screenshots/}.
 */
class IncidentsBrowserIT {

    private static final String TOKEN = "e2e-incident-browser-token-0123";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-incbrowser").token(TOKEN).withJob().withWeb()
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

    @Test
    void shouldListAnIncidentOpenItAndAcknowledgeItInOneClick() throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"ib-pay-3s","name":"Payment within 3 s (XI)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S","scope":{"country":["XI"]},"groupBy":["country"],"severity":"CRITICAL"}""");
        TestServers.await(WAIT, () -> api.send("GET", "/api/rules/ib-pay-3s/status", null).statusCode() == 200);
        String first = "ib-1-" + System.nanoTime();
        String second = "ib-2-" + System.nanoTime();
        for (String orderId : new String[] {first, second}) {
            api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(), "{\"country\":\"XI\"}"));
        }
        TestServers.await(WAIT, () -> api.get("/api/incidents?ruleId=ib-pay-3s").path("items").path(0)
                .path("alertCount").asLong() == 2);

        browser.open(stack.base() + "/incidents");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
        browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("incidents")));
        assertThat(browser.text("#incidents")).contains("Payment within 3 s (XI)", "country=XI", "2 / 2",
                "OPEN");
        browser.screenshot("incidents");

        browser.find("#incidents a.incident-link").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("incident-alerts")));
        assertThat(browser.text("#incident-alerts")).contains(first, second);
        browser.screenshot("incident");
        browser.find("#incident-ack").click();
        browser.waitFor(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("incident-status"),
                "ACKNOWLEDGED"));
        assertThat(browser.text(".flash")).contains("Incident acknowledged");
        assertThat(browser.driver.findElements(By.id("incident-ack"))).isEmpty();
        assertThat(browser.text("#incident-alerts")).doesNotContain("OPEN").contains("ACKNOWLEDGED");
        browser.screenshot("incident-acknowledged");
        assertThat(api.get("/api/alerts?status=ACKNOWLEDGED&ruleId=ib-pay-3s").path("total").asLong()).isEqualTo(2);
    }

    @Test
    void shouldLeadFromTheDashboardsVerdictToTheWorstIncidentItsOrdersAndBackToAcknowledgeItFromTheList()
            throws Exception {
        api.expect(201, "POST", "/api/rules", """
                {"id":"ib-pay-2s","name":"Payment within 2 s (XJ)","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT2S","scope":{"country":["XJ"]},"groupBy":["country"],"severity":"CRITICAL"}""");
        TestServers.await(WAIT, () -> api.send("GET", "/api/rules/ib-pay-2s/status", null).statusCode() == 200);
        for (int i = 0; i < 3; i++) {
            String orderId = "ij-" + i + "-" + System.nanoTime();
            api.postEvents(event(orderId + "-1", "ORDER_PLACED", orderId, Instant.now(),
                    "{\"country\":\"XJ\",\"carrier\":\"dhl\"}"));
        }
        TestServers.await(WAIT, () -> api.get("/api/incidents?ruleId=ib-pay-2s").path("items").path(0)
                .path("alertCount").asLong() == 3);
        String incidentId = api.get("/api/incidents?ruleId=ib-pay-2s").path("items").path(0).path("id").asText();

        browser.open(stack.base() + "/");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
        browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verdict-worst a")));
        assertThat(browser.text("#verdict-worst")).contains("Payment within 2 s (XJ)", "XJ",
                "3 alerts open");
        assertThat(browser.text("#verdict-incidents")).endsWith("open");
        browser.screenshot("dashboard-worst-incident");

        browser.find("#verdict-worst a").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("incident-curve")));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/incidents/" + incidentId);
        assertThat(browser.driver.findElements(By.cssSelector("#incident-curve rect"))).isNotEmpty();
        assertThat(browser.text("#incident-segments")).contains("country", "XJ 3", "carrier", "dhl 3");
        browser.screenshot("incident-curve-and-segments");

        browser.find("#incident-all-alerts").click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("a-incident")));
        assertThat(browser.text("#alert-count")).startsWith("3 alerts");
        browser.screenshot("incident-orders-paged");

        browser.open(stack.base() + "/incidents?status=OPEN&severity=CRITICAL");
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("ack-" + incidentId)));
        browser.screenshot("incidents-open-critical");
        browser.find("#ack-" + incidentId).click();
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.cssSelector(".flash")));
        assertThat(browser.driver.getCurrentUrl()).contains("/incidents?status=OPEN&severity=CRITICAL");
        assertThat(browser.text(".flash")).contains("Incident acknowledged");
        assertThat(browser.driver.findElements(By.id("incident-" + incidentId))).as("no longer open").isEmpty();
        browser.screenshot("incidents-acknowledged-from-the-list");
        assertThat(api.get("/api/incidents/" + incidentId).path("status").asText()).isEqualTo("ACKNOWLEDGED");
    }
}
