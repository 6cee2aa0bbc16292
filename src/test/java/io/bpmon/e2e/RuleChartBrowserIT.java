package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The rule editor's chart and kind fieldsets in Chromium, with and without JavaScript, over 1,000 stored orders in
 * real Elasticsearch (placed a minute apart three days ago, order {@code i} paid after {@code i % 100 + 1} minutes,
 * as in {@link RuleChartIT}): a 30 min threshold flags 710, one hour 410; the first 500 minutes hold 500 orders, of
 * which 355 breach 30 min. Screenshots land in {@code target/e2e/screenshots/}.
 */
class RuleChartBrowserIT {

    private static final String TOKEN = "e2e-rule-chart-browser-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-rule-chart-browser").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none");

    private static Instant first;

    @BeforeAll
    static void seed() throws Exception {
        first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(3));
        RuleChartIT.seed(stack, "br-chart-", 1000, "XB", first, 60);
    }

    private static void login(Browser browser) {
        browser.open(stack.base() + "/rules/new");
        browser.waitFor(WAIT, ExpectedConditions.urlContains("/login"));
        browser.find("#token").sendKeys(TOKEN, Keys.ENTER);
        browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("rule-form")));
    }

    private static void type(Browser browser, String css, String text) {
        browser.find(css).clear();
        browser.find(css).sendKeys(text);
    }

    private static void awaitFlagged(Browser browser, String count) {
        browser.waitFor(WAIT, d -> {
            var found = d.findElements(By.id("chart-flagged"));
            return !found.isEmpty() && found.get(0).getText().equals(count);
        });
    }

    @Test
    void shouldRedrawTheChartAsTheThresholdTheKindAndTheRangeChangeWithoutAPageLoad() throws Exception {
        try (Browser browser = new Browser(1280, 1600)) {
            login(browser);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            js.executeScript("window.bpmonSamePage = true;"); // gone if the page loads again
            assertThat(browser.driver.findElements(By.id("f-from"))).hasSize(1);
            assertThat(browser.driver.findElements(By.id("f-eventType"))).isEmpty();
            assertThat(browser.driver.findElements(By.id("change-kind"))).isEmpty(); // inside <noscript>

            new Select(browser.find("#f-from")).selectByValue("PLACED");
            new Select(browser.find("#f-to")).selectByValue("PAID");
            type(browser, "#f-scope", "country=XB");
            type(browser, "#f-maxDuration", "30m");
            awaitFlagged(browser, "710");
            assertThat(browser.text("#chart-percent")).isEqualTo("71 %");
            assertThat(browser.text("#chart-judged")).isEqualTo("1000");
            assertThat(browser.text("#chart-percentiles")).contains("1000 observed durations",
                    "threshold 30m", "p50", "p90", "p99");
            assertThat(browser.driver.findElements(By.cssSelector("#chart-svg rect.bar"))).hasSizeGreaterThan(10);
            assertThat(browser.driver.findElements(By.cssSelector("#chart-svg .marker-threshold"))).hasSize(1);
            browser.screenshot("rule-editor-chart-30m");

            // typing a new threshold redraws the chart and the count, debounced, in the same page
            int drawsBefore = Integer.parseInt(browser.rootData("chartDraws"));
            type(browser, "#f-maxDuration", "1h");
            awaitFlagged(browser, "410");
            assertThat(browser.text("#chart-percent")).isEqualTo("41 %");
            assertThat(js.executeScript("return window.bpmonSamePage === true")).isEqualTo(true);
            // "1h" typed key by key: the debounce leaves at most a draw per pause, not one per key
            assertThat(Integer.parseInt(browser.rootData("chartDraws")) - drawsBefore).isBetween(1, 3);
            browser.screenshot("rule-editor-chart-1h");

            // a chosen date range: the first 500 minutes' deadlines
            type(browser, "#f-maxDuration", "30m");
            type(browser, "#f-since", TYPED.format(first.plus(Duration.ofMinutes(30))));
            type(browser, "#f-until", TYPED.format(first.plus(Duration.ofMinutes(530))));
            awaitFlagged(browser, "355");
            assertThat(browser.text("#chart-judged")).isEqualTo("500");
            assertThat(browser.text("#chart-summary")).contains(
                    TYPED.format(first.plus(Duration.ofMinutes(30))) + " UTC");
            browser.screenshot("rule-editor-chart-range");
            // a range the wrong way round: the chart names the field
            type(browser, "#f-until", TYPED.format(first));
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("chart-errors")));
            assertThat(browser.text("#chart-errors")).contains("until: must be after since");
            type(browser, "#f-until", TYPED.format(first.plus(Duration.ofMinutes(530))));
            awaitFlagged(browser, "355");

            // Preview over the same range (a page load on purpose: it lists the orders)
            type(browser, "#f-name", "XB paid within 30 min");
            browser.find("#preview").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("preview-count")));
            assertThat(browser.text("#preview-count")).isEqualTo("355");
            assertThat(browser.text("#preview-summary")).startsWith("From "
                    + TYPED.format(first.plus(Duration.ofMinutes(30))) + " UTC to");
            browser.screenshot("rule-editor-preview-range");

            // switching the kind swaps the fieldset in place
            js.executeScript("window.bpmonSamePage = true;");
            new Select(browser.find("#f-kind")).selectByValue("VELOCITY");
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("f-eventType")));
            assertThat(browser.driver.findElements(By.id("f-from"))).isEmpty();
            assertThat(browser.driver.findElements(By.id("f-maxDuration"))).isEmpty();
            assertThat(browser.find("#f-name").getAttribute("value")).isEqualTo("XB paid within 30 min");
            assertThat(js.executeScript("return window.bpmonSamePage === true")).isEqualTo(true);
            new Select(browser.find("#f-eventType")).selectByValue("PAYMENT_RECEIVED");
            type(browser, "#f-window", "1h");
            type(browser, "#f-min", "1");
            type(browser, "#f-since", TYPED.format(first.minus(Duration.ofHours(6))));
            type(browser, "#f-until", TYPED.format(first.plus(Duration.ofHours(24))));
            browser.waitFor(WAIT, d -> !d.findElements(By.cssSelector("#chart-svg rect.episode")).isEmpty());
            // after the last payment (about 18 h after the first order) none arrived: at least that episode
            assertThat(Integer.parseInt(browser.text("#chart-flagged"))).isPositive();
            assertThat(browser.driver.findElements(By.cssSelector("#chart-svg polyline.series"))).hasSize(1);
            assertThat(browser.driver.findElements(By.cssSelector("#chart-svg .level"))).hasSize(1);
            browser.screenshot("rule-editor-chart-velocity");

            new Select(browser.find("#f-kind")).selectByValue("STALL");
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("f-statuses")));
            assertThat(browser.driver.findElements(By.id("f-eventType"))).isEmpty();
        }
    }

    @Test
    void shouldShowTheJobTakingUpASavedRuleWithoutReloading() throws Exception {
        try (Browser browser = new Browser(1280, 1000)) {
            login(browser);
            type(browser, "#f-name", "XB live status");
            type(browser, "#f-id", "br-live-status");
            new Select(browser.find("#f-from")).selectByValue("PLACED");
            new Select(browser.find("#f-to")).selectByValue("PAID");
            type(browser, "#f-maxDuration", "45m");
            browser.find("#save").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("rule-br-live-status")));
            assertThat(browser.text("#rule-br-live-status .status"))
                    .isEqualTo("not yet picked up by the job");
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            js.executeScript("window.bpmonSamePage = true;");

            // the job acknowledges version 1 (as RuleStatusWriter does): the cell turns without a reload
            acknowledge("br-live-status", 1);
            browser.waitFor(WAIT, d -> d.findElement(By.cssSelector("#rule-br-live-status .status")).getText()
                    .startsWith("active: v1 since"));
            assertThat(js.executeScript("return window.bpmonSamePage === true")).isEqualTo(true);
            browser.screenshot("rules-active-live");

            // in the editor: a new version is pending until the job applies it
            browser.open(stack.base() + "/rules/br-live-status/edit");
            browser.waitFor(WAIT, d -> d.findElement(By.id("rule-status")).getText().startsWith("active: v1 since"));
            js.executeScript("window.bpmonSamePage = true;");
            TestApi api = stack.api();
            assertThat(api.send("PUT", "/api/rules/br-live-status", "{\"name\":\"XB live status\",\"kind\":"
                    + "\"STEP_SLA\",\"from\":\"PLACED\",\"to\":\"PAID\",\"maxDuration\":\"PT50M\"}").statusCode())
                    .isEqualTo(200);
            browser.waitFor(WAIT, d -> d.findElement(By.id("rule-status")).getText()
                    .equals("job still applies v1"));
            acknowledge("br-live-status", 2);
            browser.waitFor(WAIT, d -> d.findElement(By.id("rule-status")).getText().startsWith("active: v2 since"));
            assertThat(js.executeScript("return window.bpmonSamePage === true")).isEqualTo(true);
            browser.screenshot("rule-editor-active-live");
        }
    }

    /** The job's acknowledgement of a rule version, written where the job writes it. */
    private static void acknowledge(String ruleId, long version) {
        var r = stack.es().put("/" + stack.indices().ruleStatus() + "/_doc/" + ruleId + "?refresh=true",
                java.util.Map.of("ruleId", ruleId, "version", version, "enabled", true, "appliedAt",
                        Instant.now().toString(), "subtasks", 1));
        assertThat(r.ok()).as(r.body().toString()).isTrue();
    }

    @Test
    void shouldSwitchKindAndPreviewARangeWithoutJavaScript() throws Exception {
        try (Browser browser = new Browser(1280, 1600, false)) {
            login(browser);
            assertThat(browser.find("#change-kind").isDisplayed()).isTrue();
            assertThat(browser.driver.findElements(By.id("chart-svg"))).isEmpty(); // nothing fetched it

            type(browser, "#f-name", "XB payments");
            new Select(browser.find("#f-kind")).selectByValue("VELOCITY");
            assertThat(browser.driver.findElements(By.id("f-eventType"))).isEmpty(); // no swap without JavaScript
            browser.find("#change-kind").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("f-eventType")));
            assertThat(browser.driver.findElements(By.id("f-from"))).isEmpty();
            assertThat(browser.find("#f-name").getAttribute("value")).isEqualTo("XB payments");
            assertThat(browser.driver.findElements(By.cssSelector(".field-error[id^=error-]"))).isEmpty();
            browser.screenshot("rule-editor-nojs-velocity");

            new Select(browser.find("#f-kind")).selectByValue("STEP_SLA");
            browser.find("#change-kind").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("f-from")));
            new Select(browser.find("#f-from")).selectByValue("PLACED");
            new Select(browser.find("#f-to")).selectByValue("PAID");
            type(browser, "#f-maxDuration", "30m");
            type(browser, "#f-scope", "country=XB");
            type(browser, "#f-since", TYPED.format(first.plus(Duration.ofMinutes(30))));
            type(browser, "#f-until", TYPED.format(first.plus(Duration.ofMinutes(530))));
            browser.find("#preview").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("preview-count")));
            assertThat(browser.text("#preview-count")).isEqualTo("355");
            // the chart is drawn by the server into the page
            assertThat(browser.text("#chart-flagged")).isEqualTo("355");
            assertThat(browser.text("#chart-judged")).isEqualTo("500");
            assertThat(browser.driver.findElements(By.cssSelector("#chart-svg rect.bar"))).isNotEmpty();
            browser.screenshot("rule-editor-nojs-preview-range");

            type(browser, "#f-since", "next week");
            browser.find("#preview").click();
            browser.waitFor(WAIT, ExpectedConditions.presenceOfElementLocated(By.id("error-since")));
            assertThat(browser.text("#error-since")).contains("must be a date and time");
            assertThat(browser.find("#f-since").getAttribute("aria-invalid")).isEqualTo("true");
        }
    }
}
