package io.bpmon.core.config;

import io.bpmon.core.rules.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code BPMON_ALERT_ROUTES}: alerts that match every given condition go to {@code channels}.
 *
 * @param ruleId     only this rule's alerts; empty = any rule
 * @param severities only these severities; empty = any
 * @param scope      attribute → accepted values; every key must match (like a rule's scope); empty = any
 * @param channels   where matching alerts go; empty = nowhere (a route that mutes)
 */
public record AlertRoute(Optional<String> ruleId, Set<Severity> severities, Map<String, List<String>> scope,
        List<String> channels) {

    public AlertRoute {
        ruleId = ruleId == null ? Optional.empty() : ruleId;
        severities = Set.copyOf(severities);
        scope = Map.copyOf(scope);
        channels = List.copyOf(channels);
    }

    /** Whether an alert of this rule, severity and attributes takes this route. */
    public boolean matches(String alertRuleId, Severity severity, Map<String, String> attributes) {
        if (ruleId.isPresent() && !ruleId.get().equals(alertRuleId)) {
            return false;
        }
        if (!severities.isEmpty() && !severities.contains(severity)) {
            return false;
        }
        for (Map.Entry<String, List<String>> s : scope.entrySet()) {
            String value = attributes.get(s.getKey());
            if (value == null || !s.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }
}
