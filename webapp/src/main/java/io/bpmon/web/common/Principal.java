package io.bpmon.web.common;

import io.bpmon.core.config.ApiUser;

/**
 * Who is calling, as established by {@code io.bpmon.web.ApiAuth}: the API call's bearer token, or (for the web UI)
 * the token a session was started with.
 *
 * @param name  the user's name ({@value #API_TOKEN_NAME} for {@code BPMON_API_TOKEN}, {@value #ANONYMOUS} when
 *              authentication is off)
 * @param role  what the caller may do
 * @param named whether the name identifies a configured user (then it, not a header, is the author of changes)
 */
public record Principal(String name, ApiUser.Role role, boolean named) {

    public static final String API_TOKEN_NAME = "api";
    public static final String ANONYMOUS = "anonymous";

    /** The holder of {@code BPMON_API_TOKEN}, which carries every right (docs/contract.md). */
    public static final Principal API_TOKEN = new Principal(API_TOKEN_NAME, ApiUser.Role.EDITOR, false);
    /** Anyone, when no token is configured. */
    public static final Principal NOBODY = new Principal(ANONYMOUS, ApiUser.Role.EDITOR, false);

    /**
     * Whether this caller has the rights of {@code needed}. The API token (and anyone, when authentication is off)
     * may do everything; a configured user what their role includes (viewer &lt; operator &lt; editor).
     */
    public boolean may(ApiUser.Role needed) {
        return !named || role.includes(needed);
    }

    public boolean mayEditRules() {
        return may(ApiUser.Role.EDITOR);
    }
}
