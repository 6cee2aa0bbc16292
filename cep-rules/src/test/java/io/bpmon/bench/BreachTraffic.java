package io.bpmon.bench;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import io.bpmon.core.simulation.SimulatedEvent;
import io.bpmon.core.simulation.SteadyTraffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The input of the Esper comparison ({@link EsperBench}): {@link SteadyTraffic}'s orders, JSON and trouble
 * (duplicates, first events sent late, malformed copies), plus orders that breach the comparison's rules
 * ({@link #rules}): some pay late, some are delivered late, some get stuck after a step, some are cancelled. Without
 * them both engines would agree trivially, on no alert at all.
 *
 * <p>Times are in units of the step gap {@code G} (the event-time distance of an order's steps in SteadyTraffic,
 * about 500 s for a million events, less for small inputs): an order on time moves on every {@code G}; the rules'
 * deadlines lie between 1.1 and 1.9 G per step, so only the troubled orders breach them, and not all of them every
 * rule.
 */
final class BreachTraffic {

    /** What happens to an order besides SteadyTraffic's trouble. */
    enum Fate {
        /** every step on time */
        ON_TIME,
        /** PAID 0.3-0.9 G late (still before SHIPPED) */
        LATE_PAYMENT,
        /** DELIVERED 0.2-1.5 G late */
        LATE_DELIVERY,
        /** no event after PLACED, PAID or SHIPPED */
        STUCK,
        /** CANCELLED 0.2-2 G after PLACED or PAID, nothing after that */
        CANCELLED
    }

    private static final double[] FATE_SHARES = {0.84, 0.05, 0.03, 0.04, 0.04};

    /**
     * The generated records, in the order they are sent.
     *
     * @param stepMillis        G, the event-time distance of an on-time order's steps
     * @param maxDisorderMillis how far behind the newest event time seen so far a record's event time lies, at most
     *                          (the first events sent after the order's second)
     * @param notes             what happened to each order with trouble, by order id (fate, first event sent late)
     */
    record Input(byte[][] values, int orders, long valid, long duplicates, long swappedOrders, long malformed,
            Map<Fate, Integer> fates, long stepMillis, long maxDisorderMillis, long endMillis,
            Map<String, String> notes) {

        String note(String orderId) {
            return notes.getOrDefault(orderId, "on time, in order");
        }
    }

    private record Pending(long sendAt, long seq, long occurredAt, byte[] value) {}

    private BreachTraffic() {}

    /**
     * About {@code events} records: the orders SteadyTraffic would make for that many, with their fates drawn from
     * {@code seed}; event time ends near {@code endMillis} (late steps may lie up to 2 G beyond it).
     */
    static Input generate(Lifecycle lifecycle, long events, long seed, long endMillis) {
        int orders = SteadyTraffic.ordersFor(lifecycle, events);
        SteadyTraffic steady = new SteadyTraffic(lifecycle, orders, seed, endMillis);
        int steps = steady.eventsPerOrder();
        // an order's steps share their jitter: the difference is exactly the gap
        long g = steady.event(0, 1).occurredAt().toEpochMilli() - steady.event(0, 0).occurredAt().toEpochMilli();
        String cancelType = lifecycle.steps().stream().filter(Step::abandons).map(Step::eventType).findFirst()
                .orElseThrow(() -> new IllegalStateException("the lifecycle has no step that abandons the order"));
        SplittableRandom trouble = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Pending> all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, events + events / 10));
        Map<Fate, Integer> fates = new EnumMap<>(Fate.class);
        Map<String, String> notes = new HashMap<>();
        long seq = 0;
        long duplicates = 0;
        long swapped = 0;
        long malformed = 0;
        for (int o = 0; o < orders; o++) {
            SplittableRandom r = new SplittableRandom(seed * 31 + o);
            Fate fate = fate(r.nextDouble());
            fates.merge(fate, 1, Integer::sum);
            List<SimulatedEvent> order = new ArrayList<>(steps);
            for (int k = 0; k < steps; k++) {
                order.add(steady.event(o, k));
            }
            String note = null;
            switch (fate) {
                case ON_TIME -> { }
                case LATE_PAYMENT -> {
                    double late = 0.3 + 0.6 * r.nextDouble();
                    order.set(1, at(order.get(1), order.get(1).occurredAt().toEpochMilli() + (long) (late * g)));
                    note = String.format("paid %.2f G late", late);
                }
                case LATE_DELIVERY -> {
                    double late = 0.2 + 1.3 * r.nextDouble();
                    int last = steps - 1;
                    long delivered = order.get(last).occurredAt().toEpochMilli() + (long) (late * g);
                    order.set(last, at(order.get(last), delivered));
                    note = String.format("delivered %.2f G late", late);
                }
                case STUCK -> {
                    int keep = 1 + r.nextInt(steps - 1);
                    order.subList(keep, order.size()).clear();
                    note = "stuck after " + lifecycle.mainPath().get(keep - 1);
                }
                case CANCELLED -> {
                    int keep = 1 + r.nextInt(2);
                    double after = 0.2 + 1.8 * r.nextDouble();
                    SimulatedEvent before = order.get(keep - 1);
                    order.subList(keep, order.size()).clear();
                    order.add(new SimulatedEvent(before.orderId() + "-cancelled", cancelType, before.orderId(),
                            Instant.ofEpochMilli(before.occurredAt().toEpochMilli() + (long) (after * g)), "shop",
                            Map.of()));
                    note = String.format("cancelled %.2f G after %s", after, lifecycle.mainPath().get(keep - 1));
                }
            }
            for (int k = 0; k < order.size(); k++) {
                SimulatedEvent e = order.get(k);
                long t = e.occurredAt().toEpochMilli();
                byte[] json = e.json();
                if (k == 0 && trouble.nextDouble() < SteadyTraffic.SWAPPED_SHARE) {
                    // as in SteadyTraffic: sent after the order's second event (or a step later, if it has none)
                    swapped++;
                    long second = order.size() > 1 ? order.get(1).occurredAt().toEpochMilli() : t + g;
                    all.add(new Pending(second + SteadyTraffic.SLOT_MILLIS, seq++, t, json));
                    note = (note == null ? "on time" : note) + "; first event sent after the second, "
                            + (second + SteadyTraffic.SLOT_MILLIS - t) / 1000 + " s late";
                    continue;
                }
                all.add(new Pending(t, seq++, t, json));
                if (trouble.nextDouble() < SteadyTraffic.DUPLICATE_SHARE) {
                    duplicates++;
                    all.add(new Pending(t + (1 + trouble.nextInt(8)) * SteadyTraffic.SLOT_MILLIS, seq++, t, json));
                }
                if (trouble.nextDouble() < SteadyTraffic.MALFORMED_SHARE) {
                    malformed++;
                    all.add(new Pending(t, seq++, t, Arrays.copyOf(json, json.length / 2)));
                }
            }
            if (note != null) {
                notes.put(steady.orderId(o), note);
            }
        }
        all.sort(Comparator.comparingLong(Pending::sendAt).thenComparingLong(Pending::seq));
        byte[][] values = new byte[all.size()][];
        long newest = Long.MIN_VALUE;
        long disorder = 0;
        for (int i = 0; i < values.length; i++) {
            Pending p = all.get(i);
            values[i] = p.value();
            newest = Math.max(newest, p.occurredAt());
            disorder = Math.max(disorder, newest - p.occurredAt());
        }
        return new Input(values, orders, values.length - malformed, duplicates, swapped, malformed, fates, g, disorder,
                newest, notes);
    }

    /**
     * The comparison's rules: {@code count} STEP_SLA and STALL rules alternately, every order in scope (as in
     * {@link PipelineBench#benchRules}), deadlines spread over 1.1-1.9 G per step so that each rule catches a
     * different share of the troubled orders; every fourth STALL rule watches PAID only, every fourth SHIPPED only.
     */
    static List<String> rules(int count, long stepMillis) {
        String[][] steps = {{"PLACED", "PAID"}, {"PAID", "SHIPPED"}, {"SHIPPED", "DELIVERED"}, {"PLACED", "DELIVERED"}};
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double spread = ((i * 7) % 9) / 10.0; // 0.0 .. 0.8
            if (i % 2 == 0) {
                String[] pair = steps[(i / 2) % steps.length];
                int span = pair[0].equals("PLACED") && pair[1].equals("DELIVERED") ? 3 : 1;
                long max = (long) ((span + 0.1 + spread) * stepMillis);
                rules.add(String.format("{\"id\":\"esper-sla-%d\",\"name\":\"SLA %d\",\"kind\":\"STEP_SLA\","
                        + "\"from\":\"%s\",\"to\":\"%s\",\"maxDuration\":\"PT%.3fS\"}", i, i, pair[0], pair[1],
                        max / 1000.0));
            } else {
                long max = (long) ((1.1 + spread) * stepMillis);
                String statuses = switch ((i / 2) % 4) {
                    case 1 -> ",\"statuses\":[\"PAID\"]";
                    case 3 -> ",\"statuses\":[\"SHIPPED\"]";
                    default -> "";
                };
                rules.add(String.format("{\"id\":\"esper-stall-%d\",\"name\":\"Stall %d\",\"kind\":\"STALL\","
                        + "\"maxDuration\":\"PT%.3fS\"%s}", i, i, max / 1000.0, statuses));
            }
        }
        return rules;
    }

    private static Fate fate(double draw) {
        double sum = 0;
        for (int i = 0; i < FATE_SHARES.length; i++) {
            sum += FATE_SHARES[i];
            if (draw < sum) {
                return Fate.values()[i];
            }
        }
        return Fate.ON_TIME;
    }

    private static SimulatedEvent at(SimulatedEvent e, long millis) {
        return new SimulatedEvent(e.eventId(), e.type(), e.orderId(), Instant.ofEpochMilli(millis), e.source(),
                e.attributes());
    }
}
