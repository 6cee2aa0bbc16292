/**
 * The channels: {@link io.bpmon.alerting.channels.SlackNotifier} and {@link io.bpmon.alerting.channels.EmailNotifier}
 * (each classifies its failures as worth retrying or not), {@link io.bpmon.alerting.channels.MessageRenderer} (the
 * same message for both, every value escaped for where it lands) and {@link io.bpmon.alerting.channels.Channels}
 * (which are configured, how they are doing, a test message on request).
 */
package io.bpmon.alerting.channels;
