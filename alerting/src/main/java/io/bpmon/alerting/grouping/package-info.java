/**
 * Few messages instead of many, after Alertmanager's model in business words (docs/alerting.md, Noise). Pure: no
 * clock, no I/O, time is an argument.
 *
 * <p>Entry point: {@link io.bpmon.alerting.grouping.AlertGrouper} (alert changes in, due
 * {@link io.bpmon.alerting.grouping.Notification}s out), configured by
 * {@link io.bpmon.alerting.grouping.GroupingPolicy} and {@link io.bpmon.alerting.grouping.Router} (which channels an
 * alert goes to); it works on {@link io.bpmon.alerting.grouping.AlertGroup}s.
 */
package io.bpmon.alerting.grouping;
