package io.bpmon.core.config;

import io.bpmon.core.rules.DefaultRules;
import java.util.Optional;

/**
 * @param port         HTTP port of the API and UI
 * @param apiToken     bearer token every {@code /api} call must carry; empty = no authentication
 * @param publicUrl    base of links that leave the process (notifications)
 * @param defaultRules the rules the web server installs when the rule store was never initialised
 */
public record WebConfig(int port, Optional<String> apiToken, String publicUrl, DefaultRules defaultRules) {

    public static final int DEFAULT_PORT = 8080;
    public static final DefaultRules DEFAULT_RULE_SET = DefaultRules.STANDARD;
    /** Tokens shorter than this are guessable; a configuration with one is refused. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public WebConfig {
        Checks.range(ConfigLoader.HTTP_PORT, port, 0, 65535);
        apiToken = apiToken == null ? Optional.empty() : apiToken.filter(t -> !t.isEmpty());
        if (apiToken.isPresent() && apiToken.get().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(ConfigLoader.API_TOKEN,
                    "must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        Checks.notBlank(ConfigLoader.PUBLIC_URL, publicUrl);
        defaultRules = defaultRules == null ? DEFAULT_RULE_SET : defaultRules;
    }

    /** With the standard default rules. */
    public WebConfig(int port, Optional<String> apiToken, String publicUrl) {
        this(port, apiToken, publicUrl, DEFAULT_RULE_SET);
    }

    @Override
    public String toString() {
        // never print the token
        return "WebConfig[port=" + port + ", apiToken=" + (apiToken.isPresent() ? "<set>" : "<none>")
                + ", publicUrl=" + publicUrl + ", defaultRules=" + defaultRules.configName() + "]";
    }
}
