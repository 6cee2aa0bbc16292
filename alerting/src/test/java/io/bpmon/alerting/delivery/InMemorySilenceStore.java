package io.bpmon.alerting.delivery;

import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.SilenceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Silences in a list; counts how often the active ones were asked for. */
final class InMemorySilenceStore implements SilenceStore {

    private final List<Silence> silences = new ArrayList<>();
    private int activeQueries;

    int activeQueries() {
        return activeQueries;
    }

    @Override
    public void save(Silence silence) {
        silences.removeIf(s -> s.id().equals(silence.id()));
        silences.add(silence);
    }

    @Override
    public Optional<Silence> find(String id) {
        return silences.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public List<Silence> list(int limit) {
        return silences.stream().limit(limit).toList();
    }

    @Override
    public List<Silence> active(Instant now) {
        activeQueries++;
        return silences.stream().filter(s -> s.isActive(now)).toList();
    }
}
