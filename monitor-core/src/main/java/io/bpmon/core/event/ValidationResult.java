package io.bpmon.core.event;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating one input: either a value or the reasons it is invalid, one per bad field. */
public record ValidationResult<T>(T value, List<FieldError> errors) {

    public ValidationResult {
        errors = List.copyOf(errors);
        if ((value == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("exactly one of value and errors must be present");
        }
    }

    public static <T> ValidationResult<T> valid(T value) {
        return new ValidationResult<>(value, List.of());
    }

    public static <T> ValidationResult<T> invalid(List<FieldError> errors) {
        return new ValidationResult<>(null, errors);
    }

    public boolean isValid() {
        return value != null;
    }

    /** All errors in one human-readable line, e.g. {@code type: unknown event type 'X'; occurredAt: missing}. */
    public String reason() {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
