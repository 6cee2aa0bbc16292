/** All settings, read from the environment in one place: {@link io.bpmon.core.config.ConfigLoader}. */
package io.bpmon.core.config;
