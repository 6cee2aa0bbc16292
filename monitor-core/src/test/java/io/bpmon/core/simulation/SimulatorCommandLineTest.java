package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.config.ConfigException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorCommandLineTest {

    @Test
    void shouldUseTheDefaultsWithoutFlags() {
        SimulatorConfig c = SimulatorCommandLine.parse();

        assertThat(c).isEqualTo(SimulatorConfig.defaults());
        assertThat(c.ratePerSecond()).isEqualTo(20);
        assertThat(c.arrivals()).isEqualTo(Arrivals.POISSON);
        assertThat(c.timeScale()).isEqualTo(Pace.DEMO.timeScale());
        assertThat(c.stopAfter()).isNull();
        assertThat(c.seed()).isNull();
        assertThat(c.kafkaBootstrap()).isNull();
        assertThat(c.incident().enabled()).isFalse();
        assertThat(c.trouble()).isEqualTo(TroubleConfig.defaults());
    }

    @Test
    void shouldReadEveryFlag() {
        SimulatorConfig c = SimulatorCommandLine.parse("--rate", "50", "--arrivals", "steady", "--pace", "real",
                "--duration", "PT5M",
                "--seed", "123", "--kafka=broker:9093", "--duplicates", "0.1", "--out-of-order", "0.2",
                "--late", "0.03", "--late-hold", "PT2M", "--malformed", "0.04", "--cancellations", "0.05",
                "--stuck", "0.06", "--returns", "0.07", "--incident-method", "card", "--incident-start", "PT1M",
                "--incident-every", "PT10M", "--incident-duration", "PT3M", "--incident-cancel", "0.5",
                "--summary-every", "PT30S", "--max-in-flight", "1000",
                "--mix", "paymentMethod=card:1,paypal:3", "--mix", "country=DE:1");

        assertThat(c.ratePerSecond()).isEqualTo(50);
        assertThat(c.arrivals()).isEqualTo(Arrivals.STEADY);
        assertThat(c.timeScale()).isEqualTo(1.0);
        assertThat(c.stopAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.seed()).isEqualTo(123L);
        assertThat(c.kafkaBootstrap()).isEqualTo("broker:9093");
        assertThat(c.trouble()).isEqualTo(new TroubleConfig(0.1, 0.2, 0.03, 0.04, 0.05, 0.06, 0.07,
                Duration.ofMinutes(2), TroubleConfig.DEFAULT_DUPLICATE_DELAY_MAX,
                TroubleConfig.DEFAULT_OUT_OF_ORDER_GAP_MAX));
        assertThat(c.incident()).isEqualTo(new IncidentConfig(true, "card", Duration.ofMinutes(1),
                Duration.ofMinutes(10), Duration.ofMinutes(3), 0.5, IncidentConfig.DEFAULT_DRAIN));
        assertThat(c.summaryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxInFlight()).isEqualTo(1000);
        assertThat(c.mix().paymentMethod().share("paypal")).isEqualTo(0.75);
        assertThat(c.mix().country().values()).containsExactly("DE");
    }

    @Test
    void shouldTakeATimeScaleInsteadOfAPace() {
        assertThat(SimulatorCommandLine.parse("--time-scale", "0.01").timeScale()).isEqualTo(0.01);
        assertThat(SimulatorCommandLine.parse("--pace", "demo").timeScale()).isEqualTo(0.001);
    }

    @Test
    void shouldEnableAOneOffIncidentWithDefaults() {
        IncidentConfig i = SimulatorCommandLine.parse("--incident").incident();

        assertThat(i.enabled()).isTrue();
        assertThat(i.paymentMethod()).isEqualTo("paypal");
        assertThat(i.start()).isEqualTo(IncidentConfig.DEFAULT_START);
        assertThat(i.every()).isNull();
        assertThat(i.duration()).isEqualTo(IncidentConfig.DEFAULT_DURATION);
    }

    @Test
    void shouldSwitchAllTroubleOffButReturns() {
        TroubleConfig t = SimulatorCommandLine.parse("--no-trouble").trouble();

        assertThat(t.duplicates() + t.outOfOrder() + t.late() + t.malformed() + t.cancellations() + t.stuck())
                .isZero();
        assertThat(t.returns()).isEqualTo(TroubleConfig.DEFAULT_RETURNS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate abc                                       | --rate: must be a number, was 'abc'",
            "--rate 0                                         | --rate: must be more than 0",
            "--rate                                           | --rate: needs a value",
            "--pace fast                                      | --pace: must be demo or real, was 'fast'",
            "--arrivals bursty                                | --arrivals: must be poisson or steady, was 'bursty'",
            "--pace real --time-scale 0.5                     | --time-scale: give either --pace or --time-scale",
            "--time-scale -1                                  | --time-scale: must be more than 0",
            "--duration 5m                                    | --duration: must be an ISO-8601 duration",
            "--duration PT0S                                  | --duration: must be a positive duration",
            "--seed x1                                        | --seed: must be an integer, was 'x1'",
            "--late 1.5                                       | --late: must be a probability between 0 and 1",
            "--cancellations 0.6 --stuck 0.6                  | --stuck: together with --cancellations",
            "--incident-every PT3M --incident-duration PT5M   | --incident-duration: must be shorter than --incident-every",
            "--incident-method bitcoin                        | --incident-method: 'bitcoin' is not one of the simulated payment methods",
            "--incident-start -PT1M                           | --incident-start: must not be negative",
            "--mix paymentMethod=card                         | --mix: 'card' must look like value:weight",
            "--mix size=s:1                                   | --mix: unknown attribute 'size'",
            "--mix channel=web:0                              | --mix: weight of 'web' must be a positive number",
            "--max-in-flight 0                                | --max-in-flight: must be at least 1",
            "--frobnicate 3                                   | --frobnicate: unknown option",
            "--no-trouble=yes                                 | --no-trouble: takes no value",
    })
    void shouldNameTheFlagOfABadValue(String args, String message) {
        assertThatThrownBy(() -> SimulatorCommandLine.parse(args.trim().split("\\s+")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message.trim());
    }

    @Test
    void shouldDescribeEveryFlagInTheUsage() throws IllegalAccessException {
        for (Field f : SimulatorCommandLine.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("USAGE")
                    && !f.getName().equals("HELP")) {
                assertThat(SimulatorCommandLine.USAGE).contains((String) f.get(null) + " ");
            }
        }
        assertThat(SimulatorCommandLine.wantsHelp(new String[] {"--rate", "3", "--help"})).isTrue();
    }
}
