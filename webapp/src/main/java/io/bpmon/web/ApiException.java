package io.bpmon.web;

/** Ends a request with an HTTP status and an {@link ApiError} body. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final transient ApiError body;

    public ApiException(int status, ApiError body) {
        super(body.error());
        this.status = status;
        this.body = body;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, ApiError.of("invalid request", field, message));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, ApiError.of(what + " not found"));
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
