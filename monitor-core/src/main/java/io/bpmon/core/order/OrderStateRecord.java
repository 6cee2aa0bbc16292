package io.bpmon.core.order;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An order's state as analysts read it from the compacted topic {@code bpmon.order-states} (docs/order-states.md):
 * one record per revision of the order, smaller than the stored document (no timeline, no preview fields) and with a
 * schema version of its own, so the stored document can change without breaking consumers.
 */
public final class OrderStateRecord {

    /**
     * Raised when a field changes meaning or goes away; new fields do not raise it. 2: attribute values keep their JSON
     * kind (a number is a number; schema 1 had every value as a string).
     */
    public static final int SCHEMA = 2;

    private OrderStateRecord() {}

    /** The record's value (its key is the order id) of an order without alerts. */
    public static byte[] toBytes(OrderState state, Lifecycle lifecycle) {
        return toBytes(state, lifecycle, 0, 0);
    }

    /**
     * The record's value (its key is the order id).
     *
     * @param openAlerts   the order's STEP_SLA and STALL alerts not resolved, as the job knows them
     * @param alertChanges how often the job raised or changed one of them (the sum of their revisions): with
     *                     {@code revision} it orders the records of one order, as an alert can change without an event
     */
    public static byte[] toBytes(OrderState state, Lifecycle lifecycle, int openAlerts, long alertChanges) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("orderId", state.orderId());
            g.writeNumberField("revision", state.revision());
            g.writeNumberField("alertChanges", alertChanges);
            g.writeStringField("status", state.status());
            g.writeBooleanField("terminal", state.isTerminal(lifecycle));
            OrderDocument.writeAttributes(g, state.attributes(), state.attributeKinds());
            OrderDocument.writeSteps(g, state.steps());
            g.writeObjectFieldStart("stepDurationsMillis");
            for (StepDuration d : stepDurations(state.steps())) {
                g.writeNumberField(d.from() + "->" + d.to(), d.millis());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("conformance");
            g.writeNumberField("violations", state.violations());
            g.writeNumberField("gaps", state.gaps());
            g.writeArrayFieldStart("notes");
            for (TimelineEntry e : state.timeline()) {
                if (e.conformance() != null) {
                    g.writeStartObject();
                    g.writeStringField("eventId", e.eventId());
                    g.writeStringField("type", e.type());
                    g.writeStringField("note", e.conformance());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("eventCount", state.timeline().size());
            g.writeNumberField("lateEvents", state.lateEvents());
            g.writeNumberField("duplicateEvents", state.duplicateEvents());
            g.writeNumberField("openAlerts", openAlerts);
            writeTime(g, "firstEventAt", state.firstEventAt());
            writeTime(g, "lastEventAt", state.lastEventAt());
            writeTime(g, "updatedAt", state.lastReceivedAt());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The time from one reached step to the next one reached, in the order they were reached. */
    public record StepDuration(String from, String to, long millis) {}

    /** The step durations of {@code stepDurationsMillis}; the daily roll-up counts the same (docs/daily-rollup.md). */
    public static List<StepDuration> stepDurations(Map<String, Instant> steps) {
        List<Map.Entry<String, Instant>> reached = new ArrayList<>(steps.entrySet());
        reached.sort(Map.Entry.comparingByValue());
        List<StepDuration> durations = new ArrayList<>(reached.size());
        for (int i = 1; i < reached.size(); i++) {
            Map.Entry<String, Instant> from = reached.get(i - 1);
            Map.Entry<String, Instant> to = reached.get(i);
            durations.add(new StepDuration(from.getKey(), to.getKey(),
                    to.getValue().toEpochMilli() - from.getValue().toEpochMilli()));
        }
        return durations;
    }

    private static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, t.toString());
        }
    }
}
