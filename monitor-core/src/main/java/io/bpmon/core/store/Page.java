package io.bpmon.core.store;

import java.util.List;

/** Some items of a result and how many there are in all. */
public record Page<T>(List<T> items, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
