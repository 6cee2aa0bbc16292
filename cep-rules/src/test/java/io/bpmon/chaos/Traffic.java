package io.bpmon.chaos;

import io.bpmon.core.simulation.EventJsonWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The chaos run's order traffic, deterministic for a seed: which orders come, of which kind, with which attributes
 * and delays, which events are sent twice and which invalid records go beside them. Only the absolute times follow
 * the clock the caller passes in. Not thread-safe: one generator thread calls it.
 *
 * <p>Kinds of orders (of channel web or app, in the scope of the SLA and stall rules):
 * <ul>
 *   <li>{@code normal} (82 %): placed and paid (sent together, 0.2-1.5 s apart), shipped 4-12 s later, delivered
 *       4-12 s after that, 12 % of them returned 3-8 s later; 3 % of them have their delivery sent 1 s before
 *       their shipment (out of order, by occurredAt still in order);</li>
 *   <li>{@code cancelled} (6 %): placed and paid, cancelled 3-10 s later;</li>
 *   <li>{@code breach} (3 %): placed, never paid: an SLA alert;</li>
 *   <li>{@code stall} (3 %): placed, paid, shipped, never delivered: a stall alert.</li>
 * </ul>
 * Placement and payment travel in one request, payment first, so that no delay of the driver can stretch the wait
 * the SLA rule judges: the job applies the payment before the placement, and the placement finds it there. 3 % of all sends are repeated 1-4 s later with the same bytes (duplicates), and 1 in 100 events has an
 * invalid record beside it, which goes to Kafka directly (only that path has a dead-letter topic). Every event is
 * sent at its {@code occurredAt}.
 */
final class Traffic {

    static final double BREACH_SHARE = 0.03;
    static final double STALL_SHARE = 0.03;
    static final double CANCEL_SHARE = 0.06;
    static final double RETURN_SHARE = 0.12;
    static final double SWAP_SHARE = 0.03;
    static final double DUPLICATE_SHARE = 0.03;
    static final double INVALID_SHARE = 0.01;
    /** Orders per velocity burst, all placed within one bucket: well above {@link ChaosRules#BURST_MAX}. */
    static final int BURST_ORDERS = 20;
    /** Sends per order on average (see the shares above), to turn an event rate into an order rate. */
    static final double SENDS_PER_ORDER = 3.8;

    private static final String[] COUNTRIES = {"DE", "FR", "NL"};
    private static final String[] PAYMENT_METHODS = {"card", "paypal", "invoice"};
    private static final String[] CARRIERS = {"dhl", "ups", "dpd"};

    /** One send: a distinct event, or a repeat of one ({@code copy}), with its bytes. */
    record Outgoing(SentEvent event, byte[] json, boolean copy, String channel, String country) {}

    private record Scheduled(Instant sendAt, long seq, List<Outgoing> together, List<byte[]> invalid) {}

    private final SplittableRandom orders;
    private final SplittableRandom invalids;
    private final double ordersPerSecond;
    private final Instant start;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> {
        int c = a.sendAt().compareTo(b.sendAt());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final List<byte[]> invalidDue = new ArrayList<>();
    private long seq;
    private long created;
    private long invalidCount;
    private int bursts;
    private int probes;
    private boolean newOrders = true;
    private boolean breaches = true;
    private boolean stalls = true;

    Traffic(long seed, double eventsPerSecond, Instant start) {
        this.orders = new SplittableRandom(seed);
        this.invalids = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.ordersPerSecond = eventsPerSecond / SENDS_PER_ORDER;
        this.start = start;
    }

    /** Whether new orders may be breaching / stalling ones (the run stops them before its end). */
    void allow(boolean breachOrders, boolean stallOrders) {
        this.breaches = breachOrders;
        this.stalls = stallOrders;
    }

    /** No new orders from now on; the ones under way finish. */
    void stopNewOrders() {
        newOrders = false;
    }

    /** Nothing scheduled any more (after {@link #stopNewOrders}). */
    boolean finished() {
        return !newOrders && queue.isEmpty();
    }

    long ordersCreated() {
        return created;
    }

    /** The sends due at {@code now}, in send order; creates the orders whose time has come first. */
    List<Outgoing> due(Instant now) {
        if (newOrders) {
            long target = (long) Math.floor(Duration.between(start, now).toNanos() / 1e9 * ordersPerSecond);
            while (created < target) {
                Instant at = start.plusNanos((long) (created * 1e9 / ordersPerSecond));
                createOrder(created++, at);
            }
        }
        List<Outgoing> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().sendAt().isAfter(now)) {
            Scheduled s = queue.poll();
            out.addAll(s.together());
            invalidDue.addAll(s.invalid());
        }
        return out;
    }

