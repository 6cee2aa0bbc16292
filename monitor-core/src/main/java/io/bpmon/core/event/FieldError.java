package io.bpmon.core.event;

/** Why one field of an input is invalid; {@code field} uses the input's own names, e.g. {@code attributes.amount}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
