package io.bpmon.core.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How often each segment value occurs: the country, channel, payment method, carrier and warehouse of a new order,
 * drawn independently, plus its amount and currency. The default is a plausible central-European web shop.
 */
public record SegmentMix(
        WeightedChoice<String> country,
        WeightedChoice<String> channel,
        WeightedChoice<String> paymentMethod,
        WeightedChoice<String> carrier,
        WeightedChoice<String> warehouse) {

    public static final String COUNTRY = "country";
    public static final String CHANNEL = "channel";
    public static final String PAYMENT_METHOD = "paymentMethod";
    public static final String CARRIER = "carrier";
    public static final String WAREHOUSE = "warehouse";
    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    /** Every attribute of {@link Segments}, in the order a placement carries them. */
    public static final List<String> ATTRIBUTES =
            List.of(COUNTRY, CHANNEL, PAYMENT_METHOD, CARRIER, WAREHOUSE, AMOUNT, CURRENCY);

    public static final WeightedChoice<String> DEFAULT_COUNTRIES = WeightedChoice.of(
            "DE", 40, "AT", 8, "CH", 7, "FR", 12, "NL", 10, "PL", 8, "IT", 8, "ES", 7);
    public static final WeightedChoice<String> DEFAULT_CHANNELS = WeightedChoice.of(
            "web", 50, "app", 38, "marketplace", 12);
    public static final WeightedChoice<String> DEFAULT_PAYMENT_METHODS = WeightedChoice.of(
            "card", 32, "paypal", 28, "klarna", 18, "invoice", 14, "applepay", 8);
    public static final WeightedChoice<String> DEFAULT_CARRIERS = WeightedChoice.of(
            "dhl", 45, "dpd", 20, "hermes", 15, "ups", 12, "gls", 8);
    public static final WeightedChoice<String> DEFAULT_WAREHOUSES = WeightedChoice.of(
            "erfurt", 35, "moenchengladbach", 30, "lahr", 20, "brieselang", 15);

    /** Median basket value in EUR; the amount is log-normal around it. */
    public static final double MEDIAN_AMOUNT_EUR = 60;
    private static final double AMOUNT_SIGMA = 0.7;

    /** Local currency and its units per EUR; every other country pays in EUR. */
    private static final Map<String, String> CURRENCY_BY_COUNTRY = Map.of(
            "CH", "CHF", "PL", "PLN", "CZ", "CZK", "SE", "SEK", "DK", "DKK", "GB", "GBP");
    private static final Map<String, Double> UNITS_PER_EUR = Map.of(
            "CHF", 0.95, "PLN", 4.3, "CZK", 25.0, "SEK", 11.5, "DKK", 7.46, "GBP", 0.85);

    public SegmentMix {
        if (country == null || channel == null || paymentMethod == null || carrier == null || warehouse == null) {
            throw new IllegalArgumentException("every segment needs a mix");
        }
    }

    public static SegmentMix defaults() {
        return new SegmentMix(DEFAULT_COUNTRIES, DEFAULT_CHANNELS, DEFAULT_PAYMENT_METHODS, DEFAULT_CARRIERS,
                DEFAULT_WAREHOUSES);
    }

    /**
     * This mix with one attribute's distribution replaced.
     *
     * @throws IllegalArgumentException when {@code attribute} is not one of the five segment attributes
     */
    public SegmentMix with(String attribute, WeightedChoice<String> mix) {
        return switch (attribute) {
            case COUNTRY -> new SegmentMix(mix, channel, paymentMethod, carrier, warehouse);
            case CHANNEL -> new SegmentMix(country, mix, paymentMethod, carrier, warehouse);
            case PAYMENT_METHOD -> new SegmentMix(country, channel, mix, carrier, warehouse);
            case CARRIER -> new SegmentMix(country, channel, paymentMethod, mix, warehouse);
            case WAREHOUSE -> new SegmentMix(country, channel, paymentMethod, carrier, mix);
            default -> throw new IllegalArgumentException("unknown attribute '" + attribute + "', expected one of "
                    + String.join(", ", COUNTRY, CHANNEL, PAYMENT_METHOD, CARRIER, WAREHOUSE));
        };
    }

    public Segments draw(RandomGenerator random) {
        String c = country.pick(random);
        String currency = CURRENCY_BY_COUNTRY.getOrDefault(c, "EUR");
        double eur = MEDIAN_AMOUNT_EUR * Math.exp(AMOUNT_SIGMA * random.nextGaussian());
        BigDecimal amount = BigDecimal.valueOf(Math.max(1.0, eur) * UNITS_PER_EUR.getOrDefault(currency, 1.0))
                .setScale(2, RoundingMode.HALF_UP);
        return new Segments(c, channel.pick(random), paymentMethod.pick(random), carrier.pick(random),
                warehouse.pick(random), amount, currency);
    }
}
