package io.bpmon.core.rules;

/** How urgent a rule's alerts are; ordered from most to least urgent. */
public enum Severity {
    /** The business is losing money or customers now; page someone. */
    CRITICAL,
    /** Something is degrading; look at it today. */
    WARNING,
    /** Worth knowing; no action expected. */
    INFO
}
