package io.bpmon.web;

import io.bpmon.core.kafka.RulePublisher;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.store.RuleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link RuleStore} in memory for the webapp's page and controller tests, with a switch to lose the next save to
 * another writer (a concurrent change), and a {@link RulePublisher} that drops what it is given.
 */
public final class MemoryRuleStore implements RuleStore {

    private final Map<String, List<RuleVersion>> versions = new TreeMap<>();
    private boolean loseNextSave;

    /** The next {@link #save} finds its version taken, as when another web server stored it an instant earlier. */
    public void loseNextSave() {
        loseNextSave = true;
    }

    /** A publisher for a {@link io.bpmon.core.rules.service.RuleService} over this store: the job is not part of the test. */
    public static RulePublisher noJob() {
        return new RulePublisher() {
            @Override
            public void publish(Rule rule) {}

            @Override
            public void deleted(String ruleId) {}

            @Override
            public void close() {}
        };
    }

    @Override
    public Optional<Rule> find(String ruleId) {
        return latestVersion(ruleId).filter(v -> !v.isDeletion()).map(RuleVersion::rule);
    }

    @Override
    public List<Rule> list() {
        return versions.keySet().stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public List<RuleVersion> history(String ruleId) {
        return versions.getOrDefault(ruleId, List.of()).stream()
                .sorted(Comparator.comparingLong(RuleVersion::version).reversed()).toList();
    }

    @Override
    public Optional<RuleVersion> latestVersion(String ruleId) {
        return history(ruleId).stream().findFirst();
    }

    @Override
    public Set<String> ruleIds() {
        return versions.keySet();
    }

    @Override
    public void save(RuleVersion version) {
        boolean taken = history(version.ruleId()).stream().anyMatch(v -> v.version() == version.version());
        if (taken || loseNextSave) {
            loseNextSave = false;
            throw new VersionTakenException(version.ruleId(), version.version());
        }
        versions.computeIfAbsent(version.ruleId(), id -> new ArrayList<>()).add(version);
    }

    @Override
    public boolean defaultsInstalled() {
        return true;
    }

    @Override
    public void markDefaultsInstalled(String ruleSet, Instant at) {}
}
