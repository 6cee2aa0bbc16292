/**
 * What the alerting service keeps, and the ports to where it is kept: {@link io.bpmon.alerting.storage.AlertingState}
 * (groups, outbox and offsets as one document, so that a restart neither loses nor repeats a message; see
 * docs/alerting.md) in a {@link io.bpmon.alerting.storage.StateStore}; the
 * {@link io.bpmon.alerting.storage.DeliveryLog} of {@link io.bpmon.alerting.storage.DeliveryRecord}s; the
 * {@link io.bpmon.alerting.storage.SilenceStore}. The Elasticsearch implementations are in
 * {@link io.bpmon.alerting} for now.
 */
package io.bpmon.alerting.storage;
