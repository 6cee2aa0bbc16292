package io.bpmon.job;

/** A new version of one alert, serialized once in the evaluator, for Elasticsearch and the alerts topic. */
public record AlertUpdate(String id, long revision, byte[] json) {}
