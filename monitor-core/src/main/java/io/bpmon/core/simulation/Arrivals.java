package io.bpmon.core.simulation;

/** How new orders arrive at the configured rate. */
public enum Arrivals {
    /** At random moments, as customers come: a Poisson process, gaps exponentially distributed around 1/rate. */
    POISSON,
    /** Exactly one every 1/rate: a fixed load, e.g. for a run that compares what it sent with what the monitor saw. */
    STEADY
}
