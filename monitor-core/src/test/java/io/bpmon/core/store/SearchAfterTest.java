package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure part of keyset paging: a cursor's values against a list's sort, and one page cut from an answer. */
class SearchAfterTest {

    private static final List<SearchAfter.Key> KEYS = List.of(new SearchAfter.Key("updatedAt", false,
            FieldType.Date), new SearchAfter.Key("orderId", true, FieldType.Keyword), SearchAfter.SHARD_DOC);

    private static Cursor cursor(Object... values) {
        return new Cursor("orders", "q", null, Arrays.asList(values), "pit", 0);
    }

    @Test
    void shouldPassTheCursorsValuesAsSearchAfter() {
        assertThat(SearchAfter.values(cursor(1_000L, "o-1", 7L), KEYS)).extracting(v -> v._kind() + ":" + v._get())
                .containsExactly("Long:1000", "String:o-1", "Long:7");
        assertThat(SearchAfter.values(cursor(1_000L, null, 7L), KEYS)).extracting(FieldValue::_kind)
                .as("an order without the keyword").containsExactly(FieldValue.Kind.Long, FieldValue.Kind.Null,
                        FieldValue.Kind.Long);
    }

    @Test
    void shouldRefuseValuesThatDoNotFitTheSort() {
        for (Cursor bad : List.of(cursor(1_000L, "o-1"), cursor("yesterday", "o-1", 7L), cursor(1_000L, 5L, 7L),
                cursor(1_000L, "o-1", 7L, 8L), cursor(1.5, "o-1", 7L))) {
            assertThatThrownBy(() -> SearchAfter.values(bad, KEYS)).as(bad.after().toString())
                    .isInstanceOf(Cursor.InvalidCursorException.class)
                    .hasMessageStartingWith("not a cursor of this list's sort");
        }
    }

    @Test
    void shouldReadTheAnswersSortValuesBack() {
        assertThat(SearchAfter.sortValues(List.of(FieldValue.of(1_000L), FieldValue.of("o-1"), FieldValue.NULL,
                FieldValue.of(true), FieldValue.of(2.5)))).containsExactly(1_000L, "o-1", null, true, 2.5);
    }

    @Test
    void shouldCutAPageAndSayWhereTheNextStarts() {
        List<String> items = List.of("a", "b", "c");
        List<List<Object>> sorts = List.of(List.of(3L), List.of(2L), List.of(1L));

        SearchAfter.Cut<String> more = SearchAfter.cut(items, sorts, 2);
        SearchAfter.Cut<String> last = SearchAfter.cut(items, sorts, 3);
        SearchAfter.Cut<String> none = SearchAfter.cut(items, sorts, 0);

        assertThat(more.items()).containsExactly("a", "b");
        assertThat(more.lastSortValues()).as("after the page's last item, not the extra one").containsExactly(2L);
        assertThat(last.items()).containsExactly("a", "b", "c");
        assertThat(last.more()).as("an answer no longer than the page is the last page").isFalse();
        assertThat(none.items()).isEmpty();
        assertThat(none.more()).as("limit 0 counts only").isFalse();
    }
}
