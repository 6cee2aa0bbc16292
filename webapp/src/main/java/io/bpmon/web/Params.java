package io.bpmon.web;

import io.javalin.http.Context;

/** Query parameters shared by the list endpoints. */
final class Params {

    private Params() {}

    /** {@code limit}: a whole number from 0 to {@code max}; {@code fallback} when absent. */
    static int limit(Context ctx, int fallback, int max) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 0 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit", "must be an integer from 0 to " + max);
    }
}
