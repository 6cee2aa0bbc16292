/**
 * VELOCITY rules in the job: {@link io.bpmon.job.velocity.VelocityHit} (one counted event, emitted by the order
 * operator per matching rule and segment) and {@link io.bpmon.job.velocity.VelocityFunction} (keyed by rule and
 * segment: bucketed counts, one timer per segment at the next bucket boundary, episodes). The counting and the
 * episode transitions are core logic: {@link io.bpmon.core.rules.VelocityWindow},
 * {@link io.bpmon.core.alerts.VelocityEpisodes}. Design notes: docs/velocity-rules.md.
 */
package io.bpmon.job.velocity;
