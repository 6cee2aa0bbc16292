package io.bpmon.core.store;

import java.time.Instant;

/**
 * The running job's acknowledgement of a rule (document {@code <prefix>-rule-status/_doc/<ruleId>}): which version
 * it applies, and since when. The rule editor shows it ("active: v4 since 10:32:05") so a user knows a change is
 * in force.
 *
 * @param subtasks how many of the job's parallel instances applied it
 */
public record RuleStatus(String ruleId, long version, boolean enabled, Instant appliedAt, Integer subtasks) {}
