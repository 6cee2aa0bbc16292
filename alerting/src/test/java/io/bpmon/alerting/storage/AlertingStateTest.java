package io.bpmon.alerting.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.json.Json;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The saved state is read back by the next version after an upgrade: a document as bpmon 0.1 wrote it (taken from a
 * real run, with an undelivered message added) must load with nothing lost and be written back unchanged.
 */
class AlertingStateTest {

    @Test
    void shouldReadAStateSavedByTheFirstVersionAndWriteItBackUnchanged() throws Exception {
        byte[] saved;
        try (InputStream in = getClass().getResourceAsStream("state-saved-by-0.1.json")) {
            saved = in.readAllBytes();
        }

        AlertingState state = Json.mapper().readValue(saved, AlertingState.class);

        assertThat(state.grouping().groups()).containsOnlyKeys("payment-30m|country=DE|>email,slack");
        assertThat(state.grouping().lateSkipped()).isEqualTo(3);
        assertThat(state.outbox()).singleElement().satisfies(p -> {
            assertThat(p.id()).endsWith("#1:slack");
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(p.notification().samples()).hasSize(1);
        });
        assertThat(state.offsets()).containsEntry(1, 63L);
        assertThat(Json.readTree(Json.writeBytes(state))).isEqualTo(Json.readTree(saved));
    }
}
