package io.bpmon.core.order;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Instant;
import java.util.Map;

/**
 * The stored and served form of an order: the shape of {@code GET /api/orders/{orderId}} (CONTRACT section 4)
 * plus the counters the UI aggregates over. Written to Elasticsearch by the job, read back by the web server.
 */
public final class OrderDocument {

    private OrderDocument() {}

    public static ObjectNode of(OrderState state, Lifecycle lifecycle) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("orderId", state.orderId());
        doc.put("status", state.status());
        doc.put("terminal", state.isTerminal(lifecycle));
        ObjectNode attributes = doc.putObject("attributes");
        state.attributes().forEach(attributes::put);
        ObjectNode steps = doc.putObject("steps");
        for (Map.Entry<String, Instant> s : state.steps().entrySet()) {
            steps.put(s.getKey(), s.getValue().toString());
        }
        ArrayNode events = doc.putArray("events");
        for (TimelineEntry e : state.timeline()) {
            ObjectNode event = events.addObject();
            event.put("eventId", e.eventId());
            event.put("type", e.type());
            event.put("occurredAt", e.occurredAt().toString());
            if (e.receivedAt() != null) {
                event.put("receivedAt", e.receivedAt().toString());
            }
            if (e.source() != null) {
                event.put("source", e.source());
            }
            ObjectNode eventAttributes = event.putObject("attributes");
            e.attributes().forEach(eventAttributes::put);
            event.put("late", e.late());
            event.put("duplicates", e.duplicates());
            if (e.conformance() != null) {
                event.put("conformance", e.conformance());
            }
        }
        doc.putArray("alerts");
        doc.put("firstEventAt", str(state.firstEventAt()));
        doc.put("lastEventAt", str(state.lastEventAt()));
        doc.put("updatedAt", str(state.lastReceivedAt()));
        doc.put("revision", state.revision());
        doc.put("eventCount", state.timeline().size());
        doc.put("lateEvents", state.lateEvents());
        doc.put("duplicateEvents", state.duplicateEvents());
        doc.put("overflowEvents", state.overflowEvents());
        doc.put("violations", state.violations());
        doc.put("gaps", state.gaps());
        return doc;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
