package io.bpmon.core.simulation;

import io.bpmon.core.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@link SimulatorConfig} from the flags of {@code bpmon simulate}. Accepts {@code --flag value} and
 * {@code --flag=value}; a bad or unknown flag is a {@link ConfigException} whose message names it.
 */
public final class SimulatorCommandLine {

    public static final String RATE = "--rate";
    public static final String ARRIVALS = "--arrivals";
    public static final String PACE = "--pace";
    public static final String TIME_SCALE = "--time-scale";
    public static final String DURATION = "--duration";
    public static final String SEED = "--seed";
    public static final String KAFKA = "--kafka";
    public static final String MIX = "--mix";
    public static final String DUPLICATES = "--duplicates";
    public static final String OUT_OF_ORDER = "--out-of-order";
    public static final String LATE = "--late";
    public static final String LATE_HOLD = "--late-hold";
    public static final String MALFORMED = "--malformed";
    public static final String CANCELLATIONS = "--cancellations";
    public static final String STUCK = "--stuck";
    public static final String RETURNS = "--returns";
    public static final String NO_TROUBLE = "--no-trouble";
    public static final String INCIDENT = "--incident";
    public static final String INCIDENT_METHOD = "--incident-method";
    public static final String INCIDENT_START = "--incident-start";
    public static final String INCIDENT_EVERY = "--incident-every";
    public static final String INCIDENT_DURATION = "--incident-duration";
    public static final String INCIDENT_CANCEL = "--incident-cancel";
    public static final String PRICE_ERROR = "--price-error";
    public static final String PRICE_ERROR_START = "--price-error-start";
    public static final String PRICE_ERROR_EVERY = "--price-error-every";
    public static final String PRICE_ERROR_DURATION = "--price-error-duration";
    public static final String SALES_DROP = "--sales-drop";
    public static final String SALES_DROP_COUNTRY = "--sales-drop-country";
    public static final String SALES_DROP_START = "--sales-drop-start";
    public static final String SALES_DROP_EVERY = "--sales-drop-every";
    public static final String SALES_DROP_DURATION = "--sales-drop-duration";
    public static final String SUMMARY_EVERY = "--summary-every";
    public static final String MAX_IN_FLIGHT = "--max-in-flight";
    public static final String HELP = "--help";

    public static final String USAGE = """
            usage: bpmon simulate [options]
            Publishes simulated order events to Kafka topic bpmon.order-events until stopped (Ctrl-C). Orders follow
            the lifecycle the job monitors: BPMON_LIFECYCLE, by default the order lifecycle of docs/contract.md.

              --rate N                 new orders per second (default %s)
              --arrivals A             poisson: at random moments around that rate; steady: evenly spaced
                                       (default poisson)
              --pace demo|real         demo: step delays of seconds to minutes (x0.001); real: hours and days
                                       (default demo)
              --time-scale X           factor on every step delay, instead of --pace (demo = 0.001, real = 1)
              --duration PT5M          stop after this long (default: run until stopped)
              --seed N                 seed of the random decisions (default: a fresh one)
              --kafka HOST:PORT        Kafka bootstrap servers (default: BPMON_KAFKA_BOOTSTRAP or localhost:9092)
              --mix ATTR=V:W,V:W       replace one segment mix, e.g. --mix paymentMethod=card:50,paypal:50
                                       (ATTR: country, channel, paymentMethod, carrier, warehouse; repeatable)
            Trouble on purpose (probabilities 0..1):
              --duplicates P           per event, sent twice with the same eventId (default %s)
              --out-of-order P         per event, sent after the order's next event (default %s)
              --late P                 per event, held back for --late-hold..2x that (default %s)
              --late-hold PT1M         how long late events are held at least (default %s)
              --malformed P            per event, an extra invalid record for the DLQ (default %s)
              --cancellations P        per order, cancelled from PLACED or PAID (default %s)
              --stuck P                per order, never progresses past some step (default %s)
              --returns P              per delivered order, returned later (default %s)
              --no-trouble             all of the above 0 except --returns
            Payment incident (off unless one of these is given):
              --incident               one incident with the defaults below
              --incident-method M      payment method that stops paying (default %s)
              --incident-start PT2M    first incident this long after start (default %s)
              --incident-every PT10M   repeat the incident with this period (default: once)
              --incident-duration PT3M how long each incident lasts (default %s)
              --incident-cancel P      share of held orders cancelled when it ends, the rest pay (default %s)
            Money incidents (off unless one of these is given; docs/velocity-rules.md):
              --price-error            one price error: 40 %% of baskets hold an article at a tenth of its price
                                       (amount / 10, discount 90) for --price-error-duration
              --price-error-start D    first price error this long after start (default PT5M30S)
              --price-error-every D    repeat it with this period (default: once)
              --price-error-duration D how long it lasts (default PT2M)
              --sales-drop             one sales drop: 90 %% of one country's orders stop coming
              --sales-drop-country C   the country (default FR)
              --sales-drop-start D     first sales drop this long after start (default PT8M)
              --sales-drop-every D     repeat it with this period (default: once)
              --sales-drop-duration D  how long it lasts (default PT2M)
            Other:
              --summary-every PT10S    how often a summary line is printed (default %s)
              --max-in-flight N        skip new orders while this many are in flight (default %d)
            """.formatted(SimulatorConfig.DEFAULT_RATE, TroubleConfig.DEFAULT_DUPLICATES,
            TroubleConfig.DEFAULT_OUT_OF_ORDER, TroubleConfig.DEFAULT_LATE, TroubleConfig.DEFAULT_LATE_HOLD,
            TroubleConfig.DEFAULT_MALFORMED, TroubleConfig.DEFAULT_CANCELLATIONS, TroubleConfig.DEFAULT_STUCK,
            TroubleConfig.DEFAULT_RETURNS, IncidentConfig.DEFAULT_PAYMENT_METHOD, IncidentConfig.DEFAULT_START,
            IncidentConfig.DEFAULT_DURATION, IncidentConfig.DEFAULT_CANCEL_SHARE,
            SimulatorConfig.DEFAULT_SUMMARY_INTERVAL, SimulatorConfig.DEFAULT_MAX_IN_FLIGHT);

