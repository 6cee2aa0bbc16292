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

    /**
     * The value of one of {@link SegmentMix#ATTRIBUTES}, as an event attribute.
     *
     * @throws IllegalArgumentException for any other name
     */
    public Object value(String attribute) {
        return switch (attribute) {
            case SegmentMix.COUNTRY -> country;
            case SegmentMix.CHANNEL -> channel;
            case SegmentMix.PAYMENT_METHOD -> paymentMethod;
            case SegmentMix.CARRIER -> carrier;
            case SegmentMix.WAREHOUSE -> warehouse;
            case SegmentMix.AMOUNT -> amount;
            case SegmentMix.CURRENCY -> currency;
            default -> throw new IllegalArgumentException("not a segment attribute: " + attribute);
        };
    }
}
