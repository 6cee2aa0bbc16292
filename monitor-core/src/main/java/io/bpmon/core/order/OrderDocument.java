package io.bpmon.core.order;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored and served form of an order: the shape of {@code GET /api/orders/{orderId}} (docs/contract.md)
 * plus the counters the UI aggregates over. Written to Elasticsearch by the job, read back by the web server.
 */
public final class OrderDocument {

    /** The stored document's numeric attributes, indexed as numbers (see {@link #writeNumericAttributes}). */
    public static final String NUMERIC_ATTRIBUTES = "attributesNumeric";

    private OrderDocument() {}

    /** The document as a tree, for tests and callers that edit it; the job uses {@link #toBytes}. */
    public static ObjectNode of(OrderState state, Lifecycle lifecycle) {
        try {
            return (ObjectNode) Json.mapper().readTree(toBytes(state, lifecycle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document, written straight to bytes. The job writes one per event: building a tree
     * first cost more than applying the event itself (docs/benchmarks.md).
     */
    public static byte[] toBytes(OrderState state, Lifecycle lifecycle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("orderId", state.orderId());
            g.writeStringField("status", state.status());
            g.writeBooleanField("terminal", state.isTerminal(lifecycle));
            writeAttributes(g, state.attributes(), state.attributeKinds());
            writeNumericAttributes(g, state.attributes(), state.attributeKinds());
            // the attributes are one flattened field in the store (a bounded mapping whatever producers send), so the
            // names seen are kept apart for the rule editor's lists
            g.writeArrayFieldStart("attributeNames");
            for (String name : state.attributes().keySet()) {
                g.writeString(name);
            }
            g.writeEndArray();
            writeSteps(g, state.steps());
            // for rule previews (OrderTimings): what Elasticsearch cannot compute without scripts
            g.writeObjectFieldStart("waits");
            for (Map.Entry<String, Map<String, Long>> from : OrderTimings.waits(state.steps(), lifecycle).entrySet()) {
                g.writeObjectFieldStart(from.getKey());
                for (Map.Entry<String, Long> to : from.getValue().entrySet()) {
                    g.writeNumberField(to.getKey(), to.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("quiet");
            for (Map.Entry<String, OrderTimings.QuietSpell> q
                    : OrderTimings.quietSpells(state.stepEvents(), lifecycle).entrySet()) {
                g.writeObjectFieldStart(q.getKey());
                g.writeNumberField("longest", q.getValue().longestMillis());
                g.writeStringField("since", q.getValue().since().toString());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("eventTimes");
            writeEventTimes(g, state);
            g.writeEndObject();
            g.writeArrayFieldStart("events");
            for (TimelineEntry e : state.timeline()) {
                g.writeStartObject();
                g.writeStringField("eventId", e.eventId());
                g.writeStringField("type", e.type());
                g.writeStringField("occurredAt", e.occurredAt().toString());
                if (e.receivedAt() != null) {
                    g.writeStringField("receivedAt", e.receivedAt().toString());
                }
                if (e.source() != null) {
                    g.writeStringField("source", e.source());
                }
                writeAttributes(g, e.attributes(), e.attributeKinds());
                g.writeBooleanField("late", e.late());
                g.writeNumberField("duplicates", e.duplicates());
                if (e.conformance() != null) {
                    g.writeStringField("conformance", e.conformance());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("alerts");
            g.writeEndArray();
            g.writeStringField("firstEventAt", str(state.firstEventAt()));
            g.writeStringField("lastEventAt", str(state.lastEventAt()));
            g.writeStringField("updatedAt", str(state.lastReceivedAt()));
            g.writeNumberField("revision", state.revision());
            g.writeNumberField("eventCount", state.timeline().size());
            g.writeNumberField("lateEvents", state.lateEvents());
            g.writeNumberField("duplicateEvents", state.duplicateEvents());
            g.writeNumberField("overflowEvents", state.overflowEvents());
            g.writeNumberField("violations", state.violations());
            g.writeNumberField("gaps", state.gaps());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The order as the job knew it when it wrote this document: the way back for an order whose job state was dropped
     * by retention (docs/contract.md: such an order continues where it stood). Only what the job keeps is read
     * (timeline, counters); everything else is derived again, as after decoding job state. An event whose type the
     * lifecycle no longer knows (the process definition changed since) is left out: it could not be applied now.
     *
     * @param partitionTime the partition time the document was stored under (not in the document: it depends on
     *                      arrival order, and documents do not)
     * @throws IllegalArgumentException when the document is not an order document bpmon wrote
     */
    public static OrderState toState(JsonNode doc, Instant partitionTime, Lifecycle lifecycle) {
        String orderId = doc.path("orderId").asText(null);
        if (orderId == null || !doc.path("events").isArray()) {
            throw new IllegalArgumentException("not an order document: " + abbreviate(doc.toString()));
        }
        List<TimelineEntry> timeline = new ArrayList<>(doc.path("events").size() + 1);
        for (JsonNode e : doc.path("events")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> kinds = new LinkedHashMap<>();
            e.path("attributes").fields().forEachRemaining(a -> {
                attributes.put(a.getKey(), a.getValue().asText());
                String kind = AttributeKinds.of(a.getValue()); // documents written before typed attributes: text
                if (kind != null) {
                    kinds.put(a.getKey(), kind);
                }
            });
            String type = e.path("type").asText();
            if (lifecycle.stepForEventType(type).isEmpty()) {
                continue;
            }
            timeline.add(new TimelineEntry(e.path("eventId").asText(), type, instant(e.path("occurredAt")),
                    instant(e.path("receivedAt")), e.path("source").asText(null), attributes,
                    e.path("late").asBoolean(false), e.path("duplicates").asInt(0), null, kinds));
        }
        OrderState state = new OrderState(orderId, timeline, doc.path("revision").asLong(timeline.size()),
                doc.path("lateEvents").asInt(0), doc.path("overflowEvents").asInt(0), partitionTime);
        state.replay(lifecycle);
        return state;
    }

    private static Instant instant(JsonNode text) {
        return text.isTextual() ? Instant.parse(text.asText()) : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    /** Per event type, the occurredAt of each distinct event (timeline order): VELOCITY previews count these. */
    private static void writeEventTimes(JsonGenerator g, OrderState state) throws IOException {
        Map<String, List<Instant>> byType = new LinkedHashMap<>(8);
        for (TimelineEntry e : state.timeline()) {
            byType.computeIfAbsent(e.type(), t -> new ArrayList<>(2)).add(e.occurredAt());
        }
        for (Map.Entry<String, List<Instant>> type : byType.entrySet()) {
            g.writeArrayFieldStart(type.getKey());
            for (Instant t : type.getValue()) {
                g.writeString(t.toString());
            }
            g.writeEndArray();
        }
    }

    /**
     * {@code "attributes": {name: value, ...}}, each value in its JSON kind, as the order API serves them (also
     * {@link OrderStateRecord}). In the store this is one {@code flattened} field: it indexes every value as its text,
     * numbers included, which is what rule scopes and the explorer's filters match.
     */
    static void writeAttributes(JsonGenerator g, Map<String, String> attributes, Map<String, String> kinds)
            throws IOException {
        AttributeKinds.writeObject(g, "attributes", attributes, kinds);
    }

    /**
     * {@value #NUMERIC_ATTRIBUTES}: the numeric attributes once more, indexed as numbers ({@code double}) for sums and
     * averages (VELOCITY previews, docs/velocity-rules.md). Apart from {@code attributes} because that field indexes
     * text, and because a mapping field per name only ever gets numbers here, so no producer can make two orders
     * disagree on a field's type.
     */
    private static void writeNumericAttributes(JsonGenerator g, Map<String, String> attributes,
            Map<String, String> kinds) throws IOException {
        g.writeObjectFieldStart(NUMERIC_ATTRIBUTES);
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            Double n = AttributeKinds.NUMBER.equals(k.getValue()) ? AttributeKinds.number(attributes.get(k.getKey()))
                    : null;
            if (n != null) {
                g.writeNumberField(k.getKey(), n);
            }
        }
        g.writeEndObject();
    }

    /** {@code "steps": {step: reachedAt, ...}}, as the order API serves them (also {@link OrderStateRecord}). */
    static void writeSteps(JsonGenerator g, Map<String, Instant> steps) throws IOException {
        g.writeObjectFieldStart("steps");
        for (Map.Entry<String, Instant> step : steps.entrySet()) {
            g.writeStringField(step.getKey(), step.getValue().toString());
        }
        g.writeEndObject();
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
