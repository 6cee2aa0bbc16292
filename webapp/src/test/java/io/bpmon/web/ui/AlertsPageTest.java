package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.AlertQuery;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alerts page asks the API's alert search ({@link io.bpmon.core.store.AlertStore#search}) its filters. */
class AlertsPageTest {

    @Test
    void shouldAskTheAlertSearchEveryFilter() {
        AlertQuery q = AlertsPage.query(new AlertsPage.Filters("OPEN", "CRITICAL", "pay-30m", "country", "DE"));

        assertThat(q).isEqualTo(new AlertQuery(Optional.of(AlertStatus.OPEN), Optional.of("pay-30m"),
                Optional.empty(), Optional.of(Severity.CRITICAL),
                Optional.of(new AlertQuery.AttributeValue("country", "DE")), AlertsPage.LIMIT));
    }

    @Test
    void shouldLeaveOutEmptyFiltersAndAnAttributeWithoutValue() {
        AlertQuery q = AlertsPage.query(new AlertsPage.Filters("", "", "", "country", ""));

        assertThat(q).isEqualTo(new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), AlertsPage.LIMIT));
    }
}
