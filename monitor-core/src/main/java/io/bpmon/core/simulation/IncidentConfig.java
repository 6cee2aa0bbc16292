package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A payment outage on purpose: while a window is open, orders paid with {@code paymentMethod} get no
 * {@code PAYMENT_RECEIVED}; once it closes, each held order is either paid or cancelled within {@code drain}.
 * Windows are measured on the wall clock from the simulator's start and are not scaled by the pace: an outage
 * of three minutes is three minutes in demo and real pace alike.
 *
 * @param enabled       whether there is an incident at all
 * @param paymentMethod the payment method that stops
 * @param start         when the first window opens, after the simulator started
 * @param every         period of further windows; null = only one
 * @param duration      how long each window stays open
 * @param cancelShare   share of held orders that are cancelled instead of paid when the window closes
 * @param drain         held orders are paid or cancelled spread over this long after the window closes
 */
public record IncidentConfig(
        boolean enabled,
        String paymentMethod,
        Duration start,
        Duration every,
        Duration duration,
        double cancelShare,
        Duration drain) {

    public static final String DEFAULT_PAYMENT_METHOD = "paypal";
    public static final Duration DEFAULT_START = Duration.ofMinutes(2);
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(3);
    public static final double DEFAULT_CANCEL_SHARE = 0.2;
    public static final Duration DEFAULT_DRAIN = Duration.ofMinutes(1);

    public IncidentConfig {
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw new ConfigException(SimulatorCommandLine.INCIDENT_METHOD, "must not be empty");
        }
        if (start == null || start.isNegative()) {
            throw new ConfigException(SimulatorCommandLine.INCIDENT_START, "must not be negative, was " + start);
        }
        TroubleConfig.positive(SimulatorCommandLine.INCIDENT_DURATION, duration);
        if (every != null) {
            TroubleConfig.positive(SimulatorCommandLine.INCIDENT_EVERY, every);
            if (duration.compareTo(every) >= 0) {
                throw new ConfigException(SimulatorCommandLine.INCIDENT_DURATION, "must be shorter than "
                        + SimulatorCommandLine.INCIDENT_EVERY + " (" + every + "), was " + duration);
            }
        }
        TroubleConfig.probability(SimulatorCommandLine.INCIDENT_CANCEL, cancelShare);
        TroubleConfig.positive("drain", drain);
    }

    /** No incident (the default). */
    public static IncidentConfig disabled() {
        return new IncidentConfig(false, DEFAULT_PAYMENT_METHOD, DEFAULT_START, null, DEFAULT_DURATION,
                DEFAULT_CANCEL_SHARE, DEFAULT_DRAIN);
    }

    /** One outage of {@code duration}, {@code start} after the simulator started. */
    public static IncidentConfig once(String paymentMethod, Duration start, Duration duration) {
        return new IncidentConfig(true, paymentMethod, start, null, duration, DEFAULT_CANCEL_SHARE, DEFAULT_DRAIN);
    }

    /**
     * The end of the window open at {@code t}, or empty when none is.
     *
     * @param simulationStart the instant the simulator started
     */
    public Optional<Instant> windowEndAt(Instant simulationStart, Instant t) {
        return windowStartAt(simulationStart, t).map(s -> s.plus(duration));
    }

    /** The start of the window open at {@code t}, or empty when none is. */
    public Optional<Instant> windowStartAt(Instant simulationStart, Instant t) {
        if (!enabled) {
            return Optional.empty();
        }
        Instant first = simulationStart.plus(start);
        if (t.isBefore(first)) {
            return Optional.empty();
        }
        Instant windowStart = first;
        if (every != null) {
            long periods = Duration.between(first, t).toMillis() / every.toMillis();
            windowStart = first.plus(every.multipliedBy(periods));
        }
        return t.isBefore(windowStart.plus(duration)) ? Optional.of(windowStart) : Optional.empty();
    }

    /** A human description for the start-up line, e.g. "paypal stops for PT3M at +PT2M, every PT10M". */
    public String describe() {
        if (!enabled) {
            return "none";
        }
        return paymentMethod + " stops for " + duration + " at +" + start
                + (every == null ? "" : ", every " + every);
    }
}