    /** Invalid records that became due with the sends returned so far. */
    List<byte[]> takeInvalid() {
        List<byte[]> out = new ArrayList<>(invalidDue);
        invalidDue.clear();
        return out;
    }

    /**
     * A burst of {@link #BURST_ORDERS} partner orders, placed and paid, all placed within the 10-second bucket that
     * holds {@code now} and before it, sent in one request. The caller picks {@code now} at least 2 s into a bucket.
     */
    List<Outgoing> burst(Instant now) {
        long bucket = ChaosRules.BURST_BUCKET.toMillis();
        long bucketStart = Math.floorDiv(now.toEpochMilli(), bucket) * bucket;
        long span = now.toEpochMilli() - 200 - (bucketStart + 100);
        if (span < 1000) {
            throw new IllegalArgumentException("a burst needs at least 1.3 s of its bucket behind it, was at " + now);
        }
        int b = ++bursts;
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < BURST_ORDERS; i++) {
            String orderId = "burst-" + b + "-" + i;
            Instant placed = Instant.ofEpochMilli(bucketStart + 100 + span * i / BURST_ORDERS);
            Map<String, Object> attributes = new LinkedHashMap<>(); // in this order, for the same bytes every run
            attributes.put("channel", ChaosRules.BURST_CHANNEL);
            attributes.put("country", "DE");
            out.add(event(orderId, "ORDER_PLACED", placed, attributes, ChaosRules.BURST_CHANNEL, "DE"));
            out.add(event(orderId, "PAYMENT_RECEIVED", placed.plusMillis(100), Map.of("paymentMethod", "card"),
                    ChaosRules.BURST_CHANNEL, "DE"));
        }
        return out;
    }

    /** A probe: one placement of an order in the scope of no rule, to see that the monitor takes events again. */
    Outgoing probe(Instant now) {
        String orderId = "probe-" + ++probes;
        return event(orderId, "ORDER_PLACED", now.truncatedTo(ChronoUnit.MILLIS),
                Map.of("channel", ChaosRules.PROBE_CHANNEL), ChaosRules.PROBE_CHANNEL, null);
    }

    private void createOrder(long n, Instant at) {
        String orderId = "o-" + n;
        double kindDraw = orders.nextDouble();
        String country = COUNTRIES[orders.nextInt(COUNTRIES.length)];
        String channel = ChaosRules.ORDER_CHANNELS.get(orders.nextInt(ChaosRules.ORDER_CHANNELS.size()));
        BigDecimal amount = BigDecimal.valueOf(500 + orders.nextInt(50_000), 2).setScale(2, RoundingMode.UNNECESSARY);
        long paidAfter = 200 + orders.nextInt(1300);
        long shipAfter = 4000 + orders.nextInt(8000);
        long deliverAfter = 4000 + orders.nextInt(8000);
        long cancelAfter = 3000 + orders.nextInt(7000);
        long returnAfter = 3000 + orders.nextInt(5000);
        boolean returned = orders.nextDouble() < RETURN_SHARE;
        boolean swapped = orders.nextDouble() < SWAP_SHARE;
        String method = PAYMENT_METHODS[orders.nextInt(PAYMENT_METHODS.length)];
        String carrier = CARRIERS[orders.nextInt(CARRIERS.length)];
        String kind;
        if (kindDraw < BREACH_SHARE) {
            kind = breaches ? "breach" : "normal";
        } else if (kindDraw < BREACH_SHARE + STALL_SHARE) {
            kind = stalls ? "stall" : "normal";
        } else if (kindDraw < BREACH_SHARE + STALL_SHARE + CANCEL_SHARE) {
            kind = "cancelled";
        } else {
            kind = "normal";
        }
        Instant placedAt = at.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> placedAttributes = new LinkedHashMap<>();
        placedAttributes.put("country", country);
        placedAttributes.put("channel", channel);
        placedAttributes.put("amount", amount);
        placedAttributes.put("currency", "EUR");
        Outgoing placed = event(orderId, "ORDER_PLACED", placedAt, placedAttributes, channel, country);
        if (kind.equals("breach")) {
            schedule(placedAt, List.of(placed));
            return;
        }
        Instant paidAt = placedAt.plusMillis(paidAfter);
        Outgoing paid = event(orderId, "PAYMENT_RECEIVED", paidAt, Map.of("paymentMethod", method), channel,
                country);
        // payment first: judged together with the placement however late the request arrives (RuleModel)
        schedule(paidAt, List.of(paid, placed));
        if (kind.equals("cancelled")) {
            Instant cancelledAt = paidAt.plusMillis(cancelAfter);
            schedule(cancelledAt, List.of(event(orderId, "ORDER_CANCELLED", cancelledAt, Map.of(), channel,
                    country)));
            return;
        }
        Instant shippedAt = paidAt.plusMillis(shipAfter);
        Outgoing shipped = event(orderId, "ORDER_SHIPPED", shippedAt, Map.of("carrier", carrier), channel,
                country);
        if (kind.equals("stall")) {
            schedule(shippedAt, List.of(shipped));
            return;
        }
        Instant deliveredAt = shippedAt.plusMillis(deliverAfter);
        Outgoing delivered = event(orderId, "ORDER_DELIVERED", deliveredAt, Map.of(), channel, country);
        if (swapped) {
            schedule(deliveredAt, List.of(delivered));
            schedule(deliveredAt.plusSeconds(1), List.of(shipped));
        } else {
            schedule(shippedAt, List.of(shipped));
            schedule(deliveredAt, List.of(delivered));
        }
        if (returned) {
            Instant returnedAt = deliveredAt.plusMillis(returnAfter);
            schedule(returnedAt, List.of(event(orderId, "ORDER_RETURNED", returnedAt, Map.of(), channel,
                    country)));
        }
    }

    /** Queues sends, with their repeats and the invalid records that go beside them (decided here, in order). */
    private void schedule(Instant at, List<Outgoing> together) {
        List<byte[]> invalid = new ArrayList<>();
        List<Scheduled> copies = new ArrayList<>();
        for (Outgoing o : together) {
            if (orders.nextDouble() < DUPLICATE_SHARE) {
                Outgoing copy = new Outgoing(o.event(), o.json(), true, o.channel(), o.country());
                copies.add(new Scheduled(at.plusMillis(1000 + orders.nextInt(3000)), 0, List.of(copy), List.of()));
            }
            if (invalids.nextDouble() < INVALID_SHARE) {
                invalid.add(invalid(++invalidCount, at));
            }
        }
        queue.add(new Scheduled(at, seq++, together, invalid));
        for (Scheduled c : copies) {
            queue.add(new Scheduled(c.sendAt(), seq++, c.together(), List.of()));
        }
    }

    /** An invalid record, unique by its number, of one of seven kinds the parser must refuse. */
    static byte[] invalid(long n, Instant at) {
        String id = "bad-" + n;
        String json = switch ((int) (n % 7)) {
            case 0 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_PLACED\",\"orderId\":\"" + id; // cut off
            case 1 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"" + at + "\"}";
            case 2 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_TELEPORTED\",\"orderId\":\"" + id
                    + "\",\"occurredAt\":\"" + at + "\"}";
            case 3 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_PLACED\",\"orderId\":\"" + id
                    + "\",\"occurredAt\":\"yesterday\"}";
            case 4 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_PLACED\",\"orderId\":\"" + id
                    + "\",\"occurredAt\":\"" + at + "\",\"attributes\":{\"a.b\":1}}";
            case 5 -> "{\"eventId\":\"" + id + "\",\"type\":\"ORDER_PLACED\",\"orderId\":\"" + id
                    + "/x\",\"occurredAt\":\"" + at + "\"}";
            default -> "[\"" + id + "\"]";
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** An event written by the one writer of event JSON ({@link EventJsonWriter}), source {@code chaos}. */
    private static Outgoing event(String orderId, String type, Instant at, Map<String, ?> attributes, String channel,
            String country) {
        String eventId = orderId + "-" + type.toLowerCase(Locale.ROOT);
        byte[] json = EventJsonWriter.write(eventId, type, orderId, at, "chaos", attributes);
        return new Outgoing(new SentEvent(eventId, orderId, type, at), json, false, channel, country);
    }
}
