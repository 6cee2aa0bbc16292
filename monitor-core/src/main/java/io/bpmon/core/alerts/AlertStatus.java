package io.bpmon.core.alerts;

/** Where an alert stands. */
public enum AlertStatus {
    /** The breach holds and nobody has taken it yet. */
    OPEN,
    /** Somebody is on it; notifiers stop repeating it. */
    ACKNOWLEDGED,
    /** Over; {@code resolution} says why. */
    RESOLVED
}
