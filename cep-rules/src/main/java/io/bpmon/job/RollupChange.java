package io.bpmon.job;

/**
 * A new revision of one (day, segment) for the topic {@code bpmon.daily-rollup} (docs/daily-rollup.md).
 *
 * @param json the record ({@link io.bpmon.core.rollup.DailyRollup}); null for a tombstone (no order left)
 */
public record RollupChange(String key, long revision, byte[] json) {}
