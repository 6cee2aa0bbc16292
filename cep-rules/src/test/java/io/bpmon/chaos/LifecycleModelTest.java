package io.bpmon.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleModelTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    static SentEvent e(String type, int second) {
        return new SentEvent("o-1-" + type + "-" + second, "o-1", type, T0.plusSeconds(second));
    }

    @Test
    void shouldFollowTheMainPathToDelivered() {
        assertThat(LifecycleModel.status(List.of(e("ORDER_PLACED", 0), e("PAYMENT_RECEIVED", 1),
                e("ORDER_SHIPPED", 5), e("ORDER_DELIVERED", 9)))).isEqualTo("DELIVERED");
    }

    @Test
    void shouldJudgeByOccurredAtNotByArrival() {
        assertThat(LifecycleModel.status(List.of(e("ORDER_DELIVERED", 9), e("ORDER_PLACED", 0),
                e("ORDER_SHIPPED", 5), e("PAYMENT_RECEIVED", 1)))).isEqualTo("DELIVERED");
    }

    @Test
    void shouldBreakTiesInLifecycleOrder() {
        assertThat(LifecycleModel.status(List.of(e("PAYMENT_RECEIVED", 0), e("ORDER_PLACED", 0)))).isEqualTo("PAID");
    }

    @Test
    void shouldCancelFromPaidAndIgnoreWhatComesAfterATerminalStep() {
        assertThat(LifecycleModel.status(List.of(e("ORDER_PLACED", 0), e("PAYMENT_RECEIVED", 1),
                e("ORDER_CANCELLED", 4), e("ORDER_SHIPPED", 6)))).isEqualTo("CANCELLED");
    }

    @Test
    void shouldLetALaterStepCountAcrossAGap() {
        assertThat(LifecycleModel.status(List.of(e("ORDER_PLACED", 0), e("ORDER_SHIPPED", 5)))).isEqualTo("SHIPPED");
    }

    @Test
    void shouldReturnAfterDelivery() {
        assertThat(LifecycleModel.status(List.of(e("ORDER_PLACED", 0), e("PAYMENT_RECEIVED", 1),
                e("ORDER_SHIPPED", 5), e("ORDER_DELIVERED", 9), e("ORDER_RETURNED", 14)))).isEqualTo("RETURNED");
    }

    @Test
    void shouldNotGoBackForAStepBehind() {
        assertThat(LifecycleModel.statuses(List.of(e("ORDER_PLACED", 0), e("ORDER_SHIPPED", 5),
                e("PAYMENT_RECEIVED", 7)))).containsExactly("PLACED", "SHIPPED", "SHIPPED");
    }

    @Test
    void shouldHaveNoStatusWithoutEvents() {
        assertThat(LifecycleModel.status(List.of())).isNull();
    }
}
