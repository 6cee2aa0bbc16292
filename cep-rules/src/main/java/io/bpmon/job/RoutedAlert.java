package io.bpmon.job;

/**
 * An alert version on its way to its incident (docs/incidents.md).
 *
 * @param key      the incident key, which the incidents step is keyed by
 * @param route    the {@link io.bpmon.core.alerts.IncidentKeys.Route} as JSON
 * @param velocity a velocity alert: at the same event time it goes first, so alerts it inhibits find its incident
 * @param at       the event time the route was decided at; the incidents step orders by it
 */
public record RoutedAlert(String key, String route, boolean velocity, long at, AlertUpdate update) {}
