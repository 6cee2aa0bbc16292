package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.store.VersionedDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionedDocumentSerializerTest {

    private final VersionedDocumentSerializer serializer = new VersionedDocumentSerializer();

    @Test
    void shouldGiveBackTheDocumentItWasGivenBytesAndOriginsIncluded() throws IOException {
        byte[] json = "{\"orderId\":\"o-1\",\"note\":\"Grüße\"}".getBytes(StandardCharsets.UTF_8);
        VersionedDocument doc = new VersionedDocument("bpmon-orders-2026.12", "o-1", 7, json,
                List.of("bpmon.order-events/0@41", "bpmon.order-events/0@42"));

        VersionedDocument back = serializer.deserialize(serializer.getVersion(), serializer.serialize(doc));

        assertThat(back.index()).isEqualTo("bpmon-orders-2026.12");
        assertThat(back.id()).isEqualTo("o-1");
        assertThat(back.version()).isEqualTo(7);
        assertThat(back.json()).isEqualTo(json);
        assertThat(back.origins()).containsExactly("bpmon.order-events/0@41", "bpmon.order-events/0@42");
    }

    @Test
    void shouldKeepADocumentWithoutOrigins() throws IOException {
        VersionedDocument doc = new VersionedDocument("bpmon-alerts", "a-1", 1, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(serializer.deserialize(1, serializer.serialize(doc)).origins()).isEmpty();
    }

    @Test
    void shouldRefuseAVersionItDoesNotKnow() {
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[0])).isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }
}
