package io.bpmon.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmarks' input: orders of the default lifecycle (placed, paid, shipped, delivered) with the attributes the
 * simulator gives them (country, channel, paymentMethod, carrier, warehouse, amount, currency), deterministic for a
 * seed, so every run and every job reads the same records.
 *
 * <p>The stream is a steady state, not one order after another: record slot {@code s} carries step {@code k} of
 * order {@code s - k * gap}, so the four events of one order are {@code ~4 * gap} records apart and about
 * {@code 3 * gap} orders are in flight at any point. That matters for what is measured: the order sink keeps only the
 * newest version of a document per flush, and events of one order arriving back to back would be written to
 * Elasticsearch once instead of four times, as they would never be in production (hours pass between the steps).
 *
 * <p>Trouble, as the simulator makes it: 1 % of the events are sent twice (same eventId, a few records later), 2 %
 * of the orders have their payment arrive before their placement (the placement then arrives {@code gap} slots
 * late, beyond the allowed lateness, so it counts as late), and 0.05 % of the records are cut-off JSON (dead
 * letters).
 */
final class OrderTraffic {

    static final double DUPLICATE_SHARE = 0.01;
    static final double SWAPPED_SHARE = 0.02;
    static final double MALFORMED_SHARE = 0.0005;
    /** Event-time distance of neighbouring slots. */
    static final long SLOT_MILLIS = 20;
    /** Steps of one order are this many slots apart (fewer for tiny inputs). */
    static final int MAX_GAP = 25_000;

    static final String[] EVENT_TYPES = {"ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED"};
    private static final String[] SOURCES = {"checkout", "payments", "fulfilment", "carrier-tracking"};
    private static final String[] COUNTRIES = {"DE", "DE", "DE", "DE", "DE", "AT", "CH", "FR", "FR", "NL", "PL",
        "IT", "ES"};
    private static final String[] CHANNELS = {"web", "web", "web", "web", "app", "app", "app", "marketplace"};
    private static final String[] PAYMENT_METHODS = {"card", "card", "card", "paypal", "paypal", "paypal", "klarna",
        "klarna", "invoice", "applepay"};
    private static final String[] CARRIERS = {"dhl", "dhl", "dhl", "dhl", "dpd", "dpd", "hermes", "ups", "gls"};
    private static final String[] WAREHOUSES = {"erfurt", "erfurt", "moenchengladbach", "moenchengladbach", "lahr",
        "brieselang"};

    /** One record for Kafka: key = orderId. */
    record Record(byte[] key, byte[] value, boolean valid) {}

    /** Receives the records in stream order. */
    @FunctionalInterface
    interface RecordSink {
        void accept(Record record) throws Exception;
    }

    /** What was generated. */
    record Summary(int orders, long records, long valid, long duplicates, long swappedOrders, long malformed) {}

    private final int orders;
    private final int gap;
    private final long seed;
    private final long startMillis;

    /**
     * @param orders      how many orders (each gets all four lifecycle events)
     * @param endMillis   the event time of the last slot; all events lie before it
     */
    OrderTraffic(int orders, long seed, long endMillis) {
        this.orders = orders;
        this.gap = Math.max(1, Math.min(MAX_GAP, orders / 4));
        this.seed = seed;
        this.startMillis = endMillis - (long) slots() * SLOT_MILLIS;
    }

    /** Orders needed for about {@code events} records. */
    static int ordersFor(long events) {
        return (int) Math.max(1, Math.round(events / (EVENT_TYPES.length * (1 + DUPLICATE_SHARE) + MALFORMED_SHARE)));
    }

    int orders() {
        return orders;
    }

    /** Orders in flight (placed, not yet delivered) in the middle of the stream. */
    int inFlight() {
        return Math.min(orders, 3 * gap);
    }

    private int slots() {
        return orders + (EVENT_TYPES.length - 1) * gap;
    }

