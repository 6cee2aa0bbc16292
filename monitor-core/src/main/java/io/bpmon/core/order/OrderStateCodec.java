package io.bpmon.core.order;

import io.bpmon.core.event.AttributeKinds;
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

    /**
     * 2: each attribute carries its JSON kind (a byte after its value, {@link #kindCode}). 1: attributes as text only;
     * still decoded, every attribute then a string (the kind was not kept).
     */
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_TEXT_ATTRIBUTES = 1;

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
                    out.writeByte(kindCode(e.attributeKinds().get(a.getKey())));
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
            if (version != FORMAT_VERSION && version != FORMAT_TEXT_ATTRIBUTES) {
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
                Map<String, String> kinds = new LinkedHashMap<>();
                for (int a = 0; a < attrs; a++) {
                    String name = readLongString(in);
                    attributes.put(name, readLongString(in));
                    String kind = version == FORMAT_TEXT_ATTRIBUTES ? null : kind(in.readByte());
                    if (kind != null) {
                        kinds.put(name, kind);
                    }
                }
                timeline.add(new TimelineEntry(eventId, type, occurredAt, receivedAt, source, attributes, isLate,
                        duplicates, null, kinds));
            }
            OrderState state = new OrderState(orderId, timeline, revision, late, overflow, partitionTime);
            state.deriveLater(lifecycle);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 0 string, 1 number, 2 boolean. */
    private static int kindCode(String kind) {
        if (AttributeKinds.NUMBER.equals(kind)) {
            return 1;
        }
        return AttributeKinds.BOOLEAN.equals(kind) ? 2 : 0;
    }

    private static String kind(int code) throws IOException {
        return switch (code) {
            case 0 -> null;
            case 1 -> AttributeKinds.NUMBER;
            case 2 -> AttributeKinds.BOOLEAN;
            default -> throw new IOException("unknown attribute kind " + code);
        };
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
