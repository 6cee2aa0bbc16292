package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardVerdictTest {

    private static final PipelineHealth.Part UP = new PipelineHealth.Part(true, "up");
    private static final PipelineHealth.Part DOWN = new PipelineHealth.Part(false, "unreachable");

    private static PipelineHealth health(PipelineHealth.Part kafka) {
        return new PipelineHealth(Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), kafka, UP, UP, Optional.empty(), Optional.empty(),
                java.util.List.of());
    }

    private static List<Dashboard.Count> open(long critical, long warning) {
        return List.of(new Dashboard.Count("CRITICAL", "CRITICAL", critical),
                new Dashboard.Count("WARNING", "WARNING", warning), new Dashboard.Count("INFO", "INFO", 0));
    }

    @Test
    void shouldBeGoodWhenEventsFlowAndNothingIsOpen() {
        Dashboard.Verdict v = DashboardQueries.verdict(120, open(0, 0), health(UP), List.of());
        assertThat(v.level()).isEqualTo("good");
        assertThat(v.headline()).isEqualTo("Orders are flowing: 120 events in the last 5 min.");
        assertThat(v.detail()).isEqualTo("No open alerts.");
    }

    @Test
    void shouldWarnWhenNoEventsArrive() {
        Dashboard.Verdict v = DashboardQueries.verdict(0, open(0, 0), health(UP), List.of());
        assertThat(v.level()).isEqualTo("warn");
        assertThat(v.headline()).startsWith("No order events");
    }

    @Test
    void shouldBeBadAndSayWhyWhenAPartIsDownOrCriticalAlertsAreOpen() {
        Dashboard.Verdict v = DashboardQueries.verdict(50, open(2, 1), health(DOWN),
                List.of(new Dashboard.SlaRow("r", "Pay in 5 min", "CRITICAL", 100, 10)));
        assertThat(v.level()).isEqualTo("bad");
        assertThat(v.detail()).isEqualTo("Kafka down · 2 critical alerts open · 1 warning open · Pay in 5 min at 90.0 % in time");
    }

    @Test
    void shouldComputeComplianceWithoutDividingByZero() {
        assertThat(new Dashboard.SlaRow("r", "n", "", 0, 0).percent()).isEqualTo("–");
        assertThat(new Dashboard.SlaRow("r", "n", "", 0, 0).level()).isEqualTo("none");
        assertThat(new Dashboard.SlaRow("r", "n", "", 200, 1).percent()).isEqualTo("99.5");
        assertThat(new Dashboard.SlaRow("r", "n", "", 200, 1).level()).isEqualTo("good");
        assertThat(new Dashboard.SlaRow("r", "n", "", 100, 3).level()).isEqualTo("warn");
        assertThat(new Dashboard.SlaRow("r", "n", "", 5, 9).inTime()).isZero();
    }

    @Test
    void shouldFormatDurationsForPeople() {
        assertThat(PipelineHealth.duration(4_200)).isEqualTo("4 s");
        assertThat(PipelineHealth.duration(125_000)).isEqualTo("2 min 5 s");
        assertThat(PipelineHealth.duration(7_380_000)).isEqualTo("2 h 3 min");
        assertThat(PipelineHealth.duration(-5)).isEqualTo("0 s");
    }
}
