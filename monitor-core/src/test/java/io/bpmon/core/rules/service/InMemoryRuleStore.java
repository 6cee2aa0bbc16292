package io.bpmon.core.rules.service;

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
import java.util.TreeSet;

/** {@link RuleStore} in memory, with the same version rules as Elasticsearch: one writer per version number. */
final class InMemoryRuleStore implements RuleStore {

    private final Map<String, Rule> current = new TreeMap<>();
    private final Map<String, List<RuleVersion>> versions = new TreeMap<>();
    private String defaultsMarker;
    /** Versions another writer "stores" just before the next save, to play a lost race. */
    private final List<RuleVersion> racingWriters = new ArrayList<>();
    int saves;

    /** The next {@link #save} loses against a writer that stored {@code version} an instant earlier. */
    void raceNextSaveWith(RuleVersion version) {
        racingWriters.add(version);
    }

    /** What the store holds, as a test may set it up directly (e.g. a lagging current document). */
    void put(RuleVersion version) {
        versions.computeIfAbsent(version.ruleId(), id -> new ArrayList<>()).add(version);
        if (version.isDeletion()) {
            current.remove(version.ruleId());
        } else {
            current.put(version.ruleId(), version.rule());
        }
    }

    /** A version in the history that did not become current (the second write of a save failed). */
    void putVersionOnly(RuleVersion version) {
        versions.computeIfAbsent(version.ruleId(), id -> new ArrayList<>()).add(version);
    }

    String defaultsMarker() {
        return defaultsMarker;
    }

    @Override
    public Optional<Rule> find(String ruleId) {
        return Optional.ofNullable(current.get(ruleId));
    }

    @Override
    public List<Rule> list() {
        return List.copyOf(current.values());
    }

    @Override
    public List<RuleVersion> history(String ruleId) {
        return versions.getOrDefault(ruleId, List.of()).stream()
                .sorted(Comparator.comparingLong(RuleVersion::version).reversed())
                .toList();
    }

    @Override
    public Optional<RuleVersion> latestVersion(String ruleId) {
        return history(ruleId).stream().findFirst();
    }

    @Override
    public Set<String> ruleIds() {
        return new TreeSet<>(versions.keySet());
    }

    @Override
    public void save(RuleVersion version) {
        saves++;
        racingWriters.forEach(this::put);
        racingWriters.clear();
        boolean taken = versions.getOrDefault(version.ruleId(), List.of()).stream()
                .anyMatch(v -> v.version() == version.version());
        if (taken) {
            throw new VersionTakenException(version.ruleId(), version.version());
        }
        put(version);
    }

    @Override
    public boolean defaultsInstalled() {
        return defaultsMarker != null;
    }

    @Override
    public void markDefaultsInstalled(String ruleSet, Instant at) {
        if (defaultsMarker == null) {
            defaultsMarker = ruleSet + "@" + at;
        }
    }
}
