package io.bpmon.core.order;

import io.bpmon.core.lifecycle.Lifecycle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of {@link OrderState}: only the timeline and counters, since everything else is derived.
 *
 * <p>The job keeps each in-flight order in this form. On Flink's heap state backend a deserialized object graph
 * of a four-event order costs a few KiB; these bytes cost a few hundred, which decides whether a million
 * in-flight orders fit into a small heap (docs/benchmarks.md). Versioned, so a savepoint survives a change.
 */
public final class OrderStateCodec implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final int FORMAT_VERSION = 1;

    private final Lifecycle lifecycle;

    public OrderStateCodec(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public byte[] encode(OrderState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(state.orderId());
            out.writeLong(state.revision());
            out.writeInt(state.lateEvents());
            out.writeInt(state.overflowEvents());
            writeInstant(out, state.partitionTime());
            List<TimelineEntry> timeline = state.timeline();
            out.writeShort(timeline.size());
            for (TimelineEntry e : timeline) {
                out.writeUTF(e.eventId());
                out.writeUTF(e.type());
                writeInstant(out, e.occurredAt());
                writeInstant(out, e.receivedAt());
                writeNullable(out, e.source());
                out.writeBoolean(e.late());
                out.writeInt(e.duplicates());
                out.writeShort(e.attributes().size());
                for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                    writeLongString(out, a.getKey());
                    writeLongString(out, a.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public OrderState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("unknown order state format " + version);
            }
            String orderId = in.readUTF();
            long revision = in.readLong();
            int late = in.readInt();
            int overflow = in.readInt();
            Instant partitionTime = readInstant(in);
            int n = in.readUnsignedShort();
            List<TimelineEntry> timeline = new ArrayList<>(n + 1);
            for (int i = 0; i < n; i++) {
                String eventId = in.readUTF();
                String type = in.readUTF();
                Instant occurredAt = readInstant(in);
                Instant receivedAt = readInstant(in);
                String source = readNullable(in);
                boolean isLate = in.readBoolean();
                int duplicates = in.readInt();
                int attrs = in.readUnsignedShort();
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int a = 0; a < attrs; a++) {
                    attributes.put(readLongString(in), readLongString(in));
                }
                timeline.add(new TimelineEntry(eventId, type, occurredAt, receivedAt, source, attributes, isLate,
                        duplicates, null));
            }
            OrderState state = new OrderState(orderId, timeline, revision, late, overflow, partitionTime);
            state.deriveLater(lifecycle);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        if (t == null) {
            out.writeLong(Long.MIN_VALUE);
            return;
        }
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        long seconds = in.readLong();
        return seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, in.readInt());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeLongString(out, s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLongString(in) : null;
    }

    /** writeUTF is limited to 64 KiB of modified UTF-8; attribute values and sources can be longer. */
    private static void writeLongString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
