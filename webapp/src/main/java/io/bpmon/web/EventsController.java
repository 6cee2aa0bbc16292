package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.EventPublisher;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/events}: validates each event like the job does and publishes the valid ones to Kafka, so
 * HTTP producers take exactly the path every other producer takes. Invalid ones are answered with their reason.
 */
final class EventsController {

    static final int MAX_BATCH = 1000;

    private final EventParser parser;
    private final EventPublisher publisher;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    EventsController(EventParser parser, EventPublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    record Rejection(int index, String reason) {}

    record Answer(int accepted, List<Rejection> rejected) {}

    void post(Context ctx) {
        JsonNode body;
        try {
            body = Json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("$", "body is not JSON");
        }
        List<JsonNode> events = new ArrayList<>();
        if (body != null && body.isObject()) {
            events.add(body);
        } else if (body != null && body.isArray()) {
            if (body.size() > MAX_BATCH) {
                throw ApiException.badRequest("$", "at most " + MAX_BATCH + " events per request, got " + body.size());
            }
            body.forEach(events::add);
        } else {
            throw ApiException.badRequest("$", "body must be an event object or an array of events");
        }
        List<EventPublisher.Outgoing> valid = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            byte[] json = Json.writeBytes(events.get(i));
            ValidationResult<OrderEvent> result = parser.parse(json);
            if (result.isValid()) {
                valid.add(new EventPublisher.Outgoing(result.value().orderId(), json));
            } else {
                rejections.add(new Rejection(i, result.reason()));
            }
        }
        if (!valid.isEmpty()) {
            try {
                publisher.publish(valid);
            } catch (EventPublisher.PublishException e) {
                throw new ApiException(503, ApiError.of("events not accepted, Kafka unavailable; retry later"));
            }
        }
        accepted.addAndGet(valid.size());
        rejected.addAndGet(rejections.size());
        ctx.status(202).json(new Answer(valid.size(), rejections));
    }

    /** Counters for the health report. */
    Map<String, Long> counts() {
        return Map.of("accepted", accepted.get(), "rejected", rejected.get());
    }
}
