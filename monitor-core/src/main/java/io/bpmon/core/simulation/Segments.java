package io.bpmon.core.simulation;

import java.math.BigDecimal;

/** The facts of one simulated order that rules can scope and group by. */
public record Segments(
        String country,
        String channel,
        String paymentMethod,
        String carrier,
        String warehouse,
        BigDecimal amount,
        String currency) {
}
