package io.bpmon.web;

import java.util.Map;

/** One part of the monitor whose health {@code /api/health} reports. */
@FunctionalInterface
interface HealthProbe {

    /** The part's state; {@code details} are shown as they are, so they must hold no secrets. */
    record Result(boolean up, Map<String, Object> details) {
        static Result up(Map<String, Object> details) {
            return new Result(true, details);
        }

        static Result down(String reason) {
            return new Result(false, Map.of("reason", reason));
        }
    }

    Result check();
}
