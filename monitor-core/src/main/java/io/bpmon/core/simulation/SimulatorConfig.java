package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Everything the traffic simulator can be told. Built from command-line flags by {@link SimulatorCommandLine};
 * every value is checked here and a bad one is reported with the flag that sets it.
 *
 * @param ratePerSecond   mean new orders per second
 * @param arrivals        at random moments (a Poisson process) or evenly spaced
 * @param timeScale       factor on every step delay: {@link Pace#DEMO} 0.001, {@link Pace#REAL} 1
 * @param minStepDelay    no step follows its predecessor sooner than this (after scaling; a step that would be
 *                        quicker takes between this and twice this), so demo-pace card payments are not instant
 * @param stopAfter       stop after this long; null = run until stopped
 * @param seed            seed of the random decisions; null = a fresh one each run
 * @param kafkaBootstrap  overrides {@code BPMON_KAFKA_BOOTSTRAP}; null = the environment's
 * @param mix             how often each segment value occurs
 * @param delays          step delays at real pace, per segment
 * @param trouble         deliberate misbehaviour
 * @param incident        the payment outage
 * @param sales           the price error and the sales drop
 * @param summaryInterval how often a one-line summary is printed
 * @param maxInFlight     orders in flight beyond which new orders are skipped (and counted), bounding memory
 */
public record SimulatorConfig(
        double ratePerSecond,
        Arrivals arrivals,
        double timeScale,
        Duration minStepDelay,
        Duration stopAfter,
        Long seed,
        String kafkaBootstrap,
        SegmentMix mix,
        DelayProfile delays,
        TroubleConfig trouble,
        IncidentConfig incident,
        SalesIncidents sales,
        Duration summaryInterval,
        int maxInFlight) {

    public static final double DEFAULT_RATE = 20;
    public static final double MAX_RATE = 10_000;
    public static final Pace DEFAULT_PACE = Pace.DEMO;
    public static final double MAX_TIME_SCALE = 10;
    public static final Duration DEFAULT_MIN_STEP_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofSeconds(10);
    /** About 100 MB of order state; at real pace and 20 orders/s it is reached after several hours. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 500_000;

    public SimulatorConfig {
        if (!(ratePerSecond > 0 && ratePerSecond <= MAX_RATE)) {
            throw new ConfigException(SimulatorCommandLine.RATE,
                    "must be more than 0 and at most " + (int) MAX_RATE + " orders per second, was " + ratePerSecond);
        }
        if (arrivals == null) {
            throw new IllegalArgumentException("arrivals is required");
        }
        if (!(timeScale > 0 && timeScale <= MAX_TIME_SCALE)) {
            throw new ConfigException(SimulatorCommandLine.TIME_SCALE,
                    "must be more than 0 and at most " + MAX_TIME_SCALE + ", was " + timeScale);
        }
        if (minStepDelay == null || minStepDelay.isNegative()) {
            throw new ConfigException("minStepDelay", "must not be negative, was " + minStepDelay);
        }
        if (stopAfter != null) {
            TroubleConfig.positive(SimulatorCommandLine.DURATION, stopAfter);
        }
        if (kafkaBootstrap != null && kafkaBootstrap.isBlank()) {
            throw new ConfigException(SimulatorCommandLine.KAFKA, "must be host:port, was empty");
        }
        if (mix == null || delays == null || trouble == null || incident == null || sales == null) {
            throw new IllegalArgumentException("mix, delays, trouble, incident and sales are required");
        }
        if (incident.enabled() && mix.paymentMethod().share(incident.paymentMethod()) == 0) {
            throw new ConfigException(SimulatorCommandLine.INCIDENT_METHOD, "'" + incident.paymentMethod()
                    + "' is not one of the simulated payment methods " + mix.paymentMethod().values());
        }
        TroubleConfig.positive(SimulatorCommandLine.SUMMARY_EVERY, summaryInterval);
        if (maxInFlight < 1) {
            throw new ConfigException(SimulatorCommandLine.MAX_IN_FLIGHT, "must be at least 1, was " + maxInFlight);
        }
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_RATE, Arrivals.POISSON, DEFAULT_PACE.timeScale(), DEFAULT_MIN_STEP_DELAY,
                null, null, null, SegmentMix.defaults(), DelayProfile.defaults(), TroubleConfig.defaults(),
                IncidentConfig.disabled(), SalesIncidents.disabled(), DEFAULT_SUMMARY_INTERVAL, DEFAULT_MAX_IN_FLIGHT);
    }

    public SimulatorConfig withRate(double perSecond) {
        return new SimulatorConfig(perSecond, arrivals, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap, mix,
                delays, trouble, incident, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withArrivals(Arrivals a) {
        return new SimulatorConfig(ratePerSecond, a, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap, mix,
                delays, trouble, incident, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withTimeScale(double scale) {
        return new SimulatorConfig(ratePerSecond, arrivals, scale, minStepDelay, stopAfter, seed, kafkaBootstrap, mix,
                delays, trouble, incident, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withTrouble(TroubleConfig t) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap,
                mix, delays, t, incident, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withIncident(IncidentConfig i) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap,
                mix, delays, trouble, i, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withSales(SalesIncidents s) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap,
                mix, delays, trouble, incident, s, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withMaxInFlight(int max) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, stopAfter, seed, kafkaBootstrap,
                mix, delays, trouble, incident, sales, summaryInterval, max);
    }

    public SimulatorConfig withSeed(Long s) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, stopAfter, s, kafkaBootstrap, mix,
                delays, trouble, incident, sales, summaryInterval, maxInFlight);
    }

    public SimulatorConfig withStopAfter(Duration d) {
        return new SimulatorConfig(ratePerSecond, arrivals, timeScale, minStepDelay, d, seed, kafkaBootstrap, mix,
                delays, trouble, incident, sales, summaryInterval, maxInFlight);
    }

    /**
     * How long an order with these segments takes from reaching {@code from} to reaching {@code to} at this config's
     * pace: the real-pace delay scaled, but never below {@code minStepDelay}.
     */
    Duration stepDelay(PlannedStep from, PlannedStep to, Segments segments, RandomGenerator random) {
        Duration real = delays.sample(from, to, segments, random);
        // Jittered, so that demo-pace card payments (20 s real, 20 ms scaled) do not all land on the same tick.
        Duration floor = DurationMath.times(minStepDelay, 1 + random.nextDouble());
        return DurationMath.max(floor, DurationMath.times(real, timeScale));
    }

    /** A one-line description for the start-up log. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "rate %.1f orders/s (%s), time scale %s, duration %s, seed %s, incident: %s, %s, trouble: duplicates %.3f,"
                        + " out-of-order %.3f, late %.3f, malformed %.3f, cancellations %.3f, stuck %.3f, returns %.3f",
                ratePerSecond, arrivals.name().toLowerCase(java.util.Locale.ROOT), timeScale,
                stopAfter == null ? "until stopped" : stopAfter,
                seed == null ? "random" : seed, incident.describe(), sales.describe(), trouble.duplicates(), trouble.outOfOrder(),
                trouble.late(), trouble.malformed(), trouble.cancellations(), trouble.stuck(), trouble.returns());
    }
}
