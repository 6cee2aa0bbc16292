package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import java.time.Duration;
import java.time.Instant;

/**
 * Money incidents on purpose (docs/velocity-rules.md, aggregates): a <b>price error</b>, one article on sale at a
 * tenth of its price, so that while its window is open a share of the baskets hold it (their amount a tenth, their
 * {@code discount} 90 %: the average basket and the share of deep discounts jump); and a <b>sales drop</b> in one
 * country, where most orders stop coming while its window is open. Windows are on the wall clock from the simulator's
 * start, not scaled by the pace, like the payment incident's ({@link IncidentConfig}).
 *
 * @param priceError        whether there is a price error at all
 * @param priceErrorStart   when its first window opens, after the simulator started
 * @param priceErrorEvery   period of further windows; null = only one
 * @param priceErrorFor     how long each window stays open
 * @param affectedShare     share of the orders placed in the window that hold the mis-priced article
 * @param salesDrop         whether there is a sales drop at all
 * @param dropCountry       the country whose orders stop
 * @param salesDropStart    when its first window opens
 * @param salesDropEvery    period of further windows; null = only one
 * @param salesDropFor      how long each window stays open
 * @param dropShare         share of that country's orders that are not placed in the window
 */
public record SalesIncidents(
        boolean priceError,
        Duration priceErrorStart,
        Duration priceErrorEvery,
        Duration priceErrorFor,
        double affectedShare,
        boolean salesDrop,
        String dropCountry,
        Duration salesDropStart,
        Duration salesDropEvery,
        Duration salesDropFor,
        double dropShare) {

    /** What the mis-priced article costs, as a share of its price. */
    public static final double PRICE_FACTOR = 0.1;
    /** The {@code discount} (percent) a basket with the mis-priced article carries. */
    public static final int PRICE_ERROR_DISCOUNT = 90;
    public static final Duration DEFAULT_PRICE_ERROR_START = Duration.ofSeconds(330);
    public static final Duration DEFAULT_PRICE_ERROR_FOR = Duration.ofMinutes(2);
    public static final double DEFAULT_AFFECTED_SHARE = 0.4;
    public static final String DEFAULT_DROP_COUNTRY = "FR";
    public static final Duration DEFAULT_SALES_DROP_START = Duration.ofMinutes(8);
    public static final Duration DEFAULT_SALES_DROP_FOR = Duration.ofMinutes(2);
    public static final double DEFAULT_DROP_SHARE = 0.9;

    public SalesIncidents {
        window(SimulatorCommandLine.PRICE_ERROR_START, priceErrorStart, SimulatorCommandLine.PRICE_ERROR_EVERY,
                priceErrorEvery, SimulatorCommandLine.PRICE_ERROR_DURATION, priceErrorFor);
        window(SimulatorCommandLine.SALES_DROP_START, salesDropStart, SimulatorCommandLine.SALES_DROP_EVERY,
                salesDropEvery, SimulatorCommandLine.SALES_DROP_DURATION, salesDropFor);
        TroubleConfig.probability("affectedShare", affectedShare);
        TroubleConfig.probability("dropShare", dropShare);
        if (dropCountry == null || dropCountry.isBlank()) {
            throw new ConfigException(SimulatorCommandLine.SALES_DROP_COUNTRY, "must not be empty");
        }
    }

    /** Neither incident (the default). */
    public static SalesIncidents disabled() {
        return new SalesIncidents(false, DEFAULT_PRICE_ERROR_START, null, DEFAULT_PRICE_ERROR_FOR,
                DEFAULT_AFFECTED_SHARE, false, DEFAULT_DROP_COUNTRY, DEFAULT_SALES_DROP_START, null,
                DEFAULT_SALES_DROP_FOR, DEFAULT_DROP_SHARE);
    }

    /** This with one price error of {@code duration}, {@code start} after the simulator started. */
    public SalesIncidents withPriceError(Duration start, Duration every, Duration duration) {
        return new SalesIncidents(true, start, every, duration, affectedShare, salesDrop, dropCountry, salesDropStart,
                salesDropEvery, salesDropFor, dropShare);
    }

    /** This with a sales drop in {@code country}. */
    public SalesIncidents withSalesDrop(String country, Duration start, Duration every, Duration duration) {
        return new SalesIncidents(priceError, priceErrorStart, priceErrorEvery, priceErrorFor, affectedShare, true,
                country, start, every, duration, dropShare);
    }

    /** Whether the price error's window is open at {@code t}. */
    public boolean priceErrorAt(Instant simulationStart, Instant t) {
        return priceError && open(simulationStart, t, priceErrorStart, priceErrorEvery, priceErrorFor);
    }

    /** Whether the sales drop's window is open at {@code t}. */
    public boolean salesDropAt(Instant simulationStart, Instant t) {
        return salesDrop && open(simulationStart, t, salesDropStart, salesDropEvery, salesDropFor);
    }

    /** For the start-up line. */
    public String describe() {
        String p = priceError ? "price error (" + (int) Math.round(affectedShare * 100) + " % of baskets at a tenth) for "
                + priceErrorFor + " at +" + priceErrorStart + (priceErrorEvery == null ? "" : ", every " + priceErrorEvery)
                : "no price error";
        String d = salesDrop ? "sales drop in " + dropCountry + " (" + (int) Math.round(dropShare * 100) + " %) for "
                + salesDropFor + " at +" + salesDropStart + (salesDropEvery == null ? "" : ", every " + salesDropEvery)
                : "no sales drop";
        return p + "; " + d;
    }

    private static boolean open(Instant simulationStart, Instant t, Duration start, Duration every,
            Duration duration) {
        Instant first = simulationStart.plus(start);
        if (t.isBefore(first)) {
            return false;
        }
        long since = Duration.between(first, t).toMillis();
        long into = every == null ? since : since % every.toMillis();
        return into < duration.toMillis();
    }

    private static void window(String startFlag, Duration start, String everyFlag, Duration every,
            String durationFlag, Duration duration) {
        if (start == null || start.isNegative()) {
            throw new ConfigException(startFlag, "must not be negative, was " + start);
        }
        TroubleConfig.positive(durationFlag, duration);
        if (every != null) {
            TroubleConfig.positive(everyFlag, every);
            if (duration.compareTo(every) >= 0) {
                throw new ConfigException(durationFlag, "must be shorter than " + everyFlag + " (" + every
                        + "), was " + duration);
            }
        }
    }
}
