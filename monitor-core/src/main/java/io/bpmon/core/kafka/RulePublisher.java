package io.bpmon.core.kafka;

import io.bpmon.core.rules.Rule;

/**
 * Tells the job about rule changes ({@link Topics#RULES}). Each call returns once the broker acknowledged the record,
 * so a caller that got no exception knows the change will reach the job.
 */
public interface RulePublisher extends AutoCloseable {

    /** The rule's current version: key = rule id, value = the rule's JSON as served by {@code /api/rules}. */
    void publish(Rule rule);

    /** The rule was deleted: a tombstone (no value) under its id, which also lets compaction forget the rule. */
    void deleted(String ruleId);

    @Override
    void close();

    /** The broker did not acknowledge the record in time; publishing it again later is safe. */
    final class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
