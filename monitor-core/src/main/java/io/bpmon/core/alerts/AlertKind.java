package io.bpmon.core.alerts;

/** What an alert found (docs/contract.md). */
public enum AlertKind {
    /** A step was not reached within a STEP_SLA rule's duration. */
    SLA_BREACH,
    /** An order went without a lifecycle event for a STALL rule's duration. */
    STALLED,
    /** A segment's event count left a VELOCITY rule's bounds. */
    VELOCITY
}
