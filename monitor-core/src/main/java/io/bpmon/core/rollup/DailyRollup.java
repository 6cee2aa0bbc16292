package io.bpmon.core.rollup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bpmon.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The roll-up of one (day, segment): the sum of its orders' {@link RollupContribution}s, which every change of an order
 * replaces (old one out, new one in), and its record on {@code bpmon.daily-rollup} (docs/daily-rollup.md).
 *
 * <p>Counts and sums are kept here (a few hundred bytes); the step-duration histograms, which grow with the spread of
 * the durations, live in {@link Histograms} so that an update reads and writes only the step pairs it changes.
 */
public final class DailyRollup {

    /** Raised when a field changes meaning or goes away; new fields do not raise it. */
    public static final int SCHEMA = 1;

    /** Where the histograms of the step durations of one (day, segment) are kept, by step pair. */
    public interface Histograms {
        /** The pair's histogram, null when it has none. */
        LogHistogram get(String pair) throws Exception;

        /** Stores the pair's histogram; an empty one is removed. */
        void put(String pair, LogHistogram histogram) throws Exception;

        /** Every pair's histogram, for the record. */
        Map<String, LogHistogram> all() throws Exception;
    }

    /** {@link Histograms} on the heap: for tests, and wherever the roll-up lives in memory. */
    public static final class HeapHistograms implements Histograms {
        private final Map<String, byte[]> pairs = new TreeMap<>();

        @Override
        public LogHistogram get(String pair) {
            byte[] bytes = pairs.get(pair);
            return bytes == null ? null : LogHistogram.decode(bytes);
        }

        @Override
        public void put(String pair, LogHistogram histogram) {
            if (histogram.isEmpty()) {
                pairs.remove(pair);
            } else {
                pairs.put(pair, histogram.encode());
            }
        }

        @Override
        public Map<String, LogHistogram> all() {
            Map<String, LogHistogram> all = new TreeMap<>();
            pairs.forEach((pair, bytes) -> all.put(pair, LogHistogram.decode(bytes)));
            return all;
        }

        /** Bytes the histograms take encoded (what Flink state holds of them). */
        public int encodedBytes() {
            return pairs.values().stream().mapToInt(b -> b.length).sum();
        }
    }

    /** Revenue in one currency. */
    private static final class Money {
        long orders;
        BigDecimal total = BigDecimal.ZERO;
    }

    private LocalDate day;
    private Map<String, String> segment = Map.of();
    private long orders;
    private final Map<String, Money> revenue = new TreeMap<>();
    /** rule id → counts by {@link RollupContribution.Verdict} ordinal. */
    private final Map<String, long[]> rules = new TreeMap<>();
    private long revision;
    private boolean changed;

    /**
     * Replaces one order's contribution: {@code before} out, {@code after} in. Both belong to this (day, segment), or
     * are null (an order new to it, or one that left it). Returns false when {@code before} was not all there to take
     * out (it was never added: an order counted from before the roll-up existed, docs/daily-rollup.md): what was
     * missing is left at zero, never negative.
     */
    public boolean apply(RollupContribution before, RollupContribution after, Histograms histograms)
            throws Exception {
        if (before == null && after == null) {
            return true;
        }
        RollupContribution any = after != null ? after : before;
        day = any.day();
        segment = any.segment();
        boolean exact = add(before, -1);
        add(after, +1);
        // the steps: only the pairs whose duration changed (a new step adds one pair; the others cancel out)
        Map<String, List<long[]>> changes = new LinkedHashMap<>();
        Map<String, Long> old = before == null ? Map.of() : before.stepDurations();
        Map<String, Long> now = after == null ? Map.of() : after.stepDurations();
        old.forEach((pair, millis) -> {
            if (!millis.equals(now.get(pair))) {
                changes.computeIfAbsent(pair, p -> new ArrayList<>()).add(new long[] {millis, -1});
            }
        });
        now.forEach((pair, millis) -> {
            if (!millis.equals(old.get(pair))) {
                changes.computeIfAbsent(pair, p -> new ArrayList<>()).add(new long[] {millis, +1});
            }
        });
        for (Map.Entry<String, List<long[]>> c : changes.entrySet()) {
            LogHistogram h = histograms.get(c.getKey());
            if (h == null) {
                h = new LogHistogram();
            }
            for (long[] change : c.getValue()) {
                exact &= h.add(change[0], change[1]);
            }
            histograms.put(c.getKey(), h);
        }
        changed = true;
        return exact;
    }

    /** Adds (sign +1) or takes out (-1) the counts and sums of a contribution; false when a count would go below 0. */
    private boolean add(RollupContribution c, int sign) {
        if (c == null) {
            return true;
        }
        boolean exact = orders + sign >= 0;
        orders = Math.max(0, orders + sign);
        if (c.amount() != null) {
            Money m = revenue.computeIfAbsent(c.currency(), k -> new Money());
            if (m.orders + sign < 0) {
                exact = false;
            } else {
                m.orders += sign;
                m.total = sign > 0 ? m.total.add(c.amount()) : m.total.subtract(c.amount());
            }
            if (m.orders == 0) {
                revenue.remove(c.currency());
            }
        }
        for (Map.Entry<String, RollupContribution.Verdict> r : c.rules().entrySet()) {
            long[] counts = rules.computeIfAbsent(r.getKey(),
                    k -> new long[RollupContribution.Verdict.values().length]);
            int v = r.getValue().ordinal();
            exact &= counts[v] + sign >= 0;
            counts[v] = Math.max(0, counts[v] + sign);
            if (java.util.Arrays.stream(counts).allMatch(n -> n == 0)) {
                rules.remove(r.getKey());
            }
        }
        return exact;
    }

