package io.bpmon.core.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON kind of each attribute value (docs/contract.md, typed attributes). Attribute values are kept as text
 * ({@link OrderEvent#attributes()}: rules, scopes and segments match that text), and beside it a map of the
 * attributes that were not strings: name → {@link #NUMBER} or {@link #BOOLEAN}. A name not in that map is a string.
 * Written back out (stored document, API, order-state record), a number is a JSON number again.
 */
public final class AttributeKinds {

    /** The value was a JSON number; its text is the number's JSON spelling, e.g. {@code 59.9}. */
    public static final String NUMBER = "number";
    /** The value was a JSON boolean; its text is {@code true} or {@code false}. */
    public static final String BOOLEAN = "boolean";

    /** Money: the amount of an order, a number (docs/contract.md). */
    public static final String AMOUNT = "amount";
    /** Money: the currency of {@link #AMOUNT}, a string such as {@code EUR}. */
    public static final String CURRENCY = "currency";

    /** A number as JSON spells it (RFC 8259): what the parser's text of a number always is. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private AttributeKinds() {}

    /** The kind of a parsed JSON value: {@link #NUMBER}, {@link #BOOLEAN}, or null for a string (or anything else). */
    public static String of(JsonNode value) {
        if (value.isNumber()) {
            return NUMBER;
        }
        return value.isBoolean() ? BOOLEAN : null;
    }

    /**
     * The number a value stands for, or null when it is none. Aggregates read amounts through this, so an old order
     * whose kinds were not kept (stored before typed attributes) still counts when its text is a number.
     */
    public static Double number(String text) {
        BigDecimal d = text == null || text.isEmpty() || text.length() > 64 ? null : decimal(text);
        if (d == null) {
            return null;
        }
        double v = d.doubleValue();
        return Double.isFinite(v) ? v : null;
    }

    /** Writes {@code "name": value} in the value's kind: a number as a JSON number, a boolean as a JSON boolean. */
    public static void write(JsonGenerator g, String name, String text, String kind) throws IOException {
        g.writeFieldName(name);
        if (NUMBER.equals(kind)) {
            if (JSON_NUMBER.matcher(text).matches()) {
                g.writeNumber(text); // as spelled: reading it back gives the same text (-0.0 stays -0.0)
                return;
            }
            BigDecimal number = decimal(text); // a quoted amount such as ".5"
            if (number != null) {
                g.writeNumber(number);
                return;
            }
        } else if (BOOLEAN.equals(kind) && ("true".equals(text) || "false".equals(text))) {
            g.writeBoolean(Boolean.parseBoolean(text));
            return;
        }
        g.writeString(text);
    }

    /** {@code "field": {name: value, ...}} with each value in its kind. */
    public static void writeObject(JsonGenerator g, String field, Map<String, String> attributes,
            Map<String, String> kinds) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            write(g, a.getKey(), a.getValue(), kinds.get(a.getKey()));
        }
        g.writeEndObject();
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null; // not a finite decimal (never from the parser); written as the text it is
        }
    }
}
