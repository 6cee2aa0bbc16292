package io.bpmon.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named API user with a role and a bearer token, from {@code BPMON_USERS} (docs/configuration.md). The API token
 * ({@code BPMON_API_TOKEN}) keeps every right beside these users (docs/contract.md).
 *
 * @param name  recorded as the author of the rule changes this user makes
 * @param role  what the user may do
 * @param token the bearer token; never printed
 */
public record ApiUser(String name, Role role, String token) {

    /**
     * What a user may do; each role has the rights of the ones before it (docs/web-security.md). The API token has
     * every right, more than any role.
     */
    public enum Role {
        /** Reads everything (orders, alerts, rules, silences, previews); changes nothing. */
        VIEWER,
        /** Also acknowledges alerts (and incidents), creates and expires silences, sends test notifications. */
        OPERATOR,
        /** Also creates, edits, restores and deletes rules. */
        EDITOR;

        /** Whether this role has every right of {@code other}. */
        public boolean includes(Role other) {
            return compareTo(other) >= 0;
        }

        public boolean mayEditRules() {
            return includes(EDITOR);
        }

        /** Acknowledging alerts and incidents, managing silences. */
        public boolean mayOperate() {
            return includes(OPERATOR);
        }
    }

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public ApiUser {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(ConfigLoader.USERS, "user names must match " + NAME.pattern() + ", was '"
                    + name + "'");
        }
        if (role == null) {
            throw new ConfigException(ConfigLoader.USERS, "user " + name + " has no role");
        }
        if (token == null || token.length() < WebConfig.MIN_TOKEN_LENGTH) {
            throw new ConfigException(ConfigLoader.USERS, "the token of user " + name + " must be at least "
                    + WebConfig.MIN_TOKEN_LENGTH + " characters long");
        }
    }

    /**
     * Parses {@code name:role:token,name:role:token} (role {@code viewer}, {@code operator} or {@code editor}; a
     * token may contain
     * ':' but not ','). Names and tokens must be unique.
     */
    public static List<ApiUser> parseAll(String spec) {
        List<ApiUser> users = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return users;
        }
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        int i = 0;
        for (String entry : spec.split(",")) {
            i++;
            String[] parts = entry.strip().split(":", 3);
            if (parts.length != 3) {
                throw new ConfigException(ConfigLoader.USERS, "entry " + i + " must be name:role:token");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigLoader.USERS, "entry " + i + ": role must be viewer, operator or editor, was '"
                        + parts[1].strip() + "'");
            }
            ApiUser user = new ApiUser(parts[0].strip(), role, parts[2].strip());
            if (!names.add(user.name())) {
                throw new ConfigException(ConfigLoader.USERS, "user " + user.name() + " is listed twice");
            }
            if (!tokens.add(user.token())) {
                throw new ConfigException(ConfigLoader.USERS, "user " + user.name() + " shares a token with another "
                        + "user");
            }
            users.add(user);
        }
        return List.copyOf(users);
    }

    @Override
    public String toString() {
        return "ApiUser[" + name + ", " + role + ", token=<set>]";
    }
}
