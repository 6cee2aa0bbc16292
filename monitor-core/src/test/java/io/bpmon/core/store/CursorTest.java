package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursor a list hands out as {@code next} and takes back as {@code after}: opaque, but checked. */
class CursorTest {

    private static final Instant AS_OF = Instant.parse("2026-12-05T10:00:00Z");
    private static final Cursor ORDERS = new Cursor("orders", "abcDEF012_-x", AS_OF,
            Arrays.asList(1_764_928_800_000L, "o-17", null, 42L), "pit+id/with=chars", 50);

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        String text = ORDERS.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+").as("safe in a URL without escaping");
        assertThat(Cursor.decode(text)).isEqualTo(ORDERS);
        Cursor live = new Cursor("alerts", "q", null, List.of(5L, "a-1"), null, 0);
        assertThat(Cursor.decode(live.encode())).isEqualTo(live);
    }

    @Test
    void shouldBeAStringInJson() throws Exception {
        Page<String> page = new Page<>(List.of("x"), 3, ORDERS);

        String json = Json.write(page);

        assertThat(json).isEqualTo("{\"items\":[\"x\"],\"total\":3,\"next\":\"" + ORDERS.encode() + "\"}");
        assertThat(Json.write(new Page<>(List.of("x"), 1))).as("no next on the last page")
                .isEqualTo("{\"items\":[\"x\"],\"total\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "%%%", "bm90LWpzb24", "W10", "e30"})
    void shouldRefuseTextThatIsNoCursor(String text) {
        assertThatThrownBy(() -> Cursor.decode(text)).isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void shouldRefuseCursorsWithAWrongOrMissingPart() {
        String good = "\"l\":\"orders\",\"q\":\"abc\",\"a\":[1,\"o-1\"],\"n\":0";
        assertThat(Cursor.decode(base64("{\"v\":1," + good + "}")).after()).containsExactly(1L, "o-1");
        for (String bad : List.of("{\"v\":2," + good + "}", "{" + good + "}", "{\"v\":1," + good + ",\"x\":1}",
                "{\"v\":1,\"l\":\"Orders!\",\"q\":\"abc\",\"a\":[1],\"n\":0}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"a b\",\"a\":[1],\"n\":0}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[],\"n\":0}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[{\"x\":1}],\"n\":0}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[[1]],\"n\":0}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[1],\"n\":-1}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[1],\"n\":\"0\"}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[1],\"n\":0,\"t\":\"yesterday\"}",
                "{\"v\":1,\"l\":\"orders\",\"q\":\"abc\",\"a\":[1],\"n\":0,\"p\":\"no spaces\"}",
                "{\"v\":1," + good + "} {}")) {
            assertThatThrownBy(() -> Cursor.decode(base64(bad))).as(bad)
                    .isInstanceOf(Cursor.InvalidCursorException.class)
                    .hasMessageStartingWith("not a cursor of this server");
        }
        assertThatThrownBy(() -> Cursor.decode("a".repeat(Cursor.MAX_LENGTH + 1)))
                .isInstanceOf(Cursor.InvalidCursorException.class).hasMessageContaining("longer than");
    }

    @Test
    void shouldRefuseACursorOfAnotherListOrOfOtherFilters() {
        assertThatThrownBy(() -> ORDERS.checkFor("alerts", ORDERS.query()))
                .isInstanceOf(Cursor.InvalidCursorException.class)
                .hasMessage("a cursor of the orders list, not of alerts");
        assertThatThrownBy(() -> ORDERS.checkFor("orders", "other"))
                .isInstanceOf(Cursor.InvalidCursorException.class)
                .hasMessageStartingWith("a cursor of other filters or another sort");
        assertThat(ORDERS.checkFor("orders", ORDERS.query())).isSameAs(ORDERS);
    }

    @Test
    void shouldTellQueriesApartByFingerprintRegardlessOfMapOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(Cursor.fingerprint("x", ab)).isEqualTo(Cursor.fingerprint("x", ba));
        assertThat(Cursor.fingerprint(Optional.empty(), "x")).isEqualTo(Cursor.fingerprint("", "x"));
        assertThat(Cursor.fingerprint("ab", "c")).isNotEqualTo(Cursor.fingerprint("a", "bc"));
        assertThat(Cursor.fingerprint(Optional.of(AlertStatus.OPEN))).isNotEqualTo(Cursor.fingerprint(
                Optional.of(AlertStatus.RESOLVED)));
    }

    @Test
    void shouldContinueAWalkWithItsListQueryAndMoment() {
        Cursor.Walk first = Cursor.Walk.start("orders", "q1", AS_OF, Optional.empty());
        Cursor one = first.next(List.of(3L, "o-3"), "pit-1", 25);

        Cursor.Walk second = Cursor.Walk.start("orders", "q1", AS_OF.plusSeconds(600), Optional.of(one));
        Cursor two = second.next(List.of(2L, "o-9"), "pit-2", 25);

        assertThat(one).isEqualTo(new Cursor("orders", "q1", AS_OF, List.of(3L, "o-3"), "pit-1", 25));
        assertThat(second.asOf()).as("a walk keeps the moment of its first page").isEqualTo(AS_OF);
        assertThat(second.pointInTime()).contains("pit-1");
        assertThat(two.position()).isEqualTo(50);
        assertThatThrownBy(() -> Cursor.Walk.start("orders", "q2", AS_OF, Optional.of(one)))
                .isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void shouldTieAnAlertCursorToItsFilters() {
        AlertQuery open = new AlertQuery(Optional.of(AlertStatus.OPEN), Optional.of("pay"), Optional.empty(), 10);
        Cursor next = open.walk().next(List.of(1L, "a-1"), null, 10);

        assertThat(open.after(Optional.of(next)).walk().after()).contains(next);
        assertThat(new AlertQuery(Optional.of(AlertStatus.OPEN), Optional.of("pay"), Optional.empty(), 500)
                .after(Optional.of(next)).walk().after()).as("another page size is the same walk").contains(next);
        assertThatThrownBy(() -> new AlertQuery(Optional.of(AlertStatus.RESOLVED), Optional.of("pay"),
                Optional.empty(), 10).after(Optional.of(next)).walk())
                .isInstanceOf(Cursor.InvalidCursorException.class);
        assertThatThrownBy(() -> new OrderQuery(Optional.empty(), 10, Optional.of(next)).walk())
                .isInstanceOf(Cursor.InvalidCursorException.class).hasMessageContaining("alerts list");
    }
}
