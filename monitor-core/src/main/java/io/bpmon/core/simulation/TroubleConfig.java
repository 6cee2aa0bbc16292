package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import java.time.Duration;

/**
 * How often the simulator misbehaves on purpose, so that every robustness promise of the monitor (docs/contract.md,
 * events, lifecycle, rules) is exercised by the demo traffic. Per-event probabilities apply to each lifecycle event the
 * simulator emits; per-order shares are decided when the order is placed.
 *
 * @param duplicates        per event: the same record (same {@code eventId}) is sent once more, within {@code duplicateDelayMax}
 * @param outOfOrder        per event: the next step follows within {@code outOfOrderGapMax} and is sent first
 * @param late              per event: the record is held back for {@code lateHold} to twice that, keeping its occurredAt
 * @param malformed         per event: an extra broken record (bad JSON, missing field, unknown type, ...) is sent
 * @param cancellations     per order: cancelled instead of paid (60 %) or instead of shipped (40 %); in general, at a
 *                          step of the main path that an abandoning step can follow ({@link ProcessPlan})
 * @param stuck             per order: never progresses past PLACED, PAID or SHIPPED (chosen evenly): any step of the
 *                          main path but its last
 * @param returns           per delivered order: returned later; in general, the share of orders that take a detour
 *                          off the main path where there is one
 * @param lateHold          minimum hold of a late event; keep it above {@code BPMON_ALLOWED_LATENESS}
 * @param duplicateDelayMax how long after the original a duplicate may come
 * @param outOfOrderGapMax  the longest gap between two swapped events; keep it below the allowed lateness so the swap
 *                          is out-of-order but not late
 */
public record TroubleConfig(
        double duplicates,
        double outOfOrder,
        double late,
        double malformed,
        double cancellations,
        double stuck,
        double returns,
        Duration lateHold,
        Duration duplicateDelayMax,
        Duration outOfOrderGapMax) {

    public static final double DEFAULT_DUPLICATES = 0.02;
    public static final double DEFAULT_OUT_OF_ORDER = 0.02;
    public static final double DEFAULT_LATE = 0.005;
    public static final double DEFAULT_MALFORMED = 0.002;
    public static final double DEFAULT_CANCELLATIONS = 0.04;
    public static final double DEFAULT_STUCK = 0.01;
    public static final double DEFAULT_RETURNS = 0.08;
    public static final Duration DEFAULT_LATE_HOLD = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DUPLICATE_DELAY_MAX = Duration.ofSeconds(5);
    public static final Duration DEFAULT_OUT_OF_ORDER_GAP_MAX = Duration.ofSeconds(5);
    /** The shortest gap between two swapped events, so their occurredAt always differ. */
    public static final Duration OUT_OF_ORDER_GAP_MIN = Duration.ofMillis(200);

    public TroubleConfig {
        probability(SimulatorCommandLine.DUPLICATES, duplicates);
        probability(SimulatorCommandLine.OUT_OF_ORDER, outOfOrder);
        probability(SimulatorCommandLine.LATE, late);
        probability(SimulatorCommandLine.MALFORMED, malformed);
        probability(SimulatorCommandLine.CANCELLATIONS, cancellations);
        probability(SimulatorCommandLine.STUCK, stuck);
        probability(SimulatorCommandLine.RETURNS, returns);
        if (cancellations + stuck > 1) {
            throw new ConfigException(SimulatorCommandLine.STUCK, "together with "
                    + SimulatorCommandLine.CANCELLATIONS + " must not exceed 1, was " + (cancellations + stuck));
        }
        positive(SimulatorCommandLine.LATE_HOLD, lateHold);
        positive("duplicateDelayMax", duplicateDelayMax);
        if (outOfOrderGapMax == null || outOfOrderGapMax.compareTo(OUT_OF_ORDER_GAP_MIN) < 0) {
            throw new ConfigException("outOfOrderGapMax", "must be at least " + OUT_OF_ORDER_GAP_MIN);
        }
    }

    public static TroubleConfig defaults() {
        return new TroubleConfig(DEFAULT_DUPLICATES, DEFAULT_OUT_OF_ORDER, DEFAULT_LATE, DEFAULT_MALFORMED,
                DEFAULT_CANCELLATIONS, DEFAULT_STUCK, DEFAULT_RETURNS, DEFAULT_LATE_HOLD,
                DEFAULT_DUPLICATE_DELAY_MAX, DEFAULT_OUT_OF_ORDER_GAP_MAX);
    }

    /** Well-behaved traffic: every order completes (returns still happen), every event is sent once, on time. */
    public static TroubleConfig none() {
        return new TroubleConfig(0, 0, 0, 0, 0, 0, DEFAULT_RETURNS, DEFAULT_LATE_HOLD,
                DEFAULT_DUPLICATE_DELAY_MAX, DEFAULT_OUT_OF_ORDER_GAP_MAX);
    }

    public TroubleConfig withDuplicates(double p) {
        return new TroubleConfig(p, outOfOrder, late, malformed, cancellations, stuck, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withOutOfOrder(double p) {
        return new TroubleConfig(duplicates, p, late, malformed, cancellations, stuck, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withLate(double p) {
        return new TroubleConfig(duplicates, outOfOrder, p, malformed, cancellations, stuck, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withMalformed(double p) {
        return new TroubleConfig(duplicates, outOfOrder, late, p, cancellations, stuck, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withCancellations(double p) {
        return new TroubleConfig(duplicates, outOfOrder, late, malformed, p, stuck, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withStuck(double p) {
        return new TroubleConfig(duplicates, outOfOrder, late, malformed, cancellations, p, returns, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withReturns(double p) {
        return new TroubleConfig(duplicates, outOfOrder, late, malformed, cancellations, stuck, p, lateHold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    public TroubleConfig withLateHold(Duration hold) {
        return new TroubleConfig(duplicates, outOfOrder, late, malformed, cancellations, stuck, returns, hold,
                duplicateDelayMax, outOfOrderGapMax);
    }

    static void probability(String flag, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new ConfigException(flag, "must be a probability between 0 and 1, was " + p);
        }
    }

    static void positive(String flag, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(flag, "must be a positive duration, was " + d);
        }
    }
}
