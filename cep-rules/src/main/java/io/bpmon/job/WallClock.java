package io.bpmon.job;

import java.io.Serializable;

/** The wall clock, replaceable in tests. */
@FunctionalInterface
public interface WallClock extends Serializable {

    WallClock SYSTEM = System::currentTimeMillis;

    long millis();
}
