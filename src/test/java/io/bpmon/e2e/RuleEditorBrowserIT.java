package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The rule editor in a real browser against real Kafka, Elasticsearch and the job: create a rule through the form,
 * see errors beside the fields, fix them,
         preview on seeded history and see the expected count and suggested thresholds, save, see the job
 * acknowledge the version ("active"), post events through the API and see the resulting alert on the alerts page.
 */
class RuleEditorBrowserIT {

    private static final String TOKEN = "e2e-rule-editor-browser-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-rule-editor").token(TOKEN).withJob().withWeb()
            .env("BPMON_DEFAULT_RULES", "none");

    private static final TestApi api = stack.api();

    @Test
    void shouldCreatePreviewSaveAndAlertThroughTheEditor() throws Exception {
        // history: three XR orders placed two hours ago, paid after 2 s, 10 min and 30 min
        Instant t0 = Instant.now().minus(Duration.ofHours(2));
        String prefix = "br-ed-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            api.postEvents(event(prefix + "-p" + i, "ORDER_PLACED", prefix + "-" + i, t0.plusMillis(i),
                    "{\"country\":\"XR\"}"));
        }
        long[] took = {2, 600, 1800};
        for (int i = 0; i < 3; i++) {
            api.postEvents(event(prefix + "-q" + i, "PAYMENT_RECEIVED", prefix + "-" + i, t0.plusSeconds(took[i])
                    .plusMillis(i),
                    null));
        }
        for (int i = 0; i < 3; i++) {
            String id = prefix + "-" + i;
            TestServers.await(WAIT, () -> api.send("GET", "/api/orders/" + id, null).body().contains("PAID"));
        }

        try (Browser browser = new Browser(1440, 1200)) {
            browser.open(stack.base() + "/rules");
            browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
            browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("new-rule")));
            browser.find("#new-rule").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("rule-form")));
            browser.find("#f-name").sendKeys("XR paid within 5 s");
            browser.find("#f-id").sendKeys("br-editor-xr");
            new Select(browser.find("#f-from")).selectByValue("PLACED");
            browser.find("#f-maxDuration").sendKeys("5 parsecs");
            browser.find("#f-scope").sendKeys("country=XR");
            browser.find("#save").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("error-maxDuration")));
            assertThat(browser.text("#error-to")).contains("missing");
            assertThat(browser.find("#f-maxDuration").getAttribute("aria-invalid")).isEqualTo("true");
            browser.screenshot("rule-editor-errors");

            new Select(browser.find("#f-to")).selectByValue("PAID");
            browser.find("#f-maxDuration").clear();
            browser.find("#f-maxDuration").sendKeys("5s");
            browser.find("#f-previewHours").clear();
            browser.find("#f-previewHours").sendKeys("3");
            browser.find("#preview").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("preview-count")));
            assertThat(browser.text("#preview-count")).isEqualTo("2");
            assertThat(browser.text("#preview-orders")).contains(prefix + "-1", prefix + "-2")
                    .doesNotContain(prefix + "-0");
            assertThat(browser.driver.findElements(By.cssSelector(".field-error"))).isEmpty();
            browser.screenshot("rule-editor-preview");

            browser.find("#suggest").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("thresholds")));
            assertThat(browser.text("#thresholds")).contains("3 observations", "p50", "p99");
            assertThat(browser.find("#f-maxDuration").getAttribute("value")).isEqualTo("5s"); // the form is kept

            browser.find("#save").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("rule-br-editor-xr")));
            assertThat(browser.text("#flash")).contains("saved as version 1");
            assertThat(browser.text("#rule-br-editor-xr")).contains("PLACED → PAID within 5s", "country=XR");
            TestServers.await(WAIT, () -> {
                browser.open(stack.base() + "/rules");
                return browser.text("#rule-br-editor-xr .status").startsWith("active: v1 since");
            });
            browser.screenshot("rules-active");

            String orderId = prefix + "-live";
            api.postEvents(event(orderId + "-p", "ORDER_PLACED", orderId, Instant.now(), "{\"country\":\"XR\"}"));
            browser.open(stack.base() + "/alerts?ruleId=br-editor-xr");
            browser.waitFor(WAIT, d -> d.getPageSource().contains(orderId));
            browser.screenshot("rule-editor-alert");
        }
    }
}
