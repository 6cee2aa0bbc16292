package io.bpmon.web;

import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.Cursor;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/** Query parameters shared by the list endpoints. */
final class Params {

    /** The parameter that carries a list's cursor (docs/api.md, "Paging"). */
    static final String AFTER = "after";

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

    /** {@code status} of an alert or incident list: one of {@link AlertStatus}; empty when absent. */
    static Optional<AlertStatus> alertStatus(Context ctx) {
        String value = ctx.queryParam("status");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AlertStatus.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be one of " + Arrays.toString(AlertStatus.values()));
        }
    }

    /** {@code severity} of an incident list: one of {@link Severity}; empty when absent. */
    static Optional<Severity> severity(Context ctx) {
        String value = ctx.queryParam("severity");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Severity.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("severity", "must be one of " + Arrays.toString(Severity.values()));
        }
    }

    /**
     * {@code after}: the {@code next} cursor of an earlier page; absent or empty for the first page. A bad one is
     * 400.
     */
    static Optional<Cursor> after(Context ctx) {
        String value = ctx.queryParam(AFTER);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cursor(() -> Cursor.decode(value)));
    }

    /**
     * Reads one page; a cursor the list refuses (another list's, other filters', an expired snapshot's) is 400
     * naming {@code after}.
     */
    static <T> T cursor(Supplier<T> read) {
        try {
            return read.get();
        } catch (Cursor.InvalidCursorException e) {
            throw ApiException.badRequest(AFTER, e.getMessage());
        }
    }
}
