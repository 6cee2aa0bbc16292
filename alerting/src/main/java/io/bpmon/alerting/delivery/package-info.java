/**
 * Handing messages to channels: the {@link io.bpmon.alerting.delivery.Notifier} port, how one attempt ended
 * ({@link io.bpmon.alerting.delivery.DeliveryResult}) and when to try again
 * ({@link io.bpmon.alerting.delivery.RetryPolicy}).
 */
package io.bpmon.alerting.delivery;
