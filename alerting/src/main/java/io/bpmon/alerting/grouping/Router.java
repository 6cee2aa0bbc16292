package io.bpmon.alerting.grouping;

import io.bpmon.core.config.AlertRoute;
import io.bpmon.core.rules.Severity;
import java.util.List;
import java.util.Map;

/**
 * Decides which channels an alert goes to: the first route that matches it names them; when none matches, every
 * configured channel. A route may name a channel that is not configured: it is left out, not an error, so that
 * one routing table can serve installations with and without email.
 */
public final class Router {

    private final List<AlertRoute> routes;
    private final List<String> configured;

    public Router(List<AlertRoute> routes, List<String> configuredChannels) {
        this.routes = List.copyOf(routes);
        this.configured = List.copyOf(configuredChannels);
    }

    public List<String> channels(String ruleId, Severity severity, Map<String, String> attributes) {
        for (AlertRoute route : routes) {
            if (route.matches(ruleId, severity, attributes)) {
                return route.channels().stream().filter(configured::contains).sorted().toList();
            }
        }
        return configured.stream().sorted().toList();
    }
}
