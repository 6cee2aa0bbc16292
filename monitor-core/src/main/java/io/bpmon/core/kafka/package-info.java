/** Kafka: topic names and creation ({@link io.bpmon.core.kafka.Topics}, {@link io.bpmon.core.kafka.TopicSetup}) and the publishers of events, rules and alerts. */
package io.bpmon.core.kafka;
