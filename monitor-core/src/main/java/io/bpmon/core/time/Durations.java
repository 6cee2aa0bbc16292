package io.bpmon.core.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way people say them ("30m", "2d 4h", "1h30m", "90s"), for the rule editor. ISO-8601 ("PT30M",
 * "P2DT4H") is accepted too, so what the API returns can be typed back. {@link #format} writes the canonical human
 * form, so a parsed duration reads back the same way ("2d 4h"). A day is 24 hours, as in {@link Duration}.
 */
public final class Durations {

    /** One part: a whole number and a unit; spaces between parts and between number and unit are allowed. */
    private static final Pattern PART = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|[dhms])\\s*");
    private static final String UNITS = "d (days), h (hours), m (minutes), s (seconds), ms (milliseconds)";

    private Durations() {}

    /** Why a text is not a duration; the message is meant for the person who typed it. */
    public static final class InvalidDurationException extends IllegalArgumentException {
        InvalidDurationException(String message) {
            super(message);
        }
    }

    /**
     * Parses "2d 4h", "1h30m", "90s", "250ms" or ISO-8601 "PT30M". Units may not repeat and must go from larger to
     * smaller; a bare number has no unit and is refused (is "30" minutes or seconds?).
     *
     * @throws InvalidDurationException with a message saying what is wrong
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDurationException("empty; write a duration such as 30m, 2d 4h or 1h30m");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p") || s.startsWith("-p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new InvalidDurationException("'" + text.strip() + "' is not an ISO-8601 duration such as PT30M");
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int lastRank = -1;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new InvalidDurationException("'" + text.strip() + "' is not a duration: expected a number and a "
                        + "unit at '" + s.substring(at).strip() + "'; units: " + UNITS);
            }
            String unit = m.group(2);
            int rank = rank(unit);
            if (rank <= lastRank) {
                throw new InvalidDurationException("'" + text.strip() + "': units must go from larger to smaller, "
                        + "each once (like 2d 4h 30m)");
            }
            lastRank = rank;
            long n = Long.parseLong(m.group(1));
            try {
                total = total.plus(switch (unit) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMillis(n);
                });
            } catch (ArithmeticException e) {
                throw new InvalidDurationException("'" + text.strip() + "' is too long");
            }
            at = m.end();
        }
        return total;
    }

    /**
     * The canonical human form: largest units first, zero parts left out, separated by spaces ("2d 4h",
     * "1h 30m", "90s" becomes "1m 30s"); "0s" for zero. Negative durations get a leading "-".
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.isNegative()) {
            out.append('-');
            d = d.negated();
        }
        append(out, d.toDays(), "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long n, String unit) {
        if (n != 0) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append(' ');
            }
            out.append(n).append(unit);
        }
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "d" -> 0;
            case "h" -> 1;
            case "m" -> 2;
            case "s" -> 3;
            default -> 4;
        };
    }
}
