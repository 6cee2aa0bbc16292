package io.bpmon.alerting.silences;

import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.min;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceTest {

    private final Silence silence = new Silence("s", "payment", Map.of("country", "DE", "channel", "app"), T0,
            at(min(60)), "maintenance", "ops", T0);

    @Test
    void shouldMuteOnlyMatchingRuleAndEveryAttributeWhileActive() {
        Map<String, String> match = Map.of("country", "DE", "channel", "app", "carrier", "dhl");

        assertThat(silence.mutes("payment", match, at(min(1)))).isTrue();
        assertThat(silence.mutes("other", match, at(min(1)))).isFalse();
        assertThat(silence.mutes("payment", Map.of("country", "DE"), at(min(1)))).isFalse();
        assertThat(silence.mutes("payment", Map.of("country", "FR", "channel", "app"), at(min(1)))).isFalse();
        assertThat(silence.mutes("payment", match, at(min(60)))).isFalse();
        assertThat(silence.mutes("payment", match, T0.minusSeconds(1))).isFalse();
    }

    @Test
    void shouldMuteEveryRuleWhenNoRuleIsGiven() {
        Silence any = new Silence("s", null, Map.of("country", "DE"), T0, at(min(5)), "", "ops", T0);

        assertThat(any.mutes("whatever", Map.of("country", "DE"), T0)).isTrue();
    }

    @Test
    void shouldEndWhenExpired() {
        Silence expired = silence.expired(at(min(10)));

        assertThat(expired.endsAt()).isEqualTo(at(min(10)));
        assertThat(expired.mutes("payment", Map.of("country", "DE", "channel", "app"), at(min(11)))).isFalse();
        assertThat(silence.expired(at(min(90))).endsAt()).isEqualTo(at(min(60)));
    }
}
