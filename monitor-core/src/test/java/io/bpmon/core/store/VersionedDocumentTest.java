package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionedDocumentTest {

    private static VersionedDocument version(long v, String... origins) {
        return new VersionedDocument("i", "o-1", v, new byte[] {(byte) v}, List.of(origins));
    }

    @Test
    void shouldKeepTheNewerVersionWithTheOriginsOfBoth() {
        VersionedDocument merged = version(3, "t/0@3").newerWithOriginsOf(version(4, "t/0@4"));

        assertThat(merged.version()).isEqualTo(4);
        assertThat(merged.json()).containsExactly(4);
        assertThat(merged.origins()).containsExactly("t/0@3", "t/0@4");
    }

    @Test
    void shouldKeepTheOriginOfAnOlderVersionArrivingLate() {
        // a replay can bring an older version after a newer one: its event still needs a dead letter if refused
        VersionedDocument merged = version(4, "t/0@4").newerWithOriginsOf(version(3, "t/1@9"));

        assertThat(merged.version()).isEqualTo(4);
        assertThat(merged.origins()).containsExactly("t/0@4", "t/1@9");
    }

    @Test
    void shouldLeaveDocumentsWithoutOriginsAsTheyAre() {
        VersionedDocument alert = new VersionedDocument("alerts", "a-1", 2, new byte[0]);

        assertThat(alert.origins()).isEmpty();
        assertThat(alert.newerWithOriginsOf(new VersionedDocument("alerts", "a-1", 1, new byte[0]))).isSameAs(alert);
    }

    @Test
    void shouldPhraseTheStoresRefusalForPeople() throws Exception {
        String error = """
                {"type":"document_parsing_exception","reason":"[1:42] failed to parse field [status] of type [integer]",
                 "caused_by":{"type":"number_format_exception","reason":"For input string: \\"PAID\\""}}""";

        assertThat(Elasticsearch.reason(ErrorCause.of(e -> e.withJson(new StringReader(error))))).isEqualTo(
                "document_parsing_exception: [1:42] failed to parse field [status] of type [integer] "
                        + "(number_format_exception: For input string: \"PAID\")");
    }
}
