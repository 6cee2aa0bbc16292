package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesControllerTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Jörg Müller", "ops@example.com", "a"})
    void shouldRecordTheNamedUserAsAuthor(String user) {
        assertThat(RulesController.author(user)).isEqualTo(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"  alice  ", "\talice"})
    void shouldStripTheName(String user) {
        assertThat(RulesController.author(user)).isEqualTo("alice");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "ali\u0000ce", "ali\nce", "ali\u200Bce", "x\u0085"})
    void shouldRecordApiWhenTheHeaderIsMissingOrNotPrintable(String user) {
        assertThat(RulesController.author(user)).isEqualTo("api");
    }

    @Test
    void shouldAcceptAtMost100Characters() {
        assertThat(RulesController.author("a".repeat(100))).hasSize(100);
        assertThat(RulesController.author("a".repeat(101))).isEqualTo("api");
    }
}
