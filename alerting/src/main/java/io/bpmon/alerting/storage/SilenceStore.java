package io.bpmon.alerting.storage;

import io.bpmon.alerting.silences.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where silences are kept. */
public interface SilenceStore {

    /** Stores a new or changed silence; visible to {@link #active} when this returns. */
    void save(Silence silence);

    Optional<Silence> find(String id);

    /** Newest first, expired ones included. */
    List<Silence> list(int limit);

    /** Those in force at {@code now}. */
    List<Silence> active(Instant now);
}
