package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.silences.SilenceRequests;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/silences}: mute notifications of alerts by rule and attribute values until a given time. A silence
 * is never deleted, only expired ({@code DELETE} sets its end to now), so the list is also its history.
 */
final class SilencesController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final SilenceStore silences;
    private final Clock clock;

    SilencesController(SilenceStore silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    /** A silence as served: with whether it is in force now. */
    record View(String id, Map<String, Object> matchers, Instant startsAt, Instant endsAt, String comment,
            String createdBy, Instant createdAt, boolean active) {
        static View of(Silence s, Instant now) {
            Map<String, Object> matchers = new java.util.LinkedHashMap<>();
            if (s.ruleId() != null) {
                matchers.put("ruleId", s.ruleId());
            }
            matchers.put("attributes", s.attributes());
            return new View(s.id(), matchers, s.startsAt(), s.endsAt(), s.comment(), s.createdBy(), s.createdAt(),
                    s.isActive(now));
        }
    }

    record Items<T>(List<T> items) {}

    void list(Context ctx) {
        Instant now = clock.instant();
        ctx.json(new Items<>(silences.list(Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT)).stream()
                .map(s -> View.of(s, now)).toList()));
    }

    void create(Context ctx) {
        JsonNode body;
        try {
            body = Json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("$", "body is not JSON");
        }
        Instant now = clock.instant();
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode object && ApiAuth.principal(ctx).named()) {
            object.put("createdBy", ApiAuth.principal(ctx).name()); // a configured user cannot sign as someone else
        }
        SilenceRequests.Result result = SilenceRequests.parse(body, now);
        if (!result.errors().isEmpty()) {
            throw new ApiException(400, new ApiError("invalid silence", result.errors()));
        }
        silences.save(result.silence());
        ctx.status(201).header("Location", Routes.SILENCES + "/" + result.silence().id())
                .json(View.of(result.silence(), now));
    }

    /** Expires a silence: it stops muting now and stays in the list. */
    void expire(Context ctx) {
        String id = ctx.pathParam("id");
        Silence silence = silences.find(id).orElseThrow(() -> ApiException.notFound("silence " + id));
        Instant now = clock.instant();
        Silence expired = silence.expired(now);
        silences.save(expired);
        ctx.json(View.of(expired, now));
    }
}