    /** Whether it changed since its last record. */
    public boolean changed() {
        return changed;
    }

    public long orders() {
        return orders;
    }

    public long revision() {
        return revision;
    }

    public LocalDate day() {
        return day;
    }

    /**
     * The next record of this (day, segment): its revision goes up by one. Null when no order is left (an order that
     * moved to another day or segment took the last one with it): the record is then a tombstone.
     */
    public byte[] publish(Histograms histograms, Instant now) throws Exception {
        revision++;
        changed = false;
        return orders == 0 ? null : toJson(histograms.all(), now);
    }

    private byte[] toJson(Map<String, LogHistogram> steps, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("rollupKey", RollupContribution.key(day, segment.values()));
            g.writeStringField("day", day.toString());
            g.writeObjectFieldStart("segment");
            for (Map.Entry<String, String> s : segment.entrySet()) {
                g.writeStringField(s.getKey(), s.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("revision", revision);
            g.writeNumberField("orders", orders);
            g.writeObjectFieldStart("revenue");
            for (Map.Entry<String, Money> m : revenue.entrySet()) {
                g.writeObjectFieldStart(m.getKey());
                g.writeNumberField("orders", m.getValue().orders);
                g.writeFieldName("total");
                g.writeNumber(m.getValue().total.toPlainString());
                g.writeFieldName("average");
                g.writeNumber(m.getValue().total.divide(BigDecimal.valueOf(m.getValue().orders), MathContext.DECIMAL64)
                        .setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("steps");
            for (Map.Entry<String, LogHistogram> s : steps.entrySet()) {
                g.writeObjectFieldStart(s.getKey());
                g.writeNumberField("count", s.getValue().count());
                g.writeNumberField("medianMillis", s.getValue().quantile(0.5));
                g.writeNumberField("p95Millis", s.getValue().quantile(0.95));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("rules");
            for (Map.Entry<String, long[]> r : rules.entrySet()) {
                long[] c = r.getValue();
                long met = c[RollupContribution.Verdict.MET.ordinal()];
                long breached = c[RollupContribution.Verdict.BREACHED.ordinal()];
                g.writeObjectFieldStart(r.getKey());
                g.writeNumberField("inScope", java.util.Arrays.stream(c).sum());
                g.writeNumberField("met", met);
                g.writeNumberField("breached", breached);
                g.writeNumberField("pending", c[RollupContribution.Verdict.PENDING.ordinal()]);
                g.writeNumberField("abandoned", c[RollupContribution.Verdict.ABANDONED.ordinal()]);
                if (met + breached == 0) {
                    g.writeNullField("compliancePercent");
                } else {
                    g.writeFieldName("compliancePercent");
                    g.writeNumber(BigDecimal.valueOf(met * 100L).divide(BigDecimal.valueOf(met + breached), 2,
                            RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("updatedAt", now.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The counts and sums (not the histograms), for Flink state. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(day == null ? Integer.MIN_VALUE : (int) day.toEpochDay());
            out.writeByte(segment.size());
            for (Map.Entry<String, String> s : segment.entrySet()) {
                out.writeUTF(s.getKey());
                out.writeUTF(s.getValue());
            }
            out.writeLong(orders);
            out.writeLong(revision);
            out.writeBoolean(changed);
            out.writeShort(revenue.size());
            for (Map.Entry<String, Money> m : revenue.entrySet()) {
                out.writeUTF(m.getKey());
                out.writeLong(m.getValue().orders);
                out.writeUTF(m.getValue().total.toString());
            }
            out.writeShort(rules.size());
            for (Map.Entry<String, long[]> r : rules.entrySet()) {
                out.writeUTF(r.getKey());
                for (long n : r.getValue()) {
                    out.writeLong(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DailyRollup decode(byte[] bytes) {
        DailyRollup r = new DailyRollup();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int day = in.readInt();
            r.day = day == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(day);
            Map<String, String> segment = new LinkedHashMap<>();
            for (int n = in.readUnsignedByte(); n > 0; n--) {
                segment.put(in.readUTF(), in.readUTF());
            }
            r.segment = segment;
            r.orders = in.readLong();
            r.revision = in.readLong();
            r.changed = in.readBoolean();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                Money m = new Money();
                String currency = in.readUTF();
                m.orders = in.readLong();
                m.total = new BigDecimal(in.readUTF());
                r.revenue.put(currency, m);
            }
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                String rule = in.readUTF();
                long[] counts = new long[RollupContribution.Verdict.values().length];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = in.readLong();
                }
                r.rules.put(rule, counts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
