package io.bpmon.core.rules.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.kafka.RulePublisher;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleDiff;
import io.bpmon.core.rules.RuleSet;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.store.RuleStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Creating, editing and deleting rules (docs/contract.md): validates, numbers each change (+1, also across
 * a deletion, so an alert's {@code ruleVersion} is never ambiguous), stores it, then publishes it to the job.
 *
 * <p>The store is the record of truth and is written first; publishing is the job's copy. A publish that fails
 * (Kafka down) does not undo or refuse the change: it is reported to {@code warnings} and
 * {@link #retryFailedPublishes()} sends everything again later, as {@link #republishAll()} does at every start.
 * Publishing always sends what is current in the store, one change at a time, so a slow publish of an older
 * version can never overtake a newer one on the (single-partition) rules topic.
 */
public final class RuleService {

    private final RuleValidator validator;
    private final RuleStore store;
    private final RulePublisher publisher;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final Object publishing = new Object();
    private volatile boolean republishNeeded;

    public RuleService(RuleValidator validator, RuleStore store, RulePublisher publisher, Clock clock,
            Consumer<String> warnings) {
        this.validator = validator;
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.warnings = warnings;
    }

    public List<Rule> list() {
        return store.list();
    }

    public Optional<Rule> get(String ruleId) {
        return isRuleId(ruleId) ? store.find(ruleId) : Optional.empty();
    }

    /** Every version of the rule, newest first, including its deletion; empty if the id was never used. */
    public List<RuleVersion> history(String ruleId) {
        return isRuleId(ruleId) ? store.history(ruleId) : List.of();
    }

    /** One version of the rule, as stored; empty if the rule never had it. */
    public Optional<RuleVersion> version(String ruleId, long version) {
        return history(ruleId).stream().filter(v -> v.version() == version).findFirst();
    }

    /**
     * What changed from version {@code older} to version {@code newer} of the rule.
     *
     * @throws RuleChangeException NOT_FOUND when the rule never had one of the versions
     */
    public List<RuleDiff.Change> diff(String ruleId, long older, long newer) {
        Rule a = version(ruleId, older).orElseThrow(() -> RuleChangeException.notFound(ruleId + " version " + older))
                .rule();
        Rule b = version(ruleId, newer).orElseThrow(() -> RuleChangeException.notFound(ruleId + " version " + newer))
                .rule();
        return RuleDiff.between(a, b);
    }

    /**
     * Makes an old version's content current again, as a new version (numbers only ever grow, so alerts keep
     * naming exactly one rule text). The content is validated again: a lifecycle changed since may refuse it. If
     * the rule is deleted now, this recreates it ({@link RuleVersion.Change#RESTORED}).
     *
     * @throws RuleChangeException NOT_FOUND (no such version), INVALID or CHANGED_CONCURRENTLY
     */
    public Rule restore(String ruleId, long version, String author) {
        RuleVersion old = version(ruleId, version)
                .orElseThrow(() -> RuleChangeException.notFound(ruleId + " version " + version));
        ObjectNode content = io.bpmon.core.json.Json.mapper().valueToTree(old.rule());
        boolean live = store.latestVersion(ruleId).filter(v -> !v.isDeletion()).isPresent();
        return live ? update(ruleId, content, author) : create(content, author);
    }

    /**
     * Stores a new rule as version 1, or, if its id belonged to a deleted rule, as the version after the deletion.
     *
     * @throws RuleChangeException INVALID, ALREADY_EXISTS or CHANGED_CONCURRENTLY
     */
    public Rule create(JsonNode input, String author) {
        Rule rule = valid(validator.validate(input));
        Optional<RuleVersion> latest = store.latestVersion(rule.id());
        if (latest.isPresent() && !latest.get().isDeletion()) {
            throw RuleChangeException.alreadyExists(rule.id());
        }
        return latest.isEmpty()
                ? save(rule, 1, RuleVersion.Change.CREATED, author)
                : save(rule, latest.get().version() + 1, RuleVersion.Change.RESTORED, author);
    }

    /**
     * Replaces the rule with {@code input} as its next version. The input may leave out the id; if it names one, it
     * must be this one.
     *
     * @throws RuleChangeException NOT_FOUND, INVALID or CHANGED_CONCURRENTLY
     */
    public Rule update(String ruleId, JsonNode input, String author) {
        RuleVersion latest = latestLive(ruleId);
        List<FieldError> errors = new ArrayList<>();
        JsonNode named = input == null ? null : input.get("id");
        if (named != null && !named.isNull() && !(named.isTextual() && named.asText().equals(ruleId))) {
            errors.add(new FieldError("id", "must be '" + ruleId + "' as in the path, or absent; a rule's id "
                    + "cannot change"));
        }
        JsonNode withId = input;
        if (input != null && input.isObject()) { // else the validator names the problem
            ObjectNode copy = ((ObjectNode) input).deepCopy();
            copy.put("id", ruleId); // without it the validator would derive an id from the name
            withId = copy;
        }
        ValidationResult<Rule> result = validator.validate(withId);
        errors.addAll(result.errors());
        if (!errors.isEmpty()) {
            throw RuleChangeException.invalid(errors);
        }
        Rule rule = result.value();
        return save(rule, latest.version() + 1, RuleVersion.Change.UPDATED, author);
    }

    /**
     * Deletes the rule; its history stays, ending in a {@link RuleVersion.Change#DELETED} version.
     *
     * @throws RuleChangeException NOT_FOUND or CHANGED_CONCURRENTLY
     */
    public void delete(String ruleId, String author) {
        RuleVersion latest = latestLive(ruleId);
        save(latest.rule(), latest.version() + 1, RuleVersion.Change.DELETED, author);
    }

    /**
     * Installs a set of default rules, unless default rules were installed into this store before: a default rule
     * a user deleted must stay deleted across restarts. A rule whose id is or was in use is left alone. Safe to run
     * from several servers at once.
     *
     * @return how many rules were installed
     */
    public int installDefaults(RuleSet defaults) {
        if (store.defaultsInstalled()) {
            return 0;
        }
        int installed = 0;
        for (Rule rule : defaults.rules()) {
            if (store.latestVersion(rule.id()).isPresent()) {
                continue;
            }
            try {
                save(rule, 1, RuleVersion.Change.CREATED, "default rules (" + defaults.name() + ")");
                installed++;
            } catch (RuleChangeException e) {
                // another server installed it at the same moment
            }
        }
        // marked last: if installing fails halfway, the next start installs the rest
        store.markDefaultsInstalled(defaults.name(), clock.instant());
        return installed;
    }

    /**
     * Publishes every current rule, and a tombstone for every deleted one, so the job has exactly the stored rules
     * even if an earlier publish was lost. Called when the web server starts.
     *
     * @return how many current rules were published
     * @throws RulePublisher.PublishException when the broker did not take them; {@link #retryFailedPublishes()}
     *                                        then tries again
     */
    public int republishAll() {
        synchronized (publishing) {
            republishNeeded = true; // until this pass is complete
            List<Rule> current = store.list();
            Set<String> deleted = new TreeSet<>(store.ruleIds());
            List<String> failed = new ArrayList<>();
            RuntimeException firstFailure = null;
            for (Rule rule : current) {
                deleted.remove(rule.id());
                // one rule the broker refuses must not keep every rule after it from the job
                try {
                    publisher.publish(rule);
                } catch (RuntimeException e) {
                    failed.add(rule.id());
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
            for (String ruleId : deleted) {
                try {
                    publisher.deleted(ruleId);
                } catch (RuntimeException e) {
                    failed.add(ruleId);
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
            if (!failed.isEmpty()) {
                throw new RulePublisher.PublishException("rules " + failed + " did not reach the job, the other "
                        + (current.size() + deleted.size() - failed.size()) + " did: " + firstFailure.getMessage(),
                        firstFailure);
            }
            republishNeeded = false;
            return current.size();
        }
    }

    /**
     * Runs {@link #republishAll()} if a publish failed since the last complete one; cheap otherwise. Meant to be
     * called periodically.
     *
     * @return whether it published
     */
    public boolean retryFailedPublishes() {
        if (!republishNeeded) {
            return false;
        }
        republishAll();
        return true;
    }

    /** Whether some change is stored but may not have reached the job yet. */
    public boolean republishNeeded() {
        return republishNeeded;
    }

    private Rule save(Rule rule, long version, RuleVersion.Change change, String author) {
        Rule stored = rule.withVersion(version, clock.instant(), author);
        try {
            store.save(RuleVersion.of(change, stored));
        } catch (RuleStore.VersionTakenException e) {
            throw RuleChangeException.changedConcurrently(rule.id());
        }
        publishCurrent(rule.id());
        return stored;
    }

    /** Sends what the store holds now, not the version just saved: a concurrent newer change must win. */
    private void publishCurrent(String ruleId) {
        synchronized (publishing) {
            try {
                Optional<Rule> current = store.find(ruleId);
                if (current.isPresent()) {
                    publisher.publish(current.get());
                } else {
                    publisher.deleted(ruleId);
                }
            } catch (RuntimeException e) { // the publisher's or the store's: the change is stored either way
                republishNeeded = true;
                warnings.accept("rule " + ruleId + " is stored but was not published to the job ("
                        + e.getMessage() + "); all rules will be published again");
            }
        }
    }

    /**
     * The newest version of a rule that exists now. Read from the history, not the current rules: a change is
     * numbered after the newest version, and a rule deleted meanwhile by someone else is not found.
     */
    private RuleVersion latestLive(String ruleId) {
        return (isRuleId(ruleId) ? store.latestVersion(ruleId) : Optional.<RuleVersion>empty())
                .filter(v -> !v.isDeletion())
                .orElseThrow(() -> RuleChangeException.notFound(ruleId));
    }

    private static Rule valid(ValidationResult<Rule> result) {
        if (!result.isValid()) {
            throw RuleChangeException.invalid(result.errors());
        }
        return result.value();
    }

    /** Anything else can never have been stored; answering "not found" spares the store a malformed request. */
    private static boolean isRuleId(String ruleId) {
        return ruleId != null && RuleValidator.ID.matcher(ruleId).matches();
    }
}
