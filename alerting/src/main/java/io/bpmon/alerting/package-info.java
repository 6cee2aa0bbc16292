/**
 * Notifications: turns the alert stream ({@code bpmon.alerts}) into grouped Slack and email messages.
 *
 * <p>Entry points: {@link io.bpmon.alerting.AlertingMain} ({@code ./bpmon alerting}) and
 * {@link io.bpmon.alerting.Alerting} (wired from the configuration; the web server runs it in process and serves
 * its API). The loop is {@link io.bpmon.alerting.AlertingService}; the pure rules are
 * {@link io.bpmon.alerting.AlertGrouper} (grouping, repeats, resolved notices, silences),
 * {@link io.bpmon.alerting.Router}, {@link io.bpmon.alerting.RetryPolicy} and
 * {@link io.bpmon.alerting.MessageRenderer}; the channels are {@link io.bpmon.alerting.SlackNotifier} and
 * {@link io.bpmon.alerting.EmailNotifier}. Why it neither loses nor repeats messages: docs/alerting.md.
 */
package io.bpmon.alerting;
