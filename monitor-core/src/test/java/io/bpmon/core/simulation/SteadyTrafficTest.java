package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.event.ValidationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SteadyTrafficTest {

    private static final long END = Simulation.BEGINNING.toEpochMilli();
    private static final int ORDERS = 2000;

    private static List<SimulatedRecord> generate(SteadyTraffic traffic) {
        List<SimulatedRecord> records = new ArrayList<>();
        SteadyTraffic.Summary summary = traffic.generate(records::add);
        assertThat(summary.records()).isEqualTo(records.size());
        return records;
    }

    @Test
    void shouldSendEveryStepOfEveryOrderAndCountTheTroubleItMade() {
        SteadyTraffic traffic = new SteadyTraffic(Simulation.LIFECYCLE, ORDERS, 1, END);
        List<SimulatedRecord> records = new ArrayList<>();
        SteadyTraffic.Summary summary = traffic.generate(records::add);
        Map<String, List<String>> typesByOrder = new HashMap<>();
        Set<String> ids = new HashSet<>();
        long valid = 0;
        for (SimulatedRecord r : records) {
            ValidationResult<OrderEvent> parsed = Simulation.PARSER.parse(r.value());
            assertThat(parsed.isValid()).as(r.toString()).isEqualTo(r.trouble() != Trouble.MALFORMED);
            if (parsed.isValid()) {
                valid++;
                assertThat(r.key()).isEqualTo(parsed.value().orderId());
                if (ids.add(parsed.value().eventId())) {
                    typesByOrder.computeIfAbsent(r.key(), o -> new ArrayList<>()).add(parsed.value().type());
                }
            }
        }

        assertThat(typesByOrder).hasSize(ORDERS).allSatisfy((order, types) -> assertThat(types)
                .containsExactlyInAnyOrder("ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED", "ORDER_DELIVERED"));
        assertThat(summary.valid()).isEqualTo(valid).isEqualTo(ORDERS * 4L + summary.duplicates());
        assertThat(summary.duplicates()).isBetween(ORDERS * 4 / 200L, ORDERS * 4 / 50L); // 1 %
        assertThat(summary.swappedOrders()).isBetween(ORDERS / 100L, ORDERS / 25L); // 2 %
        assertThat(records.stream().filter(r -> r.trouble() == Trouble.DUPLICATE).count())
                .isEqualTo(summary.duplicates());
        assertThat(traffic.inFlight()).isEqualTo(3 * (ORDERS / 4));
        assertThat(SteadyTraffic.ordersFor(Simulation.LIFECYCLE, 1_000_000)).isBetween(247_000, 248_000);
    }

    @Test
    void shouldKeepAnOrdersStepsApartAndTheStreamInEventTimeOrder() {
        SteadyTraffic traffic = new SteadyTraffic(Simulation.LIFECYCLE, ORDERS, 1, END);
        Map<String, OrderEvent> placed = new HashMap<>();
        long latest = 0;
        for (SimulatedRecord r : generate(traffic)) {
            if (r.trouble() == Trouble.NONE) {
                long at = r.event().occurredAt().toEpochMilli();
                assertThat(at).as(r.toString()).isGreaterThan(latest - SteadyTraffic.SLOT_MILLIS).isLessThan(END);
                latest = Math.max(latest, at);
            }
            if (r.trouble() == Trouble.LATE) {
                assertThat(r.event().type()).isEqualTo("ORDER_PLACED");
                assertThat(latest - r.event().occurredAt().toEpochMilli()).as("sent that late")
                        .isGreaterThan((ORDERS / 4 - 1) * SteadyTraffic.SLOT_MILLIS);
            }
            if (r.event() != null && r.event().type().equals("ORDER_PLACED")) {
                placed.put(r.key(), r.event().orderEvent());
            }
            if (r.event() != null && r.event().type().equals("PAYMENT_RECEIVED") && placed.containsKey(r.key())) {
                assertThat(r.event().occurredAt()).isAfter(placed.get(r.key()).occurredAt()
                        .plusMillis((ORDERS / 4 - 1) * SteadyTraffic.SLOT_MILLIS));
            }
        }
    }

    @Test
    void shouldGiveAnyEventAgainByNumber() {
        SteadyTraffic traffic = new SteadyTraffic(Simulation.LIFECYCLE, ORDERS, 1, END);
        Map<String, byte[]> sent = new HashMap<>();
        for (SimulatedRecord r : generate(traffic)) {
            if (r.event() != null) {
                sent.put(r.event().eventId(), r.value());
            }
        }

        for (int o : new int[] {0, 1, 777, ORDERS - 1}) {
            for (int k = 0; k < traffic.eventsPerOrder(); k++) {
                SimulatedEvent e = traffic.event(o, k);
                assertThat(e.orderId()).isEqualTo(traffic.orderId(o));
                assertThat(e.json()).isEqualTo(sent.get(e.eventId()));
                assertThat(e.orderEvent()).isEqualTo(Simulation.PARSER.parse(e.json()).value());
            }
        }
    }

    @Test
    void shouldSendTheSameRecordsForTheSameSeed() {
        List<String> a = generate(new SteadyTraffic(Simulation.LIFECYCLE, 500, 7, END)).stream()
                .map(SimulatedRecord::valueAsText).toList();
        List<String> b = generate(new SteadyTraffic(Simulation.LIFECYCLE, 500, 7, END)).stream()
                .map(SimulatedRecord::valueAsText).toList();
        List<String> c = generate(new SteadyTraffic(Simulation.LIFECYCLE, 500, 8, END)).stream()
                .map(SimulatedRecord::valueAsText).toList();

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
