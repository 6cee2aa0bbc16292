package io.bpmon.core.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One entry of a rule's history: what changed, when, by whom, and the whole rule as it was after the change. Every
 * version number a rule ever had stays here, also after the rule is deleted, so an alert's {@code ruleVersion}
 * always names exactly one rule text.
 *
 * @param rule the rule stamped with this version; for {@link Change#DELETED} the rule as it was when deleted
 */
public record RuleVersion(String ruleId, long version, Change change, Instant changedAt, String changedBy, Rule rule) {

    /** What a version did to the rule. */
    public enum Change {
        /** The first version of a rule id. */
        CREATED,
        /** An edit of the current rule (including enabling or disabling it). */
        UPDATED,
        /** The rule was deleted; the id keeps its history and its version numbers. */
        DELETED,
        /** A rule was created again under an id that had been deleted: numbering continues after the deletion. */
        RESTORED
    }

    /** Whether this version deleted the rule (so the id is free for a new rule). */
    @JsonIgnore
    public boolean isDeletion() {
        return change == Change.DELETED;
    }

    /** The version that gives {@code rule} (already stamped with its version, time and author) this change. */
    public static RuleVersion of(Change change, Rule rule) {
        return new RuleVersion(rule.id(), rule.version(), change, rule.updatedAt(), rule.updatedBy(), rule);
    }
}