    /** Sends every record, in stream order. */
    Summary generate(RecordSink out) throws Exception {
        SplittableRandom trouble = new SplittableRandom(seed ^ 0x5DEECE66DL);
        // duplicates and late placements wait here until their slot comes
        PriorityQueue<long[]> later = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        Map<Long, Record> held = new java.util.HashMap<>();
        long heldSeq = 0;
        long records = 0, valid = 0, duplicates = 0, swapped = 0, malformed = 0;
        for (int s = 0; s < slots(); s++) {
            while (!later.isEmpty() && later.peek()[0] <= s) {
                Record r = held.remove(later.poll()[1]);
                out.accept(r);
                records++;
                valid++;
            }
            for (int k = 0; k < EVENT_TYPES.length; k++) {
                int o = s - k * gap;
                if (o < 0 || o >= orders) {
                    continue;
                }
                Record record = record(event(o, k));
                if (k == 0 && isSwapped(o)) {
                    // the placement arrives after the payment, i.e. gap slots late
                    swapped++;
                    held.put(heldSeq, record);
                    later.add(new long[] {s + gap + 1L, heldSeq++});
                    continue;
                }
                out.accept(record);
                records++;
                valid++;
                if (trouble.nextDouble() < DUPLICATE_SHARE) {
                    duplicates++;
                    held.put(heldSeq, record);
                    later.add(new long[] {s + 1L + trouble.nextInt(8), heldSeq++});
                }
                if (trouble.nextDouble() < MALFORMED_SHARE) {
                    malformed++;
                    out.accept(new Record(record.key(), Arrays.copyOf(record.value(), record.value().length / 2),
                            false));
                    records++;
                }
            }
        }
        while (!later.isEmpty()) {
            out.accept(held.remove(later.poll()[1]));
            records++;
            valid++;
        }
        return new Summary(orders, records, valid, duplicates, swapped, malformed);
    }

    /** Whether the placement of order {@code o} arrives after its payment. */
    boolean isSwapped(int o) {
        return orderRandom(o).nextDouble() < SWAPPED_SHARE;
    }

    static String orderId(int o) {
        return String.format("o-bench-%07d", o);
    }

    /** Step {@code k} (0 = placed .. 3 = delivered) of order {@code o}, as the job sees it after parsing. */
    OrderEvent event(int o, int k) {
        SplittableRandom r = orderRandom(o);
        r.nextDouble(); // isSwapped's draw
        String country = pick(r, COUNTRIES);
        String channel = pick(r, CHANNELS);
        String payment = pick(r, PAYMENT_METHODS);
        String carrier = pick(r, CARRIERS);
        String warehouse = pick(r, WAREHOUSES);
        String amount = BigDecimal.valueOf(500 + r.nextInt(40_000), 2).toPlainString();
        String currency = switch (country) {
            case "CH" -> "CHF";
            case "PL" -> "PLN";
            default -> "EUR";
        };
        long jitter = r.nextLong(SLOT_MILLIS);
        UUID[] ids = new UUID[EVENT_TYPES.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new UUID(r.nextLong(), r.nextLong());
        }
        Map<String, String> a = new LinkedHashMap<>();
        switch (k) {
            case 0 -> {
                a.put("country", country);
                a.put("channel", channel);
                a.put("paymentMethod", payment);
                a.put("carrier", carrier);
                a.put("warehouse", warehouse);
                a.put("amount", amount);
                a.put("currency", currency);
            }
            case 1 -> {
                a.put("paymentMethod", payment);
                a.put("amount", amount);
                a.put("currency", currency);
            }
            case 2 -> {
                a.put("warehouse", warehouse);
                a.put("carrier", carrier);
            }
            default -> a.put("carrier", carrier);
        }
        Instant occurredAt = Instant.ofEpochMilli(startMillis + ((long) o + (long) k * gap) * SLOT_MILLIS + jitter);
        return new OrderEvent(ids[k].toString(), EVENT_TYPES[k], orderId(o), occurredAt, SOURCES[k], a, null);
    }

    /** The event as a producer sends it (docs/contract.md), with the amount as a JSON number like the simulator. */
    static Record record(OrderEvent e) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("eventId", e.eventId());
        node.put("type", e.type());
        node.put("orderId", e.orderId());
        node.put("occurredAt", e.occurredAt().toString());
        node.put("source", e.source());
        ObjectNode attributes = node.putObject("attributes");
        e.attributes().forEach((key, value) -> {
            if (key.equals("amount")) {
                attributes.put(key, new BigDecimal(value));
            } else {
                attributes.put(key, value);
            }
        });
        return new Record(e.orderId().getBytes(StandardCharsets.UTF_8), Json.writeBytes(node), true);
    }

    private SplittableRandom orderRandom(int o) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + o);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
