/**
 * Elasticsearch over plain HTTP: one client for every caller, built from the configuration with its credentials and
 * trusted CA ({@link io.bpmon.core.store.ElasticsearchClient#of}, docs/elasticsearch-access.md), index names and
 * templates ({@link io.bpmon.core.store.Indices}, {@link io.bpmon.core.store.SchemaSetup}), versioned bulk writes
 * ({@link io.bpmon.core.store.BulkWriter}), and the readers and stores of orders, rules and alerts. The rule editor
 * reads through two typed ports, {@link io.bpmon.core.store.RulePreviewReader} (previews, thresholds, alert counts)
 * and {@link io.bpmon.core.store.RuleStatusReader} (the job's acknowledgements), so no caller sees a query.
 */
package io.bpmon.core.store;
