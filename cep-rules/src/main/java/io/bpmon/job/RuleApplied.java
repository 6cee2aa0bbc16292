package io.bpmon.job;

import io.bpmon.core.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * The job's acknowledgement that it applies a rule version from now on: written to the rule status index, so the
 * rule editor can show "active: v4 since 10:32:05". Every order operator instance sends one per change; the last
 * one written wins, at most milliseconds apart.
 *
 * @param version   the version now in force; for a deleted rule, one more than the last version
 * @param appliedAt wall-clock time the operator finished re-judging its in-flight orders under it
 */
public record RuleApplied(String ruleId, long version, boolean enabled, boolean deleted, long appliedAt) {

    /** The rule status document (index {@code <prefix>-rule-status}, id = rule id). */
    public byte[] json() {
        return Json.writeBytes(Map.of(
                "ruleId", ruleId,
                "version", version,
                "enabled", enabled,
                "deleted", deleted,
                "appliedAt", Instant.ofEpochMilli(appliedAt).toString()));
    }
}
