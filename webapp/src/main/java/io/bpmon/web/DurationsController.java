package io.bpmon.web;

import io.bpmon.core.time.Durations;
import io.javalin.http.Context;
import java.time.Duration;

/** {@code GET /api/durations/parse?text=2d 4h}: what the editor's duration fields mean, from the one parser. */
final class DurationsController {

    record Parsed(String text, String iso, long millis, String formatted) {}

    void parse(Context ctx) {
        String text = ctx.queryParam("text");
        try {
            Duration d = Durations.parse(text);
            ctx.json(new Parsed(text, d.toString(), d.toMillis(), Durations.format(d)));
        } catch (Durations.InvalidDurationException e) {
            throw ApiException.badRequest("text", e.getMessage());
        }
    }
}
