/**
 * What people do with rules, for the API and the pages alike: create, change, delete and restore them, stored as
 * versions and published to the job ({@link io.bpmon.core.rules.service.RuleService}); and the rule editor's
 * questions, answered from stored history and the job's acknowledgements
 * ({@link io.bpmon.core.rules.service.RuleEditor}). It reaches the store and the broker through their ports
 * ({@code io.bpmon.core.store.RuleStore}, {@code io.bpmon.core.kafka.RulePublisher}); neither reaches back.
 */
package io.bpmon.core.rules.service;
