package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {

    @TempDir
    Path dir;

    private static MonitorConfig environment(String lifecycle) {
        return lifecycle == null ? ConfigLoader.from(Map.of())
                : ConfigLoader.from(Map.of(ConfigLoader.LIFECYCLE, lifecycle));
    }

    @Test
    void shouldWalkTheJobsLifecycleFromTheEnvironment() throws Exception {
        Path ticket = Files.writeString(dir.resolve("ticket.json"), """
                {"name": "ticket", "mainPath": ["OPENED", "CLOSED"], "steps": [
                  {"name": "OPENED", "eventType": "TICKET_OPENED", "next": ["CLOSED"]},
                  {"name": "CLOSED", "eventType": "TICKET_CLOSED", "next": [], "terminal": true}]}""");

        assertThat(SimulatorMain.lifecycle(environment(null), SimulatorConfig.defaults()).name()).isEqualTo("order");
        assertThat(SimulatorMain.lifecycle(environment(ticket.toString()), SimulatorConfig.defaults()).eventTypes())
                .containsExactly("TICKET_OPENED", "TICKET_CLOSED");
    }

    @Test
    void shouldNameTheVariableOfALifecycleItCannotReadOrWalk() throws Exception {
        Path loose = Files.writeString(dir.resolve("loose.json"), """
                {"name": "loose", "steps": [{"name": "A", "eventType": "A_HAPPENED", "next": []}]}""");
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> SimulatorMain.lifecycle(environment(loose.toString()), SimulatorConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BPMON_LIFECYCLE: " + loose)
                .hasMessageContaining("has no mainPath");
        assertThatThrownBy(() -> SimulatorMain.lifecycle(environment(missing.toString()), SimulatorConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BPMON_LIFECYCLE: " + missing);
        SimulatorConfig incident = SimulatorConfig.defaults()
                .withIncident(IncidentConfig.once("paypal", Duration.ofMinutes(1), Duration.ofMinutes(1)));
        Path ticket = Files.writeString(dir.resolve("ticket.json"), """
                {"name": "ticket", "mainPath": ["OPENED"], "steps": [
                  {"name": "OPENED", "eventType": "TICKET_OPENED", "next": []}]}""");
        assertThatThrownBy(() -> SimulatorMain.lifecycle(environment(ticket.toString()), incident))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--incident: ");
    }
}
