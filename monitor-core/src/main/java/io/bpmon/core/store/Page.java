package io.bpmon.core.store;

import java.util.List;

/**
 * Some items of a result and how many there are in all.
 *
 * @param next where the next page starts; null on the last page (and for lists that are not paged)
 */
public record Page<T>(List<T> items, long total, Cursor next) {

    public Page {
        items = List.copyOf(items);
    }

    /** A page with no page after it. */
    public Page(List<T> items, long total) {
        this(items, total, null);
    }
}
