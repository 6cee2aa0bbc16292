package io.bpmon.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreRefusalDeadLettersTest {

    @Test
    void shouldReadTheOriginTheJobStampsOnEvents() {
        assertThat(StoreRefusalDeadLetters.Origin.parse("bpmon.order-events/2@1234"))
                .isEqualTo(new StoreRefusalDeadLetters.Origin("bpmon.order-events", 2, 1234));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bpmon.order-events", "/2@3", "t/@3", "t/2@", "t/x@3", "t/2@y", "t@3/2"})
    void shouldRefuseWhatIsNoOrigin(String origin) {
        assertThat(StoreRefusalDeadLetters.Origin.parse(origin)).isNull();
    }
}
