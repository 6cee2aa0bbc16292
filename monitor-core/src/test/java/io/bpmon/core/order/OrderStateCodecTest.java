package io.bpmon.core.order;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.seconds;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.withSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderStateCodecTest {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    private final OrderStateCodec codec = new OrderStateCodec(LIFECYCLE);

    private OrderState roundTrip(OrderState state) {
        return codec.decode(codec.encode(state));
    }

    /** Everything the codec must keep: the served document, plus what the document does not show. */
    private static void assertSameState(OrderState actual, OrderState expected) {
        assertThat(OrderDocument.of(actual, LIFECYCLE)).isEqualTo(OrderDocument.of(expected, LIFECYCLE));
        assertThat(actual.timeline()).isEqualTo(expected.timeline());
        assertThat(actual.orderId()).isEqualTo(expected.orderId());
        assertThat(actual.revision()).isEqualTo(expected.revision());
        assertThat(actual.partitionTime()).isEqualTo(expected.partitionTime());
        assertThat(actual.lateEvents()).isEqualTo(expected.lateEvents());
        assertThat(actual.overflowEvents()).isEqualTo(expected.overflowEvents());
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.steps()).isEqualTo(expected.steps());
        assertThat(actual.attributes()).isEqualTo(expected.attributes());
    }

    @Test
    void shouldPreserveEverythingOfABusyOrder() {
        OrderState state = new OrderState("o-1");
        OrderEvent placed = withSource(placed("o-1", BEGINNING, "country", "DE", "amount", "59.9"), "checkout")
                .withReceivedAt(seconds(1));
        state.apply(shipped("o-1", hours(4), "carrier", "dhl").withReceivedAt(hours(4)), false, LIFECYCLE);
        state.apply(placed, false, LIFECYCLE);
        state.apply(placed, false, LIFECYCLE);
        state.apply(cancelled("o-1", hours(5)), true, LIFECYCLE);
        state.apply(shipped("o-1", hours(6), "carrier", "ups"), true, LIFECYCLE);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        // the scenario exercised what it should
        assertThat(decoded.gaps()).isEqualTo(1);
        assertThat(decoded.violations()).isEqualTo(1);
        assertThat(decoded.duplicateEvents()).isEqualTo(1);
        assertThat(decoded.lateEvents()).isEqualTo(2);
        assertThat(decoded.partitionTime()).isEqualTo(hours(4));
        assertThat(decoded.timeline()).extracting(TimelineEntry::conformance).containsOnlyOnce(
                "gap: SHIPPED reached without PAID",
                "violation: ORDER_CANCELLED is not allowed after SHIPPED");
    }

    @Test
    void shouldPreserveNullSourceAndReceivedAt() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.timeline().get(0).source()).isNull();
        assertThat(decoded.timeline().get(0).receivedAt()).isNull();
        assertThat(decoded.lastReceivedAt()).isNull();
    }

    @Test
    void shouldPreserveAnEmptyOrder() {
        OrderState state = new OrderState("o-1");

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.status()).isNull();
        assertThat(decoded.partitionTime()).isNull();
    }

    @Test
    void shouldPreserveAttributeValuesBeyondTheLimitOfWriteUtf() {
        String longValue = "ü".repeat(70_000); // 140,000 bytes of UTF-8
        OrderState state = new OrderState("o-1");
        state.apply(withSource(placed("o-1", BEGINNING, "note", longValue, "k".repeat(40_000), "v"),
                "s".repeat(70_000)), false, LIFECYCLE);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.attributes().get("note")).isEqualTo(longValue);
        assertThat(decoded.timeline().get(0).source()).hasSize(70_000);
    }

    @Test
    void shouldPreserveNonAsciiText() {
        OrderState state = new OrderState("ö-🛒-1");
        state.apply(withSource(placed("ö-🛒-1", BEGINNING, "city", "München", "emoji", "📦", "nul", "a\u0000b"),
                "Kasse ✓"), false, LIFECYCLE);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.attributes()).containsEntry("emoji", "📦").containsEntry("nul", "a\u0000b");
    }

    @Test
    void shouldPreserveInstantsToTheNanosecond() {
        Instant precise = Instant.parse("2026-11-28T10:15:30.123456789Z");
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", beforeEpoch).withReceivedAt(precise), false, LIFECYCLE);
        state.apply(paid("o-1", precise).withReceivedAt(beforeEpoch), false, LIFECYCLE);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.steps()).containsEntry("PLACED", beforeEpoch).containsEntry("PAID", precise);
        assertThat(decoded.partitionTime()).isEqualTo(beforeEpoch);
    }

    @Test
    void shouldPreserveAFullTimelineAndItsOverflowCount() {
        OrderState state = new OrderState("o-1");
        state.apply(placed("o-1", BEGINNING), false, LIFECYCLE);
        for (int i = 1; i <= OrderState.MAX_TIMELINE + 3; i++) {
            state.apply(shipped("o-1", seconds(i)), false, LIFECYCLE);
        }
        assertThat(state.overflowEvents()).isEqualTo(4);

        OrderState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.timeline()).hasSize(OrderState.MAX_TIMELINE);
    }

    @Test
    void shouldContinueADecodedOrderExactlyLikeTheOriginal() {
        OrderEvent placed = placed("o-1", BEGINNING, "country", "DE");
        OrderEvent paid = paid("o-1", minutes(5));
        OrderState original = new OrderState("o-1");
        original.apply(placed, false, LIFECYCLE);
        original.apply(paid, false, LIFECYCLE);
        OrderState decoded = roundTrip(original);

        for (OrderState s : new OrderState[] {original, decoded}) {
            assertThat(s.apply(placed, false, LIFECYCLE)).isEqualTo(Outcome.DUPLICATE);
            assertThat(s.apply(shipped("o-1", hours(1)), true, LIFECYCLE)).isEqualTo(Outcome.APPLIED);
        }
        // the shipped events got different eventIds; compare what does not depend on them
        assertThat(decoded.status()).isEqualTo(original.status()).isEqualTo("SHIPPED");
        assertThat(decoded.revision()).isEqualTo(original.revision()).isEqualTo(4);
        assertThat(decoded.duplicateEvents()).isEqualTo(original.duplicateEvents()).isEqualTo(1);
        assertThat(decoded.lateEvents()).isEqualTo(original.lateEvents()).isEqualTo(1);
        assertThat(decoded.steps()).isEqualTo(original.steps());
    }

    @Test
    void shouldKeepAnInFlightOrderSmall() {
        OrderState state = new OrderState("o-1001");
        state.apply(placed("o-1001", BEGINNING, "country", "DE", "channel", "app", "amount", "59.9")
                .withReceivedAt(BEGINNING), false, LIFECYCLE);
        state.apply(paid("o-1001", minutes(5), "paymentMethod", "card").withReceivedAt(minutes(5)), false, LIFECYCLE);
        state.apply(shipped("o-1001", hours(4), "carrier", "dhl").withReceivedAt(hours(4)), false, LIFECYCLE);
        state.apply(delivered("o-1001", hours(30)).withReceivedAt(hours(30)), false, LIFECYCLE);

        assertThat(codec.encode(state)).hasSizeLessThan(1024);
    }

    @Test
    void shouldRejectUnknownFormatVersion() {
        byte[] bytes = codec.encode(new OrderState("o-1"));
        bytes[0] = 99;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("99");
    }
}
