/**
 * Notifications: turns the alert stream ({@code bpmon.alerts}) into grouped Slack and email messages
 * (docs/alerting.md).
 *
 * <p>Entry points: {@link io.bpmon.alerting.AlertingMain} ({@code ./bpmon alerting}) and
 * {@link io.bpmon.alerting.Alerting} (wired from the configuration; the web server runs it in process and serves
 * its API). {@link io.bpmon.alerting.AlertingService} is the consumer loop: it reads alert changes into the groups,
 * saves them with the offsets they reach, and hands what is due to delivery. The {@code Elasticsearch*} classes
 * implement the ports of {@link io.bpmon.alerting.storage}; they stay here until the move to the official
 * Elasticsearch client.
 *
 * <p>The parts, each importing only those before it: {@link io.bpmon.alerting.silences} →
 * {@link io.bpmon.alerting.grouping} → {@link io.bpmon.alerting.storage} → {@link io.bpmon.alerting.delivery} →
 * {@link io.bpmon.alerting.channels} → this package ({@code PackageDependenciesTest} keeps it so).
 */
package io.bpmon.alerting;
