package io.bpmon.core.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the daily roll-up (docs/daily-rollup.md).
 *
 * @param segmentBy the attributes whose values make a segment, in this order (the record key follows it)
 * @param interval  how often a changed (day, segment) is emitted at most (processing time)
 * @param retention how long after its end (event time) a day is kept and recomputed; later changes are dropped
 * @param enabled   false: the job computes no roll-up and writes nothing to its topic (it costs the job a share of its
 *                  CPU per event: docs/daily-rollup.md)
 */
public record RollupConfig(List<String> segmentBy, Duration interval, Duration retention, boolean enabled)
        implements java.io.Serializable {

    public static final List<String> DEFAULT_SEGMENT_BY = List.of("country");
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(40);
    /** More attributes make more segments than a day's roll-up is meant for. */
    public static final int MAX_SEGMENT_ATTRIBUTES = 4;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public RollupConfig {
        if (segmentBy == null || segmentBy.isEmpty()) {
            throw new ConfigException(ConfigLoader.ROLLUP_SEGMENT_BY, "must name at least one attribute");
        }
        if (segmentBy.size() > MAX_SEGMENT_ATTRIBUTES) {
            throw new ConfigException(ConfigLoader.ROLLUP_SEGMENT_BY, "must name at most " + MAX_SEGMENT_ATTRIBUTES
                    + " attributes, was " + segmentBy);
        }
        for (String name : segmentBy) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new ConfigException(ConfigLoader.ROLLUP_SEGMENT_BY,
                        "must be attribute names (letters, digits, '_', '.', '-'), was '" + name + "'");
            }
        }
        if (new HashSet<>(segmentBy).size() != segmentBy.size()) {
            throw new ConfigException(ConfigLoader.ROLLUP_SEGMENT_BY, "names an attribute twice: " + segmentBy);
        }
        segmentBy = List.copyOf(segmentBy);
        Checks.positive(ConfigLoader.ROLLUP_INTERVAL, interval);
        Checks.positive(ConfigLoader.ROLLUP_RETENTION, retention);
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException(ConfigLoader.ROLLUP_RETENTION, "must be at least one day, was " + retention);
        }
    }

    /** An enabled roll-up. */
    public RollupConfig(List<String> segmentBy, Duration interval, Duration retention) {
        this(segmentBy, interval, retention, true);
    }

    public static RollupConfig defaults() {
        return new RollupConfig(DEFAULT_SEGMENT_BY, DEFAULT_INTERVAL, DEFAULT_RETENTION);
    }
}
