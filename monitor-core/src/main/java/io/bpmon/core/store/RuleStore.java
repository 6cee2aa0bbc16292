package io.bpmon.core.store;

import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where rules are kept: every version ever stored (the record of truth, since alerts name rule versions), and the
 * current version of each rule that is not deleted.
 */
public interface RuleStore {

    /** The most versions {@link #history} returns. */
    int MAX_HISTORY = 1000;

    /** The current version of the rule; empty if it never existed or is deleted. */
    Optional<Rule> find(String ruleId);

    /** Every current rule, ordered by id. */
    List<Rule> list();

    /** The rule's versions, newest first (at most {@link #MAX_HISTORY}), also after it was deleted. */
    List<RuleVersion> history(String ruleId);

    /**
     * The newest version this id ever had (a {@link RuleVersion.Change#DELETED} one if the rule is deleted now);
     * empty if the id was never used. Changes are numbered after it.
     */
    Optional<RuleVersion> latestVersion(String ruleId);

    /** Every id that has a history: the current rules and the deleted ones. */
    Set<String> ruleIds();

    /**
     * Stores a new version and makes it current ({@link RuleVersion.Change#DELETED}: removes the current rule).
     * Returns once a following {@link #find} or {@link #list} sees it.
     *
     * @throws VersionTakenException when this version number of the rule is already stored: another writer was
     *                               faster, and nothing was changed
     */
    void save(RuleVersion version);

    /** Whether default rules were ever installed into this store (deleted defaults must stay deleted). */
    boolean defaultsInstalled();

    /** Records that the default rules {@code ruleSet} were installed; a second call changes nothing. */
    void markDefaultsInstalled(String ruleSet, Instant at);

    /** Two writers computed the same next version of a rule; the later one lost. */
    final class VersionTakenException extends RuntimeException {
        public VersionTakenException(String ruleId, long version) {
            super("version " + version + " of rule " + ruleId + " is already stored");
        }
    }
}
