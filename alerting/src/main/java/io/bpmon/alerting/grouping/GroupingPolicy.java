package io.bpmon.alerting.grouping;

import io.bpmon.core.config.AlertingConfig;
import java.time.Duration;
import java.util.List;

/**
 * How alerts are grouped into messages, after Alertmanager's {@code group_by}, {@code group_wait},
 * {@code group_interval} and {@code repeat_interval}.
 */
public record GroupingPolicy(List<String> groupBy, Duration groupWait, Duration groupInterval,
        Duration repeatInterval, int samples) {

    public static final int DEFAULT_SAMPLES = 5;

    public GroupingPolicy {
        groupBy = List.copyOf(groupBy);
    }

    public static GroupingPolicy of(AlertingConfig config) {
        return new GroupingPolicy(config.groupBy(), config.groupWait(), config.groupInterval(),
                config.repeatInterval(), DEFAULT_SAMPLES);
    }
}
