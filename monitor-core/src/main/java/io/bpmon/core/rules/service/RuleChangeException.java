package io.bpmon.core.rules.service;

import io.bpmon.core.event.FieldError;
import java.util.List;

/** A create, update or delete of a rule that was refused; nothing was stored. */
public final class RuleChangeException extends RuntimeException {

    /** Why the change was refused. */
    public enum Reason {
        /** The rule breaks docs/contract.md; {@link #errors()} names each bad field. */
        INVALID,
        /** No current rule has this id. */
        NOT_FOUND,
        /** A current rule already has this id. */
        ALREADY_EXISTS,
        /** Another writer stored a version of this rule at the same moment; reading it again and retrying works. */
        CHANGED_CONCURRENTLY
    }

    private final Reason reason;
    private final String ruleId;
    private final transient List<FieldError> errors;

    private RuleChangeException(Reason reason, String ruleId, String message, List<FieldError> errors) {
        super(message);
        this.reason = reason;
        this.ruleId = ruleId;
        this.errors = List.copyOf(errors);
    }

    static RuleChangeException invalid(List<FieldError> errors) {
        return new RuleChangeException(Reason.INVALID, null, "invalid rule", errors);
    }

    static RuleChangeException notFound(String ruleId) {
        return new RuleChangeException(Reason.NOT_FOUND, ruleId, "rule " + ruleId + " not found", List.of());
    }

    static RuleChangeException alreadyExists(String ruleId) {
        return new RuleChangeException(Reason.ALREADY_EXISTS, ruleId, "rule " + ruleId
                + " already exists; change it with PUT, or choose another id", List.of());
    }

    static RuleChangeException changedConcurrently(String ruleId) {
        return new RuleChangeException(Reason.CHANGED_CONCURRENTLY, ruleId, "rule " + ruleId
                + " was changed concurrently; read it again and retry", List.of());
    }

    public Reason reason() {
        return reason;
    }

    /** The rule concerned; null when the input was too broken to name one. */
    public String ruleId() {
        return ruleId;
    }

    /** For {@link Reason#INVALID}: one entry per bad field; otherwise empty. */
    public List<FieldError> errors() {
        return errors;
    }
}
