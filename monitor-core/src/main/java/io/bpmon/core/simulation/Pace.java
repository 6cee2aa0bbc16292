package io.bpmon.core.simulation;

/** How fast simulated time runs against the wall clock: the factor every step delay is multiplied with. */
public enum Pace {
    /** Hours and days become seconds and minutes (×0.001), so SLA effects show while you watch. */
    DEMO(0.001),
    /** Step delays as in a real shop: payments in seconds to days, deliveries in days. */
    REAL(1.0);

    private final double timeScale;

    Pace(double timeScale) {
        this.timeScale = timeScale;
    }

    public double timeScale() {
        return timeScale;
    }
}
