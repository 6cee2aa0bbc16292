package io.bpmon.core.store;

/**
 * A document to index with an external version: Elasticsearch keeps it only if {@code version} is higher than
 * the stored one, so a replayed or reordered older write can never replace a newer document.
 */
public record VersionedDocument(String index, String id, long version, byte[] json) {}
