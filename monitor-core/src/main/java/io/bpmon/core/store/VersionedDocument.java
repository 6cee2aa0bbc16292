package io.bpmon.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A document to index with an external version: Elasticsearch keeps it only if {@code version} is higher than
 * the stored one, so a replayed or reordered older write can never replace a newer document.
 *
 * @param origins where the inputs that made this version came from (e.g. {@code bpmon.order-events/0@42}): should the
 *                store refuse the document, they are what goes to the dead-letter topic
 */
public record VersionedDocument(String index, String id, long version, byte[] json, List<String> origins) {

    public VersionedDocument {
        origins = List.copyOf(origins);
    }

    public VersionedDocument(String index, String id, long version, byte[] json) {
        this(index, id, version, json, List.of());
    }

    /** The newer of this and {@code other} (same document), carrying the origins of both. */
    VersionedDocument newerWithOriginsOf(VersionedDocument other) {
        VersionedDocument newer = other.version > version ? other : this;
        if (other.origins.isEmpty() && newer == this) {
            return this;
        }
        List<String> both = new ArrayList<>(origins.size() + other.origins.size());
        both.addAll(origins);
        both.addAll(other.origins);
        return new VersionedDocument(newer.index, newer.id, newer.version, newer.json, both);
    }
}
