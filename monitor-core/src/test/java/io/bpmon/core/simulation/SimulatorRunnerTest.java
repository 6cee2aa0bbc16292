package io.bpmon.core.simulation;

import io.bpmon.core.fixtures.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatorRunnerTest {

    private final MutableClock clock = new MutableClock(Simulation.BEGINNING);
    private final List<String> log = new ArrayList<>();
    private final List<Instant> sentAt = new ArrayList<>();
    private final List<SimulatedRecord> sent = new ArrayList<>();

    private SimulatorRunner runner(SimulatorConfig config, SimulatedRecordSink sink) {
        TrafficModel model = new TrafficModel(config, Simulation.LIFECYCLE, new Random(1), clock);
        return new SimulatorRunner(model, sink, clock, clock::advance, config.summaryInterval(), config.stopAfter(),
                log::add);
    }

    private void collect(SimulatedRecord r) {
        sent.add(r);
        sentAt.add(clock.instant());
    }

    @Test
    void shouldRunForTheConfiguredDurationAndSummariseEveryTenSeconds() {
        runner(SimulatorConfig.defaults().withStopAfter(Duration.ofMinutes(1)), this::collect).run();

        assertThat(clock.instant()).isEqualTo(Simulation.BEGINNING.plus(Duration.ofMinutes(1)));
        assertThat(sent).hasSizeGreaterThan(1000);
        assertThat(log).hasSize(5).allSatisfy(line -> assertThat(line)
                .startsWith("simulate: orders ").contains("events sent").contains("duplicates")
                .contains("out-of-order").contains("late").contains("malformed").contains("cancelled")
                .contains("stuck"));
    }

    @Test
    void shouldSendEachRecordNoEarlierThanItsEventTime() {
        runner(SimulatorConfig.defaults().withStopAfter(Duration.ofMinutes(2)), this::collect).run();

        for (int i = 0; i < sent.size(); i++) {
            var parsed = Simulation.PARSER.parse(sent.get(i).value());
            if (parsed.isValid()) {
                assertThat(parsed.value().occurredAt()).isBeforeOrEqualTo(sentAt.get(i));
            }
        }
    }

    @Test
    void shouldStopWhenAsked() {
        SimulatorRunner[] self = new SimulatorRunner[1];
        self[0] = runner(SimulatorConfig.defaults(), r -> {
            collect(r);
            if (sent.size() == 100) {
                self[0].stop();
            }
        });
        self[0].run();

        assertThat(sent).hasSizeBetween(100, 110); // the records of the poll under way still go out
    }

    @Test
    void shouldReportTheIncidentInTheSummary() {
        SimulatorConfig config = SimulatorConfig.defaults().withStopAfter(Duration.ofSeconds(95))
                .withIncident(IncidentConfig.once("paypal", Duration.ofSeconds(30), Duration.ofMinutes(1)));
        runner(config, this::collect).run();

        assertThat(log.get(1)).doesNotContain("incident");
        assertThat(log.get(3)).contains("incident: paypal payments stopped until 2026-11-28T10:01:30Z")
                .contains("incident held");
    }
}
