/**
 * Alerts and their life: deterministic ids ({@link io.bpmon.core.alerts.AlertIds}), what a pattern found
 * ({@link io.bpmon.core.alerts.Findings}), how alerts open and resolve ({@link io.bpmon.core.alerts.AlertLedger},
 * {@link io.bpmon.core.alerts.VelocityEpisodes}).
 */
package io.bpmon.core.alerts;
