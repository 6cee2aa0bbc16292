package io.bpmon.core.config;

/** A configuration value is missing or malformed; the message names the environment variable. */
public final class ConfigException extends IllegalArgumentException {

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
