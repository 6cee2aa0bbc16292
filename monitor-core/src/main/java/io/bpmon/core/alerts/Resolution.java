package io.bpmon.core.alerts;

/** Why an alert ended. */
public enum Resolution {
    /** The awaited step arrived after the deadline. */
    COMPLETED_LATE,
    /** The stalled order moved on. */
    PROGRESSED,
    /** The order was cancelled. */
    CANCELLED,
    /** The rule was disabled or deleted. */
    RULE_DISABLED,
    /** The rule was edited and its new version no longer finds this breach (an addition to the contract). */
    RULE_CHANGED,
    /** The velocity is back within bounds for a full window. */
    BACK_IN_BOUNDS
}
