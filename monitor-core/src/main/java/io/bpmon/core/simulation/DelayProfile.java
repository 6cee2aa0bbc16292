package io.bpmon.core.simulation;

import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How long each step takes at real pace, per segment. Every delay is log-normal (a long tail of slow orders);
 * segments shift the median: invoices are paid in days, cards in seconds; Lahr ships slower than
 * Mönchengladbach; Hermes and far-away countries deliver slower. Values not listed take factor 1 (or the
 * fallback payment delay), so a {@code --mix} with new values still works. Steps are known by the names of the
 * default lifecycle (docs/contract.md); a step of another lifecycle takes {@code otherStep}.
 *
 * @param paymentByMethod       PLACED → PAID per payment method
 * @param paymentFallback       PLACED → PAID for a method not listed
 * @param shipping              PAID → SHIPPED before factors
 * @param warehouseFactor       multiplies the shipping median
 * @param channelFactor         multiplies the shipping median (marketplace orders go through a partner)
 * @param delivery              SHIPPED → DELIVERED before factors
 * @param carrierFactor         multiplies the delivery median
 * @param countryFactor         multiplies the delivery median
 * @param returnDelay           DELIVERED → RETURNED
 * @param cancelBeforePayment   PLACED → CANCELLED
 * @param cancelAfterPayment    PAID → CANCELLED
 * @param otherStep             reaching a step not named above
 * @param maxDelay              cap on any single step at real pace, so the tail cannot keep an order in memory forever
 */
public record DelayProfile(
        Map<String, LogNormal> paymentByMethod,
        LogNormal paymentFallback,
        LogNormal shipping,
        Map<String, Double> warehouseFactor,
        Map<String, Double> channelFactor,
        LogNormal delivery,
        Map<String, Double> carrierFactor,
        Map<String, Double> countryFactor,
        LogNormal returnDelay,
        LogNormal cancelBeforePayment,
        LogNormal cancelAfterPayment,
        LogNormal otherStep,
        Duration maxDelay) {

    public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(30);

    public DelayProfile {
        paymentByMethod = Map.copyOf(paymentByMethod);
        warehouseFactor = Map.copyOf(warehouseFactor);
        channelFactor = Map.copyOf(channelFactor);
        carrierFactor = Map.copyOf(carrierFactor);
        countryFactor = Map.copyOf(countryFactor);
    }

    public static DelayProfile defaults() {
        return new DelayProfile(
                Map.of("card", LogNormal.of(Duration.ofSeconds(20), 0.8),
                        "applepay", LogNormal.of(Duration.ofSeconds(10), 0.6),
                        "paypal", LogNormal.of(Duration.ofSeconds(45), 1.0),
                        "klarna", LogNormal.of(Duration.ofMinutes(10), 1.2),
                        "invoice", LogNormal.of(Duration.ofDays(2), 0.8)),
                LogNormal.of(Duration.ofMinutes(5), 1.0),
                LogNormal.of(Duration.ofHours(18), 0.6),
                Map.of("erfurt", 1.0, "moenchengladbach", 0.8, "lahr", 1.5, "brieselang", 1.1),
                Map.of("marketplace", 1.3),
                LogNormal.of(Duration.ofHours(36), 0.5),
                Map.of("dhl", 1.0, "dpd", 1.1, "ups", 0.8, "hermes", 1.6, "gls", 1.2),
                Map.of("DE", 1.0, "AT", 1.3, "CH", 1.8, "FR", 1.5, "NL", 1.2, "PL", 1.5, "IT", 1.8, "ES", 1.9),
                LogNormal.of(Duration.ofDays(6), 0.5),
                LogNormal.of(Duration.ofMinutes(45), 1.2),
                LogNormal.of(Duration.ofHours(3), 1.0),
                LogNormal.of(Duration.ofHours(1), 1.0),
                DEFAULT_MAX_DELAY);
    }

    /**
     * The real-pace delay from reaching {@code from} to reaching {@code to} for an order with these segments: a
     * cancellation by whether it comes before the payment, other steps by name.
     */
    Duration sample(PlannedStep from, PlannedStep to, Segments s, RandomGenerator random) {
        LogNormal d;
        if (to.abandons()) {
            d = from.beforePayment ? cancelBeforePayment : cancelAfterPayment;
        } else {
            d = switch (to.name()) {
                case ProcessPlan.PAYMENT_STEP -> paymentByMethod.getOrDefault(s.paymentMethod(), paymentFallback);
                case "SHIPPED" -> shipping.times(factor(warehouseFactor, s.warehouse())
                        * factor(channelFactor, s.channel()));
                case "DELIVERED" -> delivery.times(factor(carrierFactor, s.carrier())
                        * factor(countryFactor, s.country()));
                case ProcessPlan.RETURN_STEP -> returnDelay;
                default -> otherStep;
            };
        }
        return DurationMath.min(d.sample(random), maxDelay);
    }

    private static double factor(Map<String, Double> factors, String value) {
        return factors.getOrDefault(value, 1.0);
    }
}
