package io.bpmon.web.ui;

/** A UI request that cannot be served; rendered as an error page (or message for htmx) with this status. */
public final class UiException extends RuntimeException {

    private final int status;

    public UiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
