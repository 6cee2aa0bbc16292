package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.RollupConfig;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily roll-up in Flink's harnesses (docs/daily-rollup.md): the order operator's deltas fed into the roll-up
 * operator, with explicit watermarks and processing time. Coalescing (one record per changed day and segment per
 * interval), recompute of a past day by a late event, an order moving to another day, a breach found by a deadline
 * timer, and retention.
 */
class DailyRollupHarnessTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration RETENTION = Duration.ofDays(3);
    private static final String DAY1_DE = "[\"2026-11-28\",\"DE\"]";
    private static final String DAY2_DE = "[\"2026-11-29\",\"DE\"]";

    private OrderStateHarness orders;
    private KeyedOneInputStreamOperatorTestHarness<String, RollupDelta, RollupChange> rollup;
    private int fed;
    private long processingTime = 1_000;

    @BeforeEach
    void open() throws Exception {
        OrderStateHarness.WALL.set(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());
        orders = OrderStateHarness.open(Duration.ofDays(7), Duration.ofDays(30));
        rollup = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RollupFunction(new RollupConfig(List.of("country"), INTERVAL, RETENTION)), RollupDelta::key,
                Types.STRING);
        rollup.setProcessingTime(processingTime);
    }

    @AfterEach
    void close() throws Exception {
        rollup.close();
        orders.close();
    }

    /** Hands the roll-up operator the deltas the order operator emitted since the last call. */
    private void feed() throws Exception {
        List<RollupDelta> deltas = orders.rollupDeltas();
        for (RollupDelta d : deltas.subList(fed, deltas.size())) {
            rollup.processElement(new StreamRecord<>(d));
        }
        fed = deltas.size();
    }

    private void watermark(Instant at) throws Exception {
        orders.watermark(at);
        feed();
        rollup.processWatermark(at.toEpochMilli());
    }

    /** Moves processing time on by one interval: every changed (day, segment) is published. */
    private void tick() throws Exception {
        processingTime += INTERVAL.toMillis();
        rollup.setProcessingTime(processingTime);
    }

    private List<RollupChange> published() {
        return rollup.extractOutputValues();
    }

    /** The newest record of each key (null: a tombstone). */
    private Map<String, JsonNode> latest() {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (RollupChange c : published()) {
            latest.put(c.key(), c.json() == null ? null : json(c.json()));
        }
        return latest;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldPublishEachChangedDayAndSegmentOncePerIntervalNotOncePerEvent() throws Exception {
        for (int i = 0; i < 50; i++) {
            orders.send(placed("o-" + i, minutes(i), "country", "DE"));
            orders.send(paid("o-" + i, minutes(i + 5)));
        }
        feed();
        assertThat(orders.rollupDeltas()).as("one delta per event that changed an order's contribution").hasSize(100);
        assertThat(published()).as("nothing before the interval ends").isEmpty();

        tick();

        assertThat(published()).hasSize(1);
        RollupChange first = published().get(0);
        assertThat(first.key()).isEqualTo(DAY1_DE);
        assertThat(first.revision()).isEqualTo(1);
        JsonNode r = json(first.json());
        assertThat(r.path("orders").asLong()).isEqualTo(50);
        assertThat(r.path("steps").path("PLACED->PAID").path("count").asLong()).isEqualTo(50);
        assertThat(r.path("steps").path("PLACED->PAID").path("medianMillis").asLong())
                .isCloseTo(300_000, offset(3_000L));

        tick();
        assertThat(published()).as("nothing changed, nothing published").hasSize(1);

        orders.send(placed("o-x", minutes(100), "country", "DE"));
        feed();
        tick();
        assertThat(published()).hasSize(2);
        assertThat(published().get(1).revision()).isEqualTo(2);
        assertThat(json(published().get(1).json()).path("orders").asLong()).isEqualTo(51);
    }

    @Test
    void shouldComputeNoRollupWhenItIsSwitchedOff() throws Exception {
        try (OrderStateHarness off = OrderStateHarness.withRollup(
                new RollupConfig(List.of("country"), INTERVAL, RETENTION, false))) {
            off.rule("pay", """
                    {"id":"pay","name":"Payment in time","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                     "maxDuration":"PT30M","severity":"WARNING","version":1}""");
            off.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
            off.send(placed("o-2", minutes(1), "country", "FR"));
            off.watermark(minutes(60)); // o-2's breach: a timer that changes its alerts

            assertThat(off.alerts()).as("the rules still work").hasSize(1);
            assertThat(off.orderStates()).as("and the order-state records").hasSize(4);
            assertThat(off.rollupDeltas()).as("but no roll-up deltas").isEmpty();
        }
        try (OrderStateHarness on = OrderStateHarness.withRollup(
                new RollupConfig(List.of("country"), INTERVAL, RETENTION, true))) {
            on.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
            assertThat(on.rollupDeltas()).as("the same settings switched on").hasSize(2);
        }
    }

    @Test
    void shouldRecomputeAPastDayWhenALateEventMovesAnOrdersPaidTime() throws Exception {
        orders.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
        orders.sendAll(placed("o-2", minutes(1), "country", "DE"), paid("o-2", minutes(21)));
        orders.sendAll(placed("o-3", minutes(2), "country", "DE"), paid("o-3", minutes(32)));
        orders.send(placed("o-4", hours(24), "country", "DE")); // the next day
        watermark(hours(26));
        tick();
        assertThat(latest().get(DAY1_DE).path("steps").path("PLACED->PAID").path("medianMillis").asLong())
                .isCloseTo(1_200_000, offset(12_000L));
        assertThat(latest()).containsKeys(DAY1_DE, DAY2_DE);
        int before = published().size();

        // o-3's first payment was recorded late: it paid 3 minutes after placing, not 30; day 1 is behind the watermark
        orders.send(paid("o-3", minutes(5)));
        assertThat(orders.counter("lateEvents")).isEqualTo(1);
        feed();
        tick();

        List<RollupChange> since = published().subList(before, published().size());
        assertThat(since).as("only the past day changed").extracting(RollupChange::key).containsExactly(DAY1_DE);
        JsonNode day1 = json(since.get(0).json());
        assertThat(day1.path("revision").asLong()).isEqualTo(2);
        assertThat(day1.path("orders").asLong()).isEqualTo(3);
        JsonNode pay = day1.path("steps").path("PLACED->PAID");
        assertThat(pay.path("count").asLong()).isEqualTo(3);
        assertThat(pay.path("medianMillis").asLong()).as("3, 10, 20 minutes").isCloseTo(600_000, offset(6_000L));
        assertThat(pay.path("p95Millis").asLong()).isCloseTo(1_200_000, offset(12_000L));
    }

    @Test
    void shouldMoveAnOrderToTheDayOfItsLatePlacementAndTombstoneTheDayItLeft() throws Exception {
        orders.send(paid("o-1", hours(14).plusSeconds(60), "country", "DE")); // 00:01 on day 2, placement unknown
        feed();
        tick();
        assertThat(latest()).containsOnlyKeys(DAY2_DE);

        orders.send(placed("o-1", hours(13), "country", "DE")); // 23:00 on day 1
        feed();
        tick();

        assertThat(latest()).containsKeys(DAY1_DE, DAY2_DE);
        assertThat(latest().get(DAY2_DE)).as("its only order left: a tombstone").isNull();
        assertThat(latest().get(DAY1_DE).path("orders").asLong()).isEqualTo(1);
        assertThat(latest().get(DAY1_DE).path("steps").path("PLACED->PAID").path("medianMillis").asLong())
                .isCloseTo(3_660_000, offset(36_600L));
    }

    @Test
    void shouldCountABreachFoundByADeadlineTimer() throws Exception {
        orders.rule("pay", """
                {"id":"pay","name":"Paid in 30 min","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT30M","severity":"WARNING","version":1}""");
        orders.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
        orders.send(placed("o-2", BEGINNING, "country", "DE"));
        feed();
        tick();
        JsonNode pay = latest().get(DAY1_DE).path("rules").path("pay");
        assertThat(pay.path("met").asLong()).isEqualTo(1);
        assertThat(pay.path("pending").asLong()).isEqualTo(1);

        watermark(minutes(31)); // o-2's deadline passes: the order operator's timer raises the alert
        tick();

        pay = latest().get(DAY1_DE).path("rules").path("pay");
        assertThat(pay.path("inScope").asLong()).isEqualTo(2);
        assertThat(pay.path("breached").asLong()).isEqualTo(1);
        assertThat(pay.path("pending").asLong()).isZero();
        assertThat(pay.path("compliancePercent").decimalValue()).isEqualByComparingTo("50");

        // a rule change re-judges the order: with 2 hours allowed, o-2 no longer breached (its alert is withdrawn)
        orders.rule("pay", """
                {"id":"pay","name":"Paid in 2 h","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT2H","severity":"WARNING","version":2}""");
        feed();
        tick();
        pay = latest().get(DAY1_DE).path("rules").path("pay");
        assertThat(pay.path("breached").asLong()).isZero();
        assertThat(pay.path("pending").asLong()).isEqualTo(1);
    }

    @Test
    void shouldDropADayOnceItsRetentionHasPassedAndIgnoreLaterChangesToIt() throws Exception {
        orders.sendAll(placed("o-1", BEGINNING, "country", "DE"), paid("o-1", minutes(10)));
        feed();
        tick();
        assertThat(rollup.numKeyedStateEntries()).isPositive();

        // day 1 ends at 2026-11-29T00:00Z; three days later it is dropped
        watermark(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(rollup.numKeyedStateEntries()).isZero();
        assertThat(rollup.numEventTimeTimers()).isZero();

        orders.send(paid("o-1", minutes(3))); // a very late event of that day: the order changes, the roll-up does not
        feed();
        tick();
        assertThat(published()).hasSize(1);
        assertThat(rollup.numKeyedStateEntries()).isZero();
    }
}
