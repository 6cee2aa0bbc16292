package io.bpmon.core.simulation;

import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/** Test fixture: a {@link TrafficModel} on a hand-moved clock, and everything it sent, parsed as the monitor would. */
final class Simulation {

    static final Instant BEGINNING = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration TICK = Duration.ofMillis(100);
    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    static final EventParser PARSER = new EventParser(LIFECYCLE);

    /** One record as it left the model, with the (fake) time it was sent and how the monitor reads it. */
    record Sent(SimulatedRecord record, Instant sentAt, ValidationResult<OrderEvent> parsed) {
        boolean valid() {
            return parsed.isValid();
        }

        OrderEvent event() {
            return parsed.value();
        }

        Trouble trouble() {
            return record.trouble();
        }
    }

    final MutableClock clock;
    final TrafficModel model;
    final Lifecycle lifecycle;
    final List<Sent> sent = new ArrayList<>();
    private final EventParser parser;

    private Simulation(SimulatorConfig config, Lifecycle lifecycle, long seed, Instant start) {
        this.clock = new MutableClock(start);
        this.lifecycle = lifecycle;
        this.parser = lifecycle == LIFECYCLE ? PARSER : new EventParser(lifecycle);
        this.model = new TrafficModel(config, lifecycle, new Random(seed), clock);
    }

    static Simulation of(SimulatorConfig config) {
        return new Simulation(config, LIFECYCLE, 42, BEGINNING);
    }

    static Simulation of(SimulatorConfig config, long seed) {
        return new Simulation(config, LIFECYCLE, seed, BEGINNING);
    }

    /** Orders that follow another lifecycle than the default one. */
    static Simulation of(SimulatorConfig config, Lifecycle lifecycle) {
        return new Simulation(config, lifecycle, 42, BEGINNING);
    }

    static Simulation startingAt(SimulatorConfig config, long seed, Instant start) {
        return new Simulation(config, LIFECYCLE, seed, start);
    }

    Simulation runFor(Duration total) {
        return runFor(total, TICK);
    }

    Simulation runFor(Duration total, Duration tick) {
        Instant end = clock.instant().plus(total);
        while (clock.instant().isBefore(end)) {
            clock.advance(tick);
            Instant now = clock.instant();
            for (SimulatedRecord r : model.poll()) {
                sent.add(new Sent(r, now, parser.parse(r.value())));
            }
        }
        return this;
    }

    Instant at(Duration sinceBeginning) {
        return BEGINNING.plus(sinceBeginning);
    }

    List<Sent> valid() {
        return sent.stream().filter(Sent::valid).toList();
    }

    /** Each valid event once (the first copy sent), grouped by order. */
    Map<String, List<OrderEvent>> distinctEventsByOrder() {
        Map<String, OrderEvent> byId = new LinkedHashMap<>();
        for (Sent s : valid()) {
            byId.putIfAbsent(s.event().eventId(), s.event());
        }
        return byId.values().stream().collect(Collectors.groupingBy(OrderEvent::orderId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** An order's events in the order they happened (ties broken by lifecycle rank). */
    static List<OrderEvent> inEventTimeOrder(List<OrderEvent> events) {
        return inEventTimeOrder(events, LIFECYCLE);
    }

    static List<OrderEvent> inEventTimeOrder(List<OrderEvent> events, Lifecycle lifecycle) {
        return events.stream()
                .sorted(Comparator.comparing(OrderEvent::occurredAt)
                        .thenComparingInt(e -> lifecycle.rank(lifecycle.stepForEventType(e.type()).get().name())))
                .toList();
    }

    /** The time from reaching {@code from} to reaching {@code to}, for every order that reached both. */
    List<Duration> stepDelays(String fromType, String toType) {
        return stepDelays(fromType, toType, null, null);
    }

    /** As {@link #stepDelays(String, String)}, for orders whose events carry {@code attribute = value}. */
    List<Duration> stepDelays(String fromType, String toType, String attribute, String value) {
        List<Duration> result = new ArrayList<>();
        for (List<OrderEvent> events : distinctEventsByOrder().values()) {
            if (attribute != null && events.stream().noneMatch(e -> value.equals(e.attributes().get(attribute)))) {
                continue;
            }
            Instant from = null;
            Instant to = null;
            for (OrderEvent e : events) {
                if (e.type().equals(fromType)) {
                    from = e.occurredAt();
                } else if (e.type().equals(toType)) {
                    to = e.occurredAt();
                }
            }
            if (from != null && to != null) {
                result.add(Duration.between(from, to));
            }
        }
        return result;
    }

    static Duration median(List<Duration> ds) {
        List<Duration> sorted = ds.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
