/**
 * Handing the outbox to the channels, as a chain of small stages after Alertmanager's notify pipeline
 * (docs/alerting.md, Delivery): {@link io.bpmon.alerting.delivery.WaitStage} →
 * {@link io.bpmon.alerting.delivery.DedupStage} → {@link io.bpmon.alerting.delivery.SilenceStage} →
 * {@link io.bpmon.alerting.delivery.RetryStage} (one attempt; backoff and {@code Retry-After} by
 * {@link io.bpmon.alerting.delivery.RetryPolicy}) → {@link io.bpmon.alerting.delivery.RecordStage}. Each is tested
 * alone with a fake channel, an in-memory log and a clock the test moves.
 *
 * <p>Entry point: {@link io.bpmon.alerting.delivery.DeliveryPipeline} (chains the stages; its comment states the
 * delivery guarantee). Channels implement {@link io.bpmon.alerting.delivery.Notifier} and answer with a
 * {@link io.bpmon.alerting.delivery.DeliveryResult}.
 */
package io.bpmon.alerting.delivery;
