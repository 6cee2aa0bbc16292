package io.bpmon.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.EventParser;
import io.bpmon.core.lifecycle.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** Ten minutes of traffic, read every 100 ms; then the orders under way finish. */
    static List<Traffic.Outgoing> tenMinutes(Traffic traffic, List<byte[]> invalid) {
        List<Traffic.Outgoing> out = new ArrayList<>();
        for (long ms = 0; ms <= 600_000; ms += 100) {
            out.addAll(traffic.due(T0.plusMillis(ms)));
            invalid.addAll(traffic.takeInvalid());
        }
        traffic.stopNewOrders();
        for (long ms = 600_100; !traffic.finished(); ms += 100) {
            out.addAll(traffic.due(T0.plusMillis(ms)));
            invalid.addAll(traffic.takeInvalid());
        }
        return out;
    }

    @Test
    void shouldSendTheSameTrafficForTheSameSeed() {
        List<Traffic.Outgoing> a = tenMinutes(new Traffic(7, 50, T0), new ArrayList<>());
        List<Traffic.Outgoing> b = tenMinutes(new Traffic(7, 50, T0), new ArrayList<>());
        List<Traffic.Outgoing> c = tenMinutes(new Traffic(8, 50, T0), new ArrayList<>());
        assertThat(a).extracting(o -> new String(o.json())).isEqualTo(b.stream().map(o -> new String(o.json())).toList());
        assertThat(a).extracting(o -> new String(o.json())).isNotEqualTo(c.stream().map(o -> new String(o.json())).toList());
    }

    @Test
    void shouldComeCloseToTheRateWithTheKindsAndTroubleItPromises() {
        List<byte[]> invalid = new ArrayList<>();
        List<Traffic.Outgoing> sends = tenMinutes(new Traffic(1, 50, T0), invalid);
        double rate = sends.size() / 600.0;
        assertThat(rate).isBetween(45.0, 55.0);
        long copies = sends.stream().filter(Traffic.Outgoing::copy).count();
        assertThat((double) copies / sends.size()).isBetween(0.02, 0.04);
        assertThat((double) invalid.size() / sends.size()).isBetween(0.005, 0.015);

        Map<String, List<String>> types = new HashMap<>();
        sends.stream().filter(o -> !o.copy()).forEach(o -> types.computeIfAbsent(o.event().orderId(),
                k -> new ArrayList<>()).add(o.event().type()));
        long breaches = types.values().stream().filter(t -> t.equals(List.of("ORDER_PLACED"))).count();
        long stalls = types.values().stream().filter(t -> t.size() == 3 && t.get(2).equals("ORDER_SHIPPED")).count();
        assertThat((double) breaches / types.size()).isBetween(0.02, 0.04);
        assertThat((double) stalls / types.size()).isBetween(0.02, 0.04);
    }

    @Test
    void shouldSendEveryEventAtItsOccurredAtAndPlacementWithPayment() {
        Traffic traffic = new Traffic(3, 50, T0);
        for (long ms = 0; ms <= 120_000; ms += 100) {
            Instant now = T0.plusMillis(ms);
            List<Traffic.Outgoing> due = traffic.due(now);
            for (Traffic.Outgoing o : due) {
                assertThat(o.event().occurredAt()).isBeforeOrEqualTo(now);
                if (!o.copy() && o.event().type().equals("PAYMENT_RECEIVED")) {
                    // the placement of the same order is in the same request (or earlier, never later)
                    assertThat(due).anyMatch(p -> p.event().orderId().equals(o.event().orderId())
                            && p.event().type().equals("ORDER_PLACED"));
                }
            }
        }
    }

    @Test
    void shouldMakeNoBreachingOrStallingOrdersWhenTold() {
        Traffic traffic = new Traffic(1, 50, T0);
        traffic.allow(false, false);
        List<Traffic.Outgoing> sends = tenMinutes(traffic, new ArrayList<>());
        Map<String, RuleModel.Order> orders = new HashMap<>();
        sends.stream().filter(o -> !o.copy()).forEach(o -> orders.computeIfAbsent(o.event().orderId(),
                k -> new RuleModel.Order(k, o.channel(), o.country(), new ArrayList<>())).events().add(o.event()));
        var e = new RuleModel(Duration.ofSeconds(10)).judge(List.copyOf(orders.values()), T0.plusSeconds(3600));
        assertThat(e.alerts()).isEmpty();
        assertThat(e.undecided()).isEmpty();
    }

    @Test
    void shouldMakeValidEventsAndInvalidRecordsTheParserRefuses() {
        List<byte[]> invalid = new ArrayList<>();
        List<Traffic.Outgoing> sends = tenMinutes(new Traffic(1, 50, T0), invalid);
        EventParser parser = new EventParser(Lifecycle.load(Lifecycle.DEFAULT_RESOURCE));
        assertThat(sends).allSatisfy(o -> assertThat(parser.parse(o.json(), o.event().occurredAt()).isValid())
                .as(new String(o.json())).isTrue());
        assertThat(invalid).isNotEmpty().allSatisfy(v -> assertThat(parser.parse(v, T0).isValid())
                .as(new String(v)).isFalse());
        assertThat(invalid.stream().map(String::new).distinct().count()).isEqualTo(invalid.size());
    }

    @Test
    void shouldPlaceABurstWithinOneBucketBeforeNow() {
        Traffic traffic = new Traffic(1, 50, T0);
        Instant now = T0.plusMillis(4_000);
        List<Traffic.Outgoing> burst = traffic.burst(now);
        assertThat(burst).hasSize(2 * Traffic.BURST_ORDERS);
        assertThat(burst).filteredOn(o -> o.event().type().equals("ORDER_PLACED")).hasSize(Traffic.BURST_ORDERS)
                .allSatisfy(o -> assertThat(o.event().occurredAt()).isBetween(T0, now));
        assertThat(burst).allSatisfy(o -> assertThat(o.channel()).isEqualTo(ChaosRules.BURST_CHANNEL));
    }
}
