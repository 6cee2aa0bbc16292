package io.bpmon.job;

/**
 * One order's contribution to the daily roll-up replaced: {@code before} out of the (day, segment) {@code key},
 * {@code after} in (docs/daily-rollup.md). Both are encoded {@link io.bpmon.core.rollup.RollupContribution}s of that
 * key; either may be null (an order new to the key, or one that moved to another day or segment).
 */
public record RollupDelta(String key, byte[] before, byte[] after) {}
