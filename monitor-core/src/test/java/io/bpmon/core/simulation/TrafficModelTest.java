package io.bpmon.core.simulation;

import static io.bpmon.core.simulation.Simulation.LIFECYCLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.simulation.Simulation.Sent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficModelTest {

    /** Twenty simulated minutes of default traffic (demo pace, 20 orders/s, default trouble), shared read-only. */
    private static Simulation standard;

    @BeforeAll
    static void runStandardTraffic() {
        standard = Simulation.of(SimulatorConfig.defaults()).runFor(Duration.ofMinutes(20));
    }

    @Test
    void shouldSendOnlyValidEventsExceptTheDeliberatelyMalformedOnes() {
        List<Sent> invalidRegular = standard.sent.stream()
                .filter(s -> s.trouble() != Trouble.MALFORMED && !s.valid()).toList();
        List<Sent> malformed = standard.sent.stream().filter(s -> s.trouble() == Trouble.MALFORMED).toList();

        assertThat(invalidRegular).as("regular records the parser rejects").isEmpty();
        assertThat(malformed).as("malformed records").hasSizeGreaterThan(20)
                .allSatisfy(s -> assertThat(s.valid()).as(s.record().toString()).isFalse());
    }

    @Test
    void shouldSendEveryKindOfMalformedRecord() {
        Set<String> reasons = standard.sent.stream().filter(s -> s.trouble() == Trouble.MALFORMED)
                .map(s -> s.parsed().errors().get(0).field() + ": " + s.parsed().errors().get(0).message()
                        .replaceAll("'.*", "").replaceAll(":.*", "").replaceAll("[0-9]+", "N"))
                .collect(Collectors.toSet());

        assertThat(String.join("\n", reasons))
                .contains("not valid JSON")
                .contains("must be a JSON object")
                .contains("missing")
                .contains("unknown event type")
                .contains("occurredAt")
                .contains("larger than the limit");
    }

    @Test
    void shouldNeverStampAnEventLaterThanItWasSent() {
        assertThat(standard.valid()).allSatisfy(s ->
                assertThat(s.event().occurredAt()).as(s.record().toString()).isBeforeOrEqualTo(s.sentAt()));
    }

    @Test
    void shouldStampRegularEventsWithTheMomentTheyAreSent() {
        assertThat(standard.valid().stream().filter(s -> s.trouble() == Trouble.NONE))
                .allSatisfy(s -> assertThat(s.event().occurredAt()).isEqualTo(s.sentAt()));
    }

    @Test
    void shouldHoldLateEventsBackLongerThanTheAllowedLateness() {
        List<Sent> late = standard.sent.stream().filter(s -> s.trouble() == Trouble.LATE).toList();

        assertThat(late).hasSizeGreaterThan(20).allSatisfy(s -> assertThat(
                Duration.between(s.event().occurredAt(), s.sentAt())).isBetween(
                TroubleConfig.DEFAULT_LATE_HOLD, TroubleConfig.DEFAULT_LATE_HOLD.multipliedBy(2).plus(Simulation.TICK)));
    }

    @Test
    void shouldResendDuplicatesWithTheSameEventIdAndBytes() {
        Map<String, Sent> firstById = new HashMap<>();
        List<Sent> duplicates = new ArrayList<>();
        for (Sent s : standard.valid()) {
            if (s.trouble() == Trouble.DUPLICATE) {
                duplicates.add(s);
            } else {
                assertThat(firstById.put(s.event().eventId(), s)).as("eventId reused by a non-duplicate").isNull();
            }
        }

        assertThat(duplicates).hasSizeGreaterThan(100).allSatisfy(d -> {
            Sent original = firstById.get(d.event().eventId());
            assertThat(original).as("original of " + d.record()).isNotNull();
            assertThat(d.record().value()).isEqualTo(original.record().value());
            assertThat(d.sentAt()).isBetween(original.sentAt(),
                    original.sentAt().plus(TroubleConfig.DEFAULT_DUPLICATE_DELAY_MAX).plus(Simulation.TICK));
        });
    }

    @Test
    void shouldMoveEveryOrderAlongTheLifecycle() {
        Map<String, Integer> transitions = new HashMap<>();
        // Everything that happened before this has been sent; later events may still be held back (late, swapped).
        Instant complete = standard.clock.instant().minus(TroubleConfig.DEFAULT_LATE_HOLD.multipliedBy(2))
                .minus(TroubleConfig.DEFAULT_DUPLICATE_DELAY_MAX).minus(TroubleConfig.DEFAULT_OUT_OF_ORDER_GAP_MAX);
        for (Map.Entry<String, List<OrderEvent>> order : standard.distinctEventsByOrder().entrySet()) {
            List<OrderEvent> events = Simulation.inEventTimeOrder(order.getValue()).stream()
                    .filter(e -> e.occurredAt().isBefore(complete)).toList();
            if (events.isEmpty()) {
                continue;
            }
            List<String> steps = events.stream()
                    .map(e -> LIFECYCLE.stepForEventType(e.type()).orElseThrow().name()).toList();
            assertThat(steps.get(0)).as(order.getKey() + " " + steps).isEqualTo("PLACED");
            for (int i = 1; i < steps.size(); i++) {
                assertThat(LIFECYCLE.isDirectSuccessor(steps.get(i - 1), steps.get(i)))
                        .as(order.getKey() + " " + steps).isTrue();
                transitions.merge(steps.get(i - 1) + "->" + steps.get(i), 1, Integer::sum);
            }
        }

        assertThat(transitions).containsKeys("PLACED->PAID", "PAID->SHIPPED", "SHIPPED->DELIVERED",
                "DELIVERED->RETURNED", "PLACED->CANCELLED", "PAID->CANCELLED");
    }

    @Test
    void shouldKeyEveryRecordByItsOrderId() {
        assertThat(standard.valid()).allSatisfy(s -> assertThat(s.record().key()).isEqualTo(s.event().orderId()));
    }

    @Test
    void shouldCarrySegmentAttributesOnThePlacement() {
        List<OrderEvent> placed = standard.valid().stream().map(Sent::event)
                .filter(e -> e.type().equals("ORDER_PLACED")).toList();

        assertThat(placed).allSatisfy(e -> assertThat(e.attributes()).containsKeys("country", "channel",
                "paymentMethod", "carrier", "warehouse", "amount", "currency"));
        Map<String, Long> byMethod = placed.stream()
                .collect(Collectors.groupingBy(e -> e.attributes().get("paymentMethod"), Collectors.counting()));
        assertThat(byMethod.keySet()).containsExactlyInAnyOrderElementsOf(SegmentMix.DEFAULT_PAYMENT_METHODS.values());
        double cardShare = byMethod.get("card") / (double) placed.size();
        assertThat(cardShare).isBetween(0.29, 0.35); // weight 32 of 100
        assertThat(placed.stream().filter(e -> e.attributes().get("country").equals("CH")))
                .allSatisfy(e -> assertThat(e.attributes().get("currency")).isEqualTo("CHF"));
    }

    @Test
    void shouldSendSomeEventsAfterTheOrdersNextEvent() {
        List<Sent> swapped = new ArrayList<>();
        Map<String, List<Sent>> sentSoFar = new HashMap<>();
        int overtaken = 0;
        for (Sent s : standard.valid()) {
            List<Sent> before = sentSoFar.computeIfAbsent(s.event().orderId(), k -> new ArrayList<>());
            if (s.trouble() == Trouble.OUT_OF_ORDER) {
                swapped.add(s);
                if (before.stream().anyMatch(b -> b.event().occurredAt().isAfter(s.event().occurredAt()))) {
                    overtaken++;
                }
            }
            before.add(s);
        }

        assertThat(swapped).hasSizeGreaterThan(100);
        // Rarely the overtaking event is itself held back (late, or an incident), so not every swap shows.
        assertThat(overtaken).isGreaterThanOrEqualTo((int) (swapped.size() * 0.9));
    }

    @Test
    void shouldStartAboutTheConfiguredRateOfOrders() {
        for (double rate : new double[] {20, 5}) {
            Simulation sim = Simulation.of(SimulatorConfig.defaults().withRate(rate), 3)
                    .runFor(Duration.ofMinutes(1));
            long started = sim.model.stats().ordersStarted();
            sim.runFor(Duration.ofMinutes(3)); // releases late placements
            long placedInFirstMinute = sim.valid().stream().map(Sent::event)
                    .filter(e -> e.type().equals("ORDER_PLACED"))
                    .filter(e -> !e.occurredAt().isAfter(sim.at(Duration.ofMinutes(1))))
                    .map(OrderEvent::eventId).distinct().count();

            assertThat(placedInFirstMinute).as("rate " + rate).isEqualTo(started)
                    .isBetween(Math.round(rate * 60 * 0.85), Math.round(rate * 60 * 1.15));
        }
    }

    @Test
    void shouldKeepDemoPaceStepDelaysBetweenSecondsAndMinutes() {
        String[][] transitions = {{"ORDER_PLACED", "PAYMENT_RECEIVED"}, {"PAYMENT_RECEIVED", "ORDER_SHIPPED"},
                {"ORDER_SHIPPED", "ORDER_DELIVERED"}, {"ORDER_DELIVERED", "ORDER_RETURNED"},
                {"ORDER_PLACED", "ORDER_CANCELLED"}, {"PAYMENT_RECEIVED", "ORDER_CANCELLED"}};
        for (String[] t : transitions) {
            List<Duration> delays = standard.stepDelays(t[0], t[1]);
            assertThat(delays).as(t[0] + "->" + t[1]).isNotEmpty().allSatisfy(d -> assertThat(d)
                    .isBetween(TroubleConfig.OUT_OF_ORDER_GAP_MIN, Duration.ofMinutes(45)));
        }

        assertThat(Simulation.median(standard.stepDelays("PAYMENT_RECEIVED", "ORDER_SHIPPED")))
                .isBetween(Duration.ofSeconds(30), Duration.ofMinutes(3));
        assertThat(Simulation.median(standard.stepDelays("ORDER_SHIPPED", "ORDER_DELIVERED")))
                .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(6));
    }

    @Test
    void shouldMakeDelaysDependOnTheSegment() {
        Duration card = Simulation.median(
                standard.stepDelays("ORDER_PLACED", "PAYMENT_RECEIVED", "paymentMethod", "card"));
        Duration invoice = Simulation.median(
                standard.stepDelays("ORDER_PLACED", "PAYMENT_RECEIVED", "paymentMethod", "invoice"));
        Duration lahr = Simulation.median(
                standard.stepDelays("PAYMENT_RECEIVED", "ORDER_SHIPPED", "warehouse", "lahr"));
        Duration mgl = Simulation.median(
                standard.stepDelays("PAYMENT_RECEIVED", "ORDER_SHIPPED", "warehouse", "moenchengladbach"));
        Duration hermes = Simulation.median(
                standard.stepDelays("ORDER_SHIPPED", "ORDER_DELIVERED", "carrier", "hermes"));
        Duration ups = Simulation.median(
                standard.stepDelays("ORDER_SHIPPED", "ORDER_DELIVERED", "carrier", "ups"));

        assertThat(invoice).isGreaterThan(card.multipliedBy(20));
        assertThat(lahr.toMillis()).isGreaterThan((long) (mgl.toMillis() * 1.4));
        assertThat(hermes.toMillis()).isGreaterThan((long) (ups.toMillis() * 1.4));
    }

    @Test
    void shouldUseDelaysOfHoursAndDaysAtRealPace() {
        SimulatorConfig real = SimulatorConfig.defaults().withRate(0.02).withTimeScale(Pace.REAL.timeScale())
                .withTrouble(TroubleConfig.none());
        Simulation sim = Simulation.of(real).runFor(Duration.ofDays(4), Duration.ofSeconds(10));

        assertThat(Simulation.median(sim.stepDelays("PAYMENT_RECEIVED", "ORDER_SHIPPED")))
                .isBetween(Duration.ofHours(12), Duration.ofHours(30));
        assertThat(Simulation.median(sim.stepDelays("ORDER_PLACED", "PAYMENT_RECEIVED", "paymentMethod", "invoice")))
                .isBetween(Duration.ofDays(1), Duration.ofDays(3));
        assertThat(Simulation.median(sim.stepDelays("ORDER_PLACED", "PAYMENT_RECEIVED", "paymentMethod", "card")))
                .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void shouldStopTheIncidentMethodsPaymentsDuringItsWindow() {
        Duration start = Duration.ofMinutes(2);
        Duration length = Duration.ofMinutes(3);
        Simulation sim = Simulation.of(SimulatorConfig.defaults()
                .withIncident(IncidentConfig.once("paypal", start, length))).runFor(Duration.ofMinutes(10));
        Instant from = sim.at(start);
        Instant to = from.plus(length);

        Map<String, List<Instant>> paymentsByMethod = sim.valid().stream().map(Sent::event)
                .filter(e -> e.type().equals("PAYMENT_RECEIVED"))
                .collect(Collectors.groupingBy(e -> e.attributes().get("paymentMethod"),
                        Collectors.mapping(OrderEvent::occurredAt, Collectors.toList())));

        assertThat(paymentsByMethod.get("paypal")).noneMatch(t -> !t.isBefore(from) && t.isBefore(to))
                .anyMatch(t -> t.isBefore(from))
                .anyMatch(t -> !t.isBefore(to));
        assertThat(paymentsByMethod.get("card")).anyMatch(t -> !t.isBefore(from) && t.isBefore(to));
        assertThat(sim.model.stats().incidentHeld()).isGreaterThan(500);
    }

    @Test
    void shouldPayOrCancelHeldOrdersOnceTheIncidentEnds() {
        Duration start = Duration.ofMinutes(2);
        Duration length = Duration.ofMinutes(3);
        Simulation sim = Simulation.of(SimulatorConfig.defaults().withTrouble(TroubleConfig.none())
                .withIncident(IncidentConfig.once("paypal", start, length))).runFor(Duration.ofMinutes(8));
        Instant from = sim.at(start);
        Instant to = from.plus(length);
        Instant drained = to.plus(IncidentConfig.DEFAULT_DRAIN).plus(Simulation.TICK);

        int paid = 0;
        int cancelled = 0;
        for (List<OrderEvent> events : sim.distinctEventsByOrder().values()) {
            OrderEvent placed = events.get(0);
            if (!placed.attributes().get("paymentMethod").equals("paypal") || placed.occurredAt().isBefore(from)
                    || !placed.occurredAt().isBefore(to.minusSeconds(5))) {
                continue;
            }
            OrderEvent outcome = events.stream().filter(e -> !e.type().equals("ORDER_PLACED")).findFirst()
                    .orElseThrow(() -> new AssertionError("held order never paid nor cancelled: " + events));
            assertThat(outcome.occurredAt()).isBetween(to, drained);
            if (outcome.type().equals("PAYMENT_RECEIVED")) {
                paid++;
            } else {
                assertThat(outcome.type()).isEqualTo("ORDER_CANCELLED");
                assertThat(outcome.attributes()).containsEntry("cancelReason", "payment_timeout");
                cancelled++;
            }
        }

        assertThat(paid).isGreaterThan(cancelled).isGreaterThan(100);
        assertThat(cancelled).isGreaterThan(30); // DEFAULT_CANCEL_SHARE 0.2
    }

    @Test
    void shouldRepeatAPeriodicIncident() {
        IncidentConfig periodic = new IncidentConfig(true, "klarna", Duration.ofMinutes(1), Duration.ofMinutes(4),
                Duration.ofMinutes(1), 0, IncidentConfig.DEFAULT_DRAIN);
        Simulation sim = Simulation.of(SimulatorConfig.defaults().withIncident(periodic))
                .runFor(Duration.ofMinutes(10));
        List<Instant> klarna = sim.valid().stream().map(Sent::event)
                .filter(e -> e.type().equals("PAYMENT_RECEIVED") && e.attributes().get("paymentMethod").equals("klarna"))
                .map(OrderEvent::occurredAt).toList();

        for (int minute : new int[] {1, 5, 9}) {
            Instant from = sim.at(Duration.ofMinutes(minute));
            assertThat(klarna).as("window at minute " + minute)
                    .noneMatch(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(60)));
        }
        assertThat(klarna).anyMatch(t -> t.isAfter(sim.at(Duration.ofMinutes(3))) && t.isBefore(sim.at(Duration.ofMinutes(5))));
    }

    @Test
    void shouldLeaveStuckOrdersWithoutFurtherEvents() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults().withTrouble(TroubleConfig.none().withStuck(1)))
                .runFor(Duration.ofMinutes(10));
        Map<String, Long> lastSteps = sim.distinctEventsByOrder().values().stream()
                .map(events -> Simulation.inEventTimeOrder(events).get(events.size() - 1).type())
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));

        assertThat(lastSteps.keySet()).containsExactlyInAnyOrder("ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED");
        assertThat(sim.model.stats().stuck()).isGreaterThan(sim.model.stats().ordersStarted() * 9 / 10);
    }

    @Test
    void shouldCancelOrdersFromPlacedOrPaidOnly() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults()
                .withTrouble(TroubleConfig.none().withCancellations(1))).runFor(Duration.ofMinutes(10));
        Map<String, Long> beforeCancel = new HashMap<>();
        for (List<OrderEvent> events : sim.distinctEventsByOrder().values()) {
            List<String> types = Simulation.inEventTimeOrder(events).stream().map(OrderEvent::type).toList();
            assertThat(types).doesNotContain("ORDER_SHIPPED");
            int c = types.indexOf("ORDER_CANCELLED");
            if (c > 0) {
                beforeCancel.merge(types.get(c - 1), 1L, Long::sum);
            }
        }

        assertThat(beforeCancel.keySet()).containsExactlyInAnyOrder("ORDER_PLACED", "PAYMENT_RECEIVED");
    }

    @Test
    void shouldProduceTheSameRecordsForTheSameSeedAndClock() {
        List<String> a = Simulation.of(SimulatorConfig.defaults(), 7).runFor(Duration.ofMinutes(2)).sent.stream()
                .map(s -> s.sentAt() + " " + s.record().valueAsText()).toList();
        List<String> b = Simulation.of(SimulatorConfig.defaults(), 7).runFor(Duration.ofMinutes(2)).sent.stream()
                .map(s -> s.sentAt() + " " + s.record().valueAsText()).toList();
        List<String> c = Simulation.of(SimulatorConfig.defaults(), 8).runFor(Duration.ofMinutes(2)).sent.stream()
                .map(s -> s.sentAt() + " " + s.record().valueAsText()).toList();

        assertThat(a).hasSizeGreaterThan(1000).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void shouldNotReuseIdsAcrossRunsWithTheSameSeed() {
        Simulation first = Simulation.of(SimulatorConfig.defaults(), 7).runFor(Duration.ofMinutes(1));
        Simulation rerun = Simulation.startingAt(SimulatorConfig.defaults(), 7, Simulation.BEGINNING.plusMillis(1))
                .runFor(Duration.ofMinutes(1));
        Set<String> ids = new HashSet<>();
        first.valid().forEach(s -> {
            ids.add(s.event().eventId());
            ids.add(s.event().orderId());
        });

        assertThat(rerun.valid()).isNotEmpty()
                .noneMatch(s -> ids.contains(s.event().eventId()) || ids.contains(s.event().orderId()));
    }

    @Test
    void shouldKeepOnlyOrdersInFlightInMemory() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults());
        int at30 = 0;
        for (int minute = 1; minute <= 90; minute++) {
            for (int i = 0; i < 600; i++) {
                sim.clock.advance(Simulation.TICK);
                sim.model.poll();
            }
            if (minute == 30) {
                at30 = sim.model.pending();
            }
        }

        // demo pace: an order lives a few minutes, so about rate x lifetime orders are held, not all ever placed
        assertThat(sim.model.stats().ordersStarted()).isGreaterThan(100_000);
        assertThat(sim.model.pending()).isLessThan(20_000).isBetween((int) (at30 * 0.8), (int) (at30 * 1.25));
    }

    @Test
    void shouldSkipNewOrdersAtTheInFlightLimit() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults().withMaxInFlight(50));
        int maxSeen = 0;
        for (int i = 0; i < 60; i++) {
            sim.runFor(Duration.ofSeconds(1));
            maxSeen = Math.max(maxSeen, sim.model.inFlight());
        }

        assertThat(maxSeen).isEqualTo(50);
        assertThat(sim.model.stats().ordersSkipped()).isGreaterThan(500);
    }

    @Test
    void shouldNotBurstAfterTheLoopStalled() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults()).runFor(Duration.ofMinutes(1));
        long beforeStall = sim.model.stats().ordersStarted();
        sim.runFor(Duration.ofMinutes(5), Duration.ofMinutes(5)); // one poll after five silent minutes

        assertThat(sim.model.stats().ordersStarted() - beforeStall)
                .isLessThanOrEqualTo((long) (20 * TrafficModel.MAX_CATCH_UP.toSeconds() * 1.5));
    }

    @Test
    void shouldRecordTheEventEachRecordCarries() {
        assertThat(standard.sent).allSatisfy(s -> {
            if (s.trouble() == Trouble.MALFORMED) {
                assertThat(s.record().event()).as(s.record().toString()).isNull();
            } else {
                assertThat(s.record().event().orderEvent()).as(s.record().toString()).isEqualTo(s.event());
            }
        });
    }

    @Test
    void shouldWalkTheLifecycleItIsGiven() {
        Lifecycle ticket = ProcessPlanTest.TICKET;
        Simulation sim = Simulation.of(SimulatorConfig.defaults(), ticket).runFor(Duration.ofMinutes(10));
        Set<String> types = new HashSet<>();
        // everything that happened before this has been sent; later events may still be held back (late)
        Instant complete = sim.clock.instant().minus(TroubleConfig.DEFAULT_LATE_HOLD.multipliedBy(2))
                .minus(TroubleConfig.DEFAULT_DUPLICATE_DELAY_MAX).minus(TroubleConfig.DEFAULT_OUT_OF_ORDER_GAP_MAX);
        for (List<OrderEvent> events : sim.distinctEventsByOrder().values()) {
            List<String> steps = Simulation.inEventTimeOrder(events, ticket).stream()
                    .filter(e -> e.occurredAt().isBefore(complete))
                    .map(e -> ticket.stepForEventType(e.type()).orElseThrow().name()).toList();
            if (!steps.isEmpty()) {
                assertThat(steps.get(0)).as(steps.toString()).isEqualTo("OPENED");
            }
            for (int i = 1; i < steps.size(); i++) {
                assertThat(ticket.isDirectSuccessor(steps.get(i - 1), steps.get(i))).as(steps.toString()).isTrue();
            }
            events.forEach(e -> types.add(e.type()));
        }

        assertThat(sim.sent.stream().filter(s -> s.trouble() != Trouble.MALFORMED))
                .isNotEmpty().allSatisfy(s -> assertThat(s.valid()).as(s.record().toString()).isTrue());
        assertThat(types).containsExactlyInAnyOrderElementsOf(ticket.eventTypes());
        assertThat(sim.valid().stream().map(Sent::event).filter(e -> e.type().equals("TICKET_OPENED")))
                .allSatisfy(e -> assertThat(e.attributes()).containsKeys("country", "paymentMethod", "amount"));
        assertThat(sim.model.stats().cancelled()).as("rejected tickets").isGreaterThan(100);
    }

    @Test
    void shouldRefuseAnIncidentWhenTheLifecycleHasNoPaymentStep() {
        SimulatorConfig incident = SimulatorConfig.defaults()
                .withIncident(IncidentConfig.once("paypal", Duration.ofMinutes(1), Duration.ofMinutes(1)));

        assertThatThrownBy(() -> Simulation.of(incident, ProcessPlanTest.TICKET))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--incident: ")
                .hasMessageContaining("'ticket' has no step PAID");
    }

    @Test
    void shouldPlaceOrdersEvenlyAtASteadyRate() {
        Simulation sim = Simulation.of(SimulatorConfig.defaults().withArrivals(Arrivals.STEADY), 5);
        for (int seconds : new int[] {10, 30, 60}) {
            sim.runFor(Duration.ofSeconds(seconds).minus(Duration.between(Simulation.BEGINNING, sim.clock.instant())));

            assertThat(sim.model.stats().ordersStarted()).isEqualTo(20L * seconds);
        }
    }
}
