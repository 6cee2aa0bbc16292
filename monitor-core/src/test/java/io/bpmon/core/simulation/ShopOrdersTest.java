package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopOrdersTest {

    private static final SimulatorConfig REAL = SimulatorConfig.defaults().withTimeScale(Pace.REAL.timeScale());
    private final ShopOrders shop = new ShopOrders(Simulation.LIFECYCLE, REAL, 11, "h-");

    @Test
    void shouldGiveOneOrderTheSameSegmentsAndIdsWhicheverEventIsAskedFor() {
        Instant at = Simulation.BEGINNING;
        SimulatedEvent placed = shop.mainPathEvent(5, 0, at);
        SimulatedEvent paid = shop.mainPathEvent(5, 1, at);

        assertThat(placed.orderId()).isEqualTo("h-5").isEqualTo(paid.orderId());
        assertThat(placed.type()).isEqualTo("ORDER_PLACED");
        assertThat(placed.attributes()).containsOnlyKeys(SegmentMix.ATTRIBUTES);
        assertThat(paid.attributes().get("paymentMethod")).isEqualTo(placed.attributes().get("paymentMethod"))
                .isEqualTo(shop.segments(5).paymentMethod());
        assertThat(shop.mainPathEvent(5, 1, at)).isEqualTo(paid);
        assertThat(paid.eventId()).isNotEqualTo(placed.eventId());
        assertThat(shop.mainPathEvent(6, 1, at).eventId()).isNotEqualTo(paid.eventId());
    }

    @Test
    void shouldWalkEachOrdersHistoryWithTheSimulatorsFatesAndDelays() {
        Instant placedAt = Simulation.BEGINNING;
        Instant monthLater = placedAt.plus(Duration.ofDays(30));
        int cancelled = 0;
        int returned = 0;
        int unfinished = 0;
        for (int n = 0; n < 2000; n++) {
            List<SimulatedEvent> history = shop.history(n, placedAt, monthLater);
            List<String> steps = history.stream()
                    .map(e -> Simulation.LIFECYCLE.stepForEventType(e.type()).orElseThrow().name()).toList();
            assertThat(steps.get(0)).isEqualTo("PLACED");
            for (int i = 1; i < steps.size(); i++) {
                assertThat(Simulation.LIFECYCLE.isDirectSuccessor(steps.get(i - 1), steps.get(i))).as(steps.toString())
                        .isTrue();
                assertThat(history.get(i).occurredAt()).isAfter(history.get(i - 1).occurredAt());
            }
            assertThat(history).allSatisfy(e -> assertThat(Simulation.PARSER.parse(e.json(), monthLater).isValid()).isTrue());
            cancelled += steps.contains("CANCELLED") ? 1 : 0;
            returned += steps.contains("RETURNED") ? 1 : 0;
            unfinished += Simulation.LIFECYCLE.isTerminal(steps.get(steps.size() - 1)) ? 0 : 1;
        }

        assertThat(cancelled).isBetween(40, 130); // 4 %
        assertThat(returned).isBetween(100, 220); // 8 % of the delivered
        assertThat(unfinished).as("stuck, 1 %").isBetween(5, 50);
        assertThat(shop.history(1, placedAt, placedAt)).hasSize(1);
    }
}
