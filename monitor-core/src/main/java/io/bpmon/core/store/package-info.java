/**
 * The store layer, on the official Elasticsearch Java client: one connection for every caller, built from the
 * configuration with its credentials and trusted CA, which says what a failure means for bpmon
 * ({@link io.bpmon.core.store.Elasticsearch}, docs/elasticsearch-access.md); index names and templates
 * ({@link io.bpmon.core.store.Indices}, {@link io.bpmon.core.store.SchemaSetup}); the job's versioned bulk writes
 * ({@link io.bpmon.core.store.BulkWriter}); and typed read interfaces, so that no caller sees a query:
 * {@link io.bpmon.core.store.DashboardReader} (the dashboard's figures), {@link io.bpmon.core.store.OrderReader}
 * (an order, the API's list, the explorer's search), {@link io.bpmon.core.store.AlertStore} (alert lists with
 * acknowledgements), {@link io.bpmon.core.store.RulePreviewReader} (previews, thresholds, alert counts),
 * {@link io.bpmon.core.store.RuleStatusReader} (the job's acknowledgements of rules) and
 * {@link io.bpmon.core.store.JobReports} (the job's progress reports and the store's refusals). Each has an
 * {@code Elasticsearch…} implementation here; queries are built with the client's typed builders, shared ones in
 * {@code Queries}. Long lists are paged by {@link io.bpmon.core.store.Cursor} with {@code search_after}
 * ({@code SearchAfter}; docs/api.md, "Paging").
 */
package io.bpmon.core.store;
