package io.bpmon.core.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which rules a new installation starts with ({@code BPMON_DEFAULT_RULES}). They are installed once, when the rule
 * store has never been initialised; after that the rules belong to the users.
 */
public enum DefaultRules {
    /** SLAs at the pace of a real shop: payment in 30 min, shipment in 24 h, delivery in 5 days. */
    STANDARD("/bpmon/rules/defaults.json"),
    /** The same ideas at the simulator's demo pace (a thousand times faster), so alerts show while you watch. */
    DEMO("/bpmon/rules/demo.json"),
    /** No rules; users write their own. */
    NONE(null);

    private final String resource;

    DefaultRules(String resource) {
        this.resource = resource;
    }

    /** The name used in configuration: {@code standard}, {@code demo} or {@code none}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The set by its configuration name, in any case. */
    public static Optional<DefaultRules> fromConfigName(String name) {
        return Arrays.stream(values()).filter(d -> d.configName().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The rules to install; empty for {@link #NONE}. */
    public Optional<RuleSet> ruleSet(RuleValidator validator) {
        return resource == null ? Optional.empty()
                : Optional.of(RuleSet.fromResource(configName(), resource, validator));
    }
}
