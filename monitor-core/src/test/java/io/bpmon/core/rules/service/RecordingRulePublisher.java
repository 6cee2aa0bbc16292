package io.bpmon.core.rules.service;

import io.bpmon.core.kafka.RulePublisher;
import io.bpmon.core.rules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RulePublisher} that keeps what it was given like the compacted rules topic would, and can be switched to
 * fail like an unreachable broker.
 */
final class RecordingRulePublisher implements RulePublisher {

    /** One record: the rule, or empty for a tombstone. */
    record Published(String ruleId, Optional<Rule> rule) {}

    private final InMemoryRuleStore store;
    final List<Published> records = new ArrayList<>();
    /** For each record: whether the store already held what was published (store first, then publish). */
    final List<Boolean> storedBeforePublished = new ArrayList<>();
    boolean down;
    /** Rules the broker refuses whatever its state (a record over the broker's size limit, say). */
    final java.util.Set<String> refused = new java.util.HashSet<>();

    RecordingRulePublisher(InMemoryRuleStore store) {
        this.store = store;
    }

    @Override
    public void publish(Rule rule) {
        fail();
        if (refused.contains(rule.id())) {
            throw new PublishException("record too large: " + rule.id(), null);
        }
        storedBeforePublished.add(store.find(rule.id()).filter(rule::equals).isPresent());
        records.add(new Published(rule.id(), Optional.of(rule)));
    }

    @Override
    public void deleted(String ruleId) {
        fail();
        storedBeforePublished.add(store.find(ruleId).isEmpty() && store.latestVersion(ruleId).isPresent());
        records.add(new Published(ruleId, Optional.empty()));
    }

    private void fail() {
        if (down) {
            throw new PublishException("broker unreachable", null);
        }
    }

    /** The topic after compaction: the last record per rule id. */
    Map<String, Optional<Rule>> compacted() {
        Map<String, Optional<Rule>> last = new LinkedHashMap<>();
        records.forEach(r -> last.put(r.ruleId(), r.rule()));
        return last;
    }

    @Override
    public void close() {}
}
