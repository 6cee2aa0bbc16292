package io.bpmon.core.rules;

import io.bpmon.core.event.AttributeKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One combination of a VELOCITY rule's {@code groupBy} values: what the rule counts separately (docs/contract.md).
 *
 * @param key    a stable text of the values in {@code groupBy} order, {@code "country=DE,paymentMethod=paypal"};
 *               empty for a rule without {@code groupBy}. {@code %}, {@code ,} and {@code =} in names and values
 *               are percent-encoded so that two different segments never share a key.
 * @param values attribute name → value, in {@code groupBy} order
 */
public record VelocitySegment(String key, Map<String, String> values) {

    public VelocitySegment {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The segment an order with these attributes counts toward, or null when one of the {@code groupBy} attributes
     * is missing: such an order belongs to no segment (counting it under a "missing" value would invent one).
     */
    public static VelocitySegment of(Rule rule, Map<String, String> attributes) {
        if (rule.measure().perCurrency() && !rule.groupBy().contains(AttributeKinds.CURRENCY)
                && !attributes.containsKey(AttributeKinds.CURRENCY)) {
            // money per currency "when the order has one" (docs/velocity-rules.md): the orders without a currency
            // are summed apart, in the segment of their groupBy values alone
            return of(rule.groupBy(), attributes);
        }
        return of(rule.segmentBy(), attributes);
    }

    /** See {@link #of(Rule, Map)}. */
    public static VelocitySegment of(List<String> groupBy, Map<String, String> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder key = new StringBuilder();
        for (String name : groupBy) {
            String value = attributes.get(name);
            if (value == null) {
                return null;
            }
            values.put(name, value);
            if (key.length() > 0) {
                key.append(',');
            }
            key.append(escape(name)).append('=').append(escape(value));
        }
        return new VelocitySegment(key.toString(), values);
    }

    /**
     * Whether a rule version still counts this segment: it groups by the same attributes, and no scope condition on
     * one of them excludes this segment's value. (Scope conditions on other attributes cannot be judged from the
     * segment; they only decide which orders count.)
     */
    public boolean countedBy(Rule rule) {
        List<String> names = List.copyOf(values.keySet());
        if (!rule.segmentBy().equals(names) && !(rule.measure().perCurrency() && rule.groupBy().equals(names))) {
            return false;
        }
        for (Map.Entry<String, List<String>> condition : rule.scope().entrySet()) {
            String value = values.get(condition.getKey());
            if (value != null && !condition.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        return s.replace("%", "%25").replace(",", "%2C").replace("=", "%3D");
    }
}
