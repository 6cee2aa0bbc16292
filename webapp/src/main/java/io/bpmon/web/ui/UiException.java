package io.bpmon.web.ui;

import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.web.common.RuleChangeRefusal;

/** A UI request that cannot be served; rendered as an error page (or message for htmx) with this status. */
public final class UiException extends RuntimeException {

    private final int status;

    public UiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A refused rule change, with the status the API gives it ({@link RuleChangeRefusal}). */
    static UiException refused(RuleChangeException e) {
        RuleChangeRefusal refusal = RuleChangeRefusal.of(e);
        StringBuilder message = new StringBuilder(refusal.error());
        refusal.details().forEach(d -> message.append("; ").append(d));
        return new UiException(refusal.status(), message.toString());
    }

    public int status() {
        return status;
    }
}
