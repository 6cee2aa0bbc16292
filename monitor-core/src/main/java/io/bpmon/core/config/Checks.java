package io.bpmon.core.config;

import java.time.Duration;

final class Checks {

    private Checks() {}

    static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
    }

    static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key, "must be a positive duration, was " + value);
        }
    }

    static void notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new ConfigException(key, "must not be negative, was " + value);
        }
    }
}
