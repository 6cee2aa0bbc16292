package io.bpmon.core.simulation;

/** Why a record is sent the way it is: on time, or misbehaving on purpose (see {@link TroubleConfig}). */
public enum Trouble {
    /** A regular event, sent when it happens. */
    NONE,
    /** A second copy of an event already sent: same bytes, same eventId. */
    DUPLICATE,
    /** Sent right after the order's next event although it happened before it. */
    OUT_OF_ORDER,
    /** Held back for longer than the allowed lateness; its occurredAt is the time it really happened. */
    LATE,
    /** Not a valid event at all; the monitor must route it to the dead-letter topic. */
    MALFORMED
}