    private SimulatorCommandLine() {}

    /** Whether the arguments ask for the usage text instead of a run. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals(HELP) || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws ConfigException naming the flag when a flag is unknown, lacks its value or has a bad one
     */
    public static SimulatorConfig parse(String... args) {
        SimulatorConfig defaults = SimulatorConfig.defaults();
        TroubleConfig td = TroubleConfig.defaults();
        double rate = defaults.ratePerSecond();
        Arrivals arrivals = defaults.arrivals();
        Double timeScale = null;
        Pace pace = null;
        Duration stopAfter = null;
        Long seed = null;
        String kafka = null;
        SegmentMix mix = defaults.mix();
        double duplicates = td.duplicates();
        double outOfOrder = td.outOfOrder();
        double late = td.late();
        double malformed = td.malformed();
        double cancellations = td.cancellations();
        double stuck = td.stuck();
        double returns = td.returns();
        Duration lateHold = td.lateHold();
        boolean noTrouble = false;
        boolean incident = false;
        String incidentMethod = IncidentConfig.DEFAULT_PAYMENT_METHOD;
        Duration incidentStart = IncidentConfig.DEFAULT_START;
        Duration incidentEvery = null;
        Duration incidentDuration = IncidentConfig.DEFAULT_DURATION;
        double incidentCancel = IncidentConfig.DEFAULT_CANCEL_SHARE;
        SalesIncidents sd = SalesIncidents.disabled();
        boolean priceError = false;
        Duration priceErrorStart = sd.priceErrorStart();
        Duration priceErrorEvery = null;
        Duration priceErrorFor = sd.priceErrorFor();
        boolean salesDrop = false;
        String dropCountry = sd.dropCountry();
        Duration salesDropStart = sd.salesDropStart();
        Duration salesDropEvery = null;
        Duration salesDropFor = sd.salesDropFor();
        Duration summaryEvery = defaults.summaryInterval();
        int maxInFlight = defaults.maxInFlight();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (flag.equals(NO_TROUBLE) || flag.equals(INCIDENT) || flag.equals(PRICE_ERROR)
                    || flag.equals(SALES_DROP)) {
                if (inline != null) {
                    throw new ConfigException(flag, "takes no value");
                }
                switch (flag) {
                    case NO_TROUBLE -> noTrouble = true;
                    case INCIDENT -> incident = true;
                    case PRICE_ERROR -> priceError = true;
                    default -> salesDrop = true;
                }
                continue;
            }
            if (!isValueFlag(flag)) {
                throw new ConfigException(arg, "unknown option; see " + HELP);
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new ConfigException(flag, "needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case RATE -> rate = number(flag, value);
                case ARRIVALS -> arrivals = arrivals(value);
                case PACE -> pace = pace(value);
                case TIME_SCALE -> timeScale = number(flag, value);
                case DURATION -> stopAfter = duration(flag, value);
                case SEED -> seed = integer(flag, value);
                case KAFKA -> kafka = value.trim();
                case MIX -> mix = mix(mix, value);
                case DUPLICATES -> duplicates = number(flag, value);
                case OUT_OF_ORDER -> outOfOrder = number(flag, value);
                case LATE -> late = number(flag, value);
                case LATE_HOLD -> lateHold = duration(flag, value);
                case MALFORMED -> malformed = number(flag, value);
                case CANCELLATIONS -> cancellations = number(flag, value);
                case STUCK -> stuck = number(flag, value);
                case RETURNS -> returns = number(flag, value);
                case INCIDENT_METHOD -> {
                    incidentMethod = value.trim();
                    incident = true;
                }
                case INCIDENT_START -> {
                    incidentStart = duration(flag, value);
                    incident = true;
                }
                case INCIDENT_EVERY -> {
                    incidentEvery = duration(flag, value);
                    incident = true;
                }
                case INCIDENT_DURATION -> {
                    incidentDuration = duration(flag, value);
                    incident = true;
                }
                case INCIDENT_CANCEL -> {
                    incidentCancel = number(flag, value);
                    incident = true;
                }
                case PRICE_ERROR_START -> {
                    priceErrorStart = duration(flag, value);
                    priceError = true;
                }
                case PRICE_ERROR_EVERY -> {
                    priceErrorEvery = duration(flag, value);
                    priceError = true;
                }
                case PRICE_ERROR_DURATION -> {
                    priceErrorFor = duration(flag, value);
                    priceError = true;
                }
                case SALES_DROP_COUNTRY -> {
                    dropCountry = value.trim();
                    salesDrop = true;
                }
                case SALES_DROP_START -> {
                    salesDropStart = duration(flag, value);
                    salesDrop = true;
                }
                case SALES_DROP_EVERY -> {
                    salesDropEvery = duration(flag, value);
                    salesDrop = true;
                }
                case SALES_DROP_DURATION -> {
                    salesDropFor = duration(flag, value);
                    salesDrop = true;
                }
                case SUMMARY_EVERY -> summaryEvery = duration(flag, value);
                case MAX_IN_FLIGHT -> maxInFlight = (int) Math.min(Integer.MAX_VALUE, integer(flag, value));
                default -> throw new IllegalStateException(flag);
            }
        }
        if (pace != null && timeScale != null) {
            throw new ConfigException(TIME_SCALE, "give either " + PACE + " or " + TIME_SCALE + ", not both");
        }
        double scale = timeScale != null ? timeScale : (pace != null ? pace : SimulatorConfig.DEFAULT_PACE).timeScale();
        if (noTrouble) {
            duplicates = outOfOrder = late = malformed = cancellations = stuck = 0;
        }
        TroubleConfig trouble = new TroubleConfig(duplicates, outOfOrder, late, malformed, cancellations, stuck,
                returns, lateHold, td.duplicateDelayMax(), td.outOfOrderGapMax());
        IncidentConfig incidentConfig = new IncidentConfig(incident, incidentMethod, incidentStart, incidentEvery,
                incidentDuration, incidentCancel, IncidentConfig.DEFAULT_DRAIN);
        SalesIncidents sales = new SalesIncidents(priceError, priceErrorStart, priceErrorEvery, priceErrorFor,
                sd.affectedShare(), salesDrop, dropCountry, salesDropStart, salesDropEvery, salesDropFor,
                sd.dropShare());
        return new SimulatorConfig(rate, arrivals, scale, defaults.minStepDelay(), stopAfter, seed, kafka, mix,
                defaults.delays(), trouble, incidentConfig, sales, summaryEvery, maxInFlight);
    }

