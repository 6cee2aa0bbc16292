package io.bpmon.web.ui;

import static io.bpmon.web.ui.StorePagesServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.AlertQuery;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /alerts} over a fake of the API's alert search ({@link io.bpmon.core.store.AlertStore#search}): the filters
 * become the store's typed question, and the page shows what the store answered.
 */
class AlertsPageTest {

    private final StorePagesServer server = new StorePagesServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static Alert alert(String id, String orderId, AlertStatus status, Map<String, String> attributes) {
        return new Alert(id, "pay-30m", 1, "Payment within 30 min", AlertKind.SLA_BREACH, Severity.CRITICAL, orderId,
                attributes, status, "PLACED", "PAID", NOW.minus(Duration.ofMinutes(40)),
                NOW.minus(Duration.ofMinutes(10)), NOW.minus(Duration.ofMinutes(9)), null, null, false, null, null, 1);
    }

    @Test
    void shouldAskTheAlertSearchEveryFilter() {
        AlertQuery q = AlertsPage.query(new AlertsPage.Filters("OPEN", "CRITICAL", "pay-30m", "country", "DE"));

        assertThat(q).isEqualTo(new AlertQuery(Optional.of(AlertStatus.OPEN), Optional.of("pay-30m"),
                Optional.empty(), Optional.of(Severity.CRITICAL),
                Optional.of(new AlertQuery.AttributeValue("country", "DE")), AlertsPage.LIMIT));
    }

    @Test
    void shouldShowOneIncidentsAlertsPagedWithTheIncidentKeptInEveryLink() {
        server.alerts.stored.add(alert("a-1", "o-1", AlertStatus.OPEN, Map.of("country", "DE")));

        HttpResponse<String> page = server.get("/alerts?incidentId=inc-1&attribute=country&value=DE");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(server.alerts.asked).singleElement().satisfies(q -> {
            assertThat(q.incidentId()).contains("inc-1");
            assertThat(q.attribute()).contains(new AlertQuery.AttributeValue("country", "DE"));
        });
        assertThat(page.body()).contains("name=\"incidentId\" value=\"inc-1\"", "href=\"/incidents/inc-1\"");
        assertThat(server.get("/alerts?incidentId=" + "x".repeat(257)).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldLeaveOutEmptyFiltersAndAnAttributeWithoutValue() {
        AlertQuery q = AlertsPage.query(new AlertsPage.Filters("", "", "", "country", ""));

        assertThat(q).isEqualTo(new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), AlertsPage.LIMIT));
    }

    @Test
    void shouldShowTheAlertsTheStoreFoundForTheRequestsFilters() {
        server.alerts.stored.add(alert("a-1", "o-1", AlertStatus.OPEN, Map.of("country", "DE")));
        server.alerts.stored.add(alert("a-2", "o-2", AlertStatus.ACKNOWLEDGED, Map.of()));
        server.alerts.total = 250;

        HttpResponse<String> page = server.get("/alerts?status=OPEN&severity=CRITICAL&ruleId=pay-30m"
                + "&attribute=country&value=DE");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(server.alerts.asked).containsExactly(AlertsPage.query(
                new AlertsPage.Filters("OPEN", "CRITICAL", "pay-30m", "country", "DE")));
        assertThat(page.body()).contains("id=\"alert-a-1\"", "id=\"alert-a-2\"", "row-ACKNOWLEDGED",
                "href=\"/orders/o-1\"", "country=DE", "250 alerts, 1–2 shown, newest first");
    }

    @Test
    void shouldRefuseAnUnknownStatusNamingTheFieldWithoutAskingTheStore() {
        HttpResponse<String> page = server.get("/alerts?status=CLOSED");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).startsWith("status: one of");
        assertThat(server.alerts.asked).isEmpty();
    }

    @Test
    void shouldAcknowledgeAndShowTheListAgainWithTheOutcome() {
        server.alerts.stored.add(alert("a-1", "o-1", AlertStatus.OPEN, Map.of()));

        HttpResponse<String> ok = server.post("/alerts/a-1/ack?status=OPEN", true);

        assertThat(server.acknowledged).containsExactly("a-1 erika");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("Alert acknowledged.", "id=\"alert-a-1\"");
        assertThat(server.alerts.asked).as("the list after the acknowledgement keeps the filters")
                .containsExactly(AlertsPage.query(new AlertsPage.Filters("OPEN", "", "", "", "")));

        server.refusal = new AlertsPage.Refusal(404, "No alert with id a-9");
        HttpResponse<String> refused = server.post("/alerts/a-9/ack", false);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo("No alert with id a-9");
    }

    /** An open alert detected this many minutes before {@link StorePagesServer#NOW}. */
    private static Alert detected(String id, int minutesAgo) {
        Alert a = alert(id, "o-" + id, AlertStatus.OPEN, Map.of());
        return new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.ruleName(), a.kind(), a.severity(), a.orderId(),
                a.attributes(), a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(),
                NOW.minus(Duration.ofMinutes(minutesAgo)), null, null, false, null, null, 1);
    }

    @Test
    void shouldLinkTheOlderAlertsWithTheFiltersKeptAndShowThemOnce() {
        for (int i = 1; i <= AlertsPage.LIMIT + 1; i++) {
            server.alerts.stored.add(detected("a-" + i, i));
        }

        HttpResponse<String> first = server.get("/alerts?status=OPEN&ruleId=pay-30m");

        assertThat(first.body()).contains("id=\"alert-a-1\"", "id=\"alert-a-100\"", "101 alerts, 1–100 shown")
                .doesNotContain("id=\"alert-a-101\"", "id=\"first-page\"");
        String next = OrdersPageTest.href(first.body(), "next-page");
        assertThat(next).startsWith("/alerts?status=OPEN&ruleId=pay-30m&after=");
        // a new alert arrives between the pages: it is the newest, so it belongs before the cursor
        server.alerts.stored.add(detected("a-new", 0));

        HttpResponse<String> second = server.get(next);

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(server.alerts.asked.get(1).after()).isPresent();
        assertThat(second.body()).contains("id=\"alert-a-101\"", "102 alerts, 101–101 shown", "id=\"first-page\"",
                "id=\"alert-after\"").doesNotContain("id=\"alert-a-100\"", "id=\"alert-a-new\"",
                "id=\"next-page\"");
        assertThat(OrdersPageTest.href(second.body(), "first-page")).isEqualTo("/alerts?status=OPEN&ruleId=pay-30m");
    }

    @Test
    void shouldRefuseACursorOfOtherFiltersNamingAfter() {
        for (int i = 1; i <= AlertsPage.LIMIT + 1; i++) {
            server.alerts.stored.add(detected("a-" + i, i));
        }
        String next = OrdersPageTest.href(server.get("/alerts?status=OPEN").body(), "next-page");

        HttpResponse<String> refused = server.get(next.replace("status=OPEN", "status=RESOLVED"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).startsWith("after: a cursor of other filters");
    }
}
