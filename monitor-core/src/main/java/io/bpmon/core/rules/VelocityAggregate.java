package io.bpmon.core.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bpmon.core.event.AttributeKinds;
import java.util.Map;

/**
 * What a VELOCITY rule measures per window and segment (docs/velocity-rules.md, aggregates): the number of events
 * ({@link Function#count}, the default), the sum or average of a numeric attribute of their orders, or the share of
 * them (in percent) whose attribute lies above or below a threshold. The rule's {@code min}/{@code max} bound that
 * value. Sums and averages of {@value AttributeKinds#AMOUNT} are per currency: such a rule's segments are split by
 * {@value AttributeKinds#CURRENCY} as if it were grouped by it; orders without a currency are summed apart, in the
 * segment of their {@code groupBy} values alone.
 *
 * @param attribute {@code sum}, {@code avg}, {@code ratio}: the numeric attribute
 * @param above     {@code ratio}: an order matches when its value is greater than this
 * @param below     {@code ratio}: an order matches when its value is less than this (with {@code above}: both)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VelocityAggregate(Function function, String attribute, Double above, Double below)
        implements java.io.Serializable {

    /** What one window's value is. */
    public enum Function {
        /** The events counted (the rule without {@code aggregate}). */
        count,
        /** The sum of the attribute over the window's events that have it. */
        sum,
        /** The average of the attribute over the window's events that have it; no value in a window without any. */
        avg,
        /**
         * The share, in percent (0 to 100), of the window's events whose attribute matches {@code above}/{@code below};
         * an event without the attribute counts as not matching. No value in a window without events.
         */
        ratio
    }

    public static final VelocityAggregate COUNT = new VelocityAggregate(Function.count, null, null, null);

    /** Whether sums and averages go per currency: the attribute is the order's amount. */
    public boolean perCurrency() {
        return (function == Function.sum || function == Function.avg)
                && AttributeKinds.AMOUNT.equals(attribute);
    }

    /** Whether the window's value needs more than the count: a numeric attribute is read. */
    public boolean readsAttribute() {
        return function != Function.count;
    }

    /**
     * What one event adds to its bucket's sum, from its order's (merged) attributes: the attribute's number
     * ({@code sum}, {@code avg}), 1 or 0 ({@code ratio}: whether it matches), or null when the event does not count at
     * all ({@code sum}/{@code avg} of an order without the number). {@code count}: 0.
     */
    public Double contribution(Map<String, String> attributes) {
        if (function == Function.count) {
            return 0.0;
        }
        Double value = AttributeKinds.number(attributes.get(attribute));
        if (function == Function.ratio) {
            boolean matches = value != null && (above == null || value > above) && (below == null || value < below);
            return matches ? 1.0 : 0.0;
        }
        return value;
    }

    /**
     * The window's value from its event count and the sum of their contributions; null when it has none (an average or
     * share over no events).
     */
    public Double value(long count, double sum) {
        return switch (function) {
            case count -> (double) count;
            case sum -> sum;
            case avg -> count == 0 ? null : sum / count;
            case ratio -> count == 0 ? null : 100.0 * sum / count;
        };
    }
}
