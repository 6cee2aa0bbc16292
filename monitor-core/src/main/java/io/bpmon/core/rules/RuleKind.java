package io.bpmon.core.rules;

/** What a rule watches (docs/contract.md). */
public enum RuleKind {
    /** Step {@code to} must be reached within {@code maxDuration} after step {@code from}. */
    STEP_SLA,
    /** An order in a watched status must not go without a lifecycle event for {@code maxDuration}. */
    STALL,
    /** The count of {@code eventType} events per segment in a sliding window must stay within {@code min}..{@code max}. */
    VELOCITY
}