    private static boolean isValueFlag(String flag) {
        return switch (flag) {
            case RATE, ARRIVALS, PACE, TIME_SCALE, DURATION, SEED, KAFKA, MIX, DUPLICATES, OUT_OF_ORDER, LATE,
                    LATE_HOLD, MALFORMED, CANCELLATIONS, STUCK, RETURNS, INCIDENT_METHOD, INCIDENT_START, INCIDENT_EVERY,
                    INCIDENT_DURATION, INCIDENT_CANCEL, PRICE_ERROR_START, PRICE_ERROR_EVERY, PRICE_ERROR_DURATION,
                    SALES_DROP_COUNTRY, SALES_DROP_START, SALES_DROP_EVERY, SALES_DROP_DURATION, SUMMARY_EVERY,
                    MAX_IN_FLIGHT -> true;
            default -> false;
        };
    }

    private static double number(String flag, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, "must be a number, was '" + value + "'");
        }
    }

    private static long integer(String flag, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, "must be an integer, was '" + value + "'");
        }
    }

    private static Duration duration(String flag, String value) {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(flag, "must be an ISO-8601 duration such as PT5M or PT30S, was '" + value + "'");
        }
    }

    private static Pace pace(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "demo" -> Pace.DEMO;
            case "real" -> Pace.REAL;
            default -> throw new ConfigException(PACE, "must be demo or real, was '" + value + "'");
        };
    }

    private static Arrivals arrivals(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "poisson" -> Arrivals.POISSON;
            case "steady" -> Arrivals.STEADY;
            default -> throw new ConfigException(ARRIVALS, "must be poisson or steady, was '" + value + "'");
        };
    }

    /** {@code paymentMethod=card:50,paypal:30} replaces the payment method mix. */
    private static SegmentMix mix(SegmentMix mix, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(MIX, "must look like paymentMethod=card:50,paypal:30, was '" + value + "'");
        }
        String attribute = value.substring(0, eq).trim();
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : value.substring(eq + 1).split(",")) {
            String[] vw = part.trim().split(":");
            if (vw.length != 2 || vw[0].isBlank()) {
                throw new ConfigException(MIX, "'" + part.trim() + "' must look like value:weight, e.g. card:50");
            }
            double w;
            try {
                w = Double.parseDouble(vw[1].trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(MIX, "weight of '" + vw[0].trim() + "' must be a number, was '" + vw[1] + "'");
            }
            if (weights.put(vw[0].trim(), w) != null) {
                throw new ConfigException(MIX, "'" + vw[0].trim() + "' is listed twice");
            }
        }
        try {
            return mix.with(attribute, new WeightedChoice<>(weights));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MIX, e.getMessage());
        }
    }
}
