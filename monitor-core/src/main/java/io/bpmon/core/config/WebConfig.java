package io.bpmon.core.config;

import io.bpmon.core.rules.DefaultRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * @param port         HTTP port of the API and UI
 * @param apiToken     bearer token every {@code /api} call must carry; empty = no authentication
 * @param publicUrl    base of links that leave the process (notifications)
 * @param defaultRules the rules the web server installs when the rule store was never initialised
 * @param users        named users with roles ({@code BPMON_USERS}), beside the all-rights {@code apiToken}
 * @param host         the address the web server listens on ({@code BPMON_HTTP_HOST}: an IP address or a host
 *                     name); empty = every interface (docs/web-security.md)
 * @param jobPidFile   the pid file of the job's process when it runs on this machine under a supervisor
 *                     ({@code ./bpmon demo}): health reports the job down while no live process is recorded
 *                     there, and until the job reported after that process started (docs/demo-supervision.md)
 */
public record WebConfig(int port, Optional<String> apiToken, String publicUrl, DefaultRules defaultRules,
        List<ApiUser> users, Optional<String> host, Optional<Path> jobPidFile) {

    public static final int DEFAULT_PORT = 8080;
    public static final DefaultRules DEFAULT_RULE_SET = DefaultRules.STANDARD;
    /** Tokens shorter than this are guessable; a configuration with one is refused. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** A host name (RFC 1123 labels), an IPv4 address, or an IPv6 address with or without brackets. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9]+)?]?");

    public WebConfig {
        Checks.range(ConfigLoader.HTTP_PORT, port, 0, 65535);
        host = host == null ? Optional.empty() : host.map(String::strip).filter(h -> !h.isEmpty());
        if (host.isPresent() && (host.get().length() > 253 || !HOST.matcher(host.get()).matches()
                || host.get().startsWith("[") != host.get().endsWith("]"))) {
            throw new ConfigException(ConfigLoader.HTTP_HOST, "must be an IP address or a host name (no scheme or "
                    + "port), such as 127.0.0.1 or 0.0.0.0, was '" + host.get() + "'");
        }
        host = host.map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
        apiToken = apiToken == null ? Optional.empty() : apiToken.filter(t -> !t.isEmpty());
        if (apiToken.isPresent() && apiToken.get().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(ConfigLoader.API_TOKEN,
                    "must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        Checks.notBlank(ConfigLoader.PUBLIC_URL, publicUrl);
        defaultRules = defaultRules == null ? DEFAULT_RULE_SET : defaultRules;
        users = users == null ? List.of() : List.copyOf(users);
        jobPidFile = jobPidFile == null ? Optional.empty() : jobPidFile;
        String token = apiToken.orElse(null);
        if (token != null && users.stream().anyMatch(u -> u.token().equals(token))) {
            throw new ConfigException(ConfigLoader.USERS, "a user's token equals " + ConfigLoader.API_TOKEN);
        }
    }

    /** Listening on every interface, without a supervised job. */
    public WebConfig(int port, Optional<String> apiToken, String publicUrl, DefaultRules defaultRules,
            List<ApiUser> users) {
        this(port, apiToken, publicUrl, defaultRules, users, Optional.empty(), Optional.empty());
    }

    /** Without named users. */
    public WebConfig(int port, Optional<String> apiToken, String publicUrl, DefaultRules defaultRules) {
        this(port, apiToken, publicUrl, defaultRules, List.of(), Optional.empty(), Optional.empty());
    }

    /** Whether {@code /api} calls need a token: an API token or users are configured. */
    public boolean authenticationOn() {
        return apiToken.isPresent() || !users.isEmpty();
    }

    /** With the standard default rules. */
    public WebConfig(int port, Optional<String> apiToken, String publicUrl) {
        this(port, apiToken, publicUrl, DEFAULT_RULE_SET, List.of(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        // never print the token
        return "WebConfig[host=" + host.orElse("*") + ", port=" + port + ", apiToken="
                + (apiToken.isPresent() ? "<set>" : "<none>")
                + ", publicUrl=" + publicUrl + ", defaultRules=" + defaultRules.configName() + ", users="
                + users.stream().map(u -> u.name() + ":" + u.role()).toList()
                + jobPidFile.map(f -> ", jobPidFile=" + f).orElse("") + "]";
    }
}
