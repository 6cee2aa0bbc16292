package io.bpmon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertingConfigLoaderTest {

    private static AlertingConfig load(String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return ConfigLoader.from(env).alerting();
    }

    @Test
    void shouldDefaultToAlertmanagerLikeGroupingInProcess() {
        AlertingConfig config = load();

        assertThat(config.groupBy()).containsExactly("country");
        assertThat(config.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(config.routes()).isEmpty();
        assertThat(config.inProcess()).isTrue();
        assertThat(config.channels()).isEmpty();
    }

    @Test
    void shouldReadGroupingRoutesAndCredentials() {
        AlertingConfig config = load(
                ConfigLoader.ALERT_GROUP_BY, "country, paymentMethod",
                ConfigLoader.ALERT_GROUP_WAIT, "PT5S",
                ConfigLoader.ALERT_GROUP_INTERVAL, "PT1M",
                ConfigLoader.ALERT_REPEAT_INTERVAL, "PT1H",
                ConfigLoader.ALERTING, "off",
                ConfigLoader.SMTP_HOST, "mail", ConfigLoader.ALERT_EMAIL_TO, "ops@example.com",
                ConfigLoader.ALERT_EMAIL_FROM, "bpmon@example.com",
                ConfigLoader.SMTP_USER, "bpmon", ConfigLoader.SMTP_PASSWORD, "pw",
                ConfigLoader.ALERT_ROUTES, "[{\"ruleId\":\"payment-30m\",\"severities\":[\"CRITICAL\"],"
                        + "\"scope\":{\"country\":[\"DE\",\"AT\"]},\"channels\":[\"slack\"]},{\"channels\":[]}]");

        assertThat(config.groupBy()).containsExactly("country", "paymentMethod");
        assertThat(config.groupWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.inProcess()).isFalse();
        assertThat(config.channels()).containsExactly("email");
        assertThat(config.smtpPassword()).contains("pw");
        assertThat(config.toString()).doesNotContain("pw,").contains("smtpPassword=<set>");
        assertThat(config.routes()).containsExactly(
                new AlertRoute(Optional.of("payment-30m"), Set.of(Severity.CRITICAL),
                        Map.of("country", List.of("DE", "AT")), List.of("slack")),
                new AlertRoute(Optional.empty(), Set.of(), Map.of(), List.of()));
    }

    @Test
    void shouldNameTheRouteAndFieldOfABadRoute() {
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_ROUTES, "[{\"channels\":[\"slack\"]},{\"channels\":[\"sms\"]}]"))
                .hasMessageContaining("BPMON_ALERT_ROUTES").hasMessageContaining("[1].channels")
                .hasMessageContaining("sms");
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_ROUTES, "[{\"severities\":[\"LOUD\"],\"channels\":[]}]"))
                .hasMessageContaining("[0].severities");
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_ROUTES, "[{\"rule\":\"x\",\"channels\":[]}]"))
                .hasMessageContaining("[0].rule");
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_ROUTES, "[{}]")).hasMessageContaining("[0].channels");
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_ROUTES, "{not json")).hasMessageContaining("JSON");
        assertThatThrownBy(() -> load(ConfigLoader.ALERT_GROUP_INTERVAL, "PT0S"))
                .hasMessageContaining("BPMON_ALERT_GROUP_INTERVAL");
        assertThatThrownBy(() -> load(ConfigLoader.ALERTING, "maybe")).hasMessageContaining("BPMON_ALERTING");
        assertThatThrownBy(() -> load(ConfigLoader.SMTP_HOST, "mail", ConfigLoader.ALERT_EMAIL_TO, "a@b.c"))
                .hasMessageContaining("BPMON_ALERT_EMAIL_FROM");
    }
}
