package io.bpmon.web;

import io.bpmon.core.event.FieldError;
import java.util.List;

/** The error body of every failed API call (docs/contract.md). */
public record ApiError(String error, List<FieldError> details) {

    public static ApiError of(String error) {
        return new ApiError(error, List.of());
    }

    public static ApiError of(String error, String field, String message) {
        return new ApiError(error, List.of(new FieldError(field, message)));
    }
}
