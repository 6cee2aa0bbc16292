package io.bpmon.alerting.storage;

import java.util.Optional;

/** Keeps the alerting service's {@link AlertingState} across restarts. */
public interface StateStore {

    /** The state last saved, if any. */
    Optional<AlertingState> load();

    /**
     * Replaces the saved state.
     *
     * @throws ConcurrentWriterException when another instance saved in between: two services would notify twice
     */
    void save(AlertingState state);

    /** Another alerting service writes the same state; this one must stop. */
    final class ConcurrentWriterException extends RuntimeException {
        public ConcurrentWriterException(String message) {
            super(message);
        }
    }
}
