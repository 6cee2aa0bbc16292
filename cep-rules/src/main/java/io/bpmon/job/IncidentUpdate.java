package io.bpmon.job;

/** A new version of one incident, serialized once in the incidents step, for Elasticsearch (docs/incidents.md). */
public record IncidentUpdate(String id, long revision, byte[] json) {}
