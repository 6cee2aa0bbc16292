package io.bpmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What grouping remembers between alert changes: the open groups by key, and how many late alerts it skipped. It is
 * stored as part of the alerting state (its fields at the top of that document), and only {@link AlertGrouper}
 * changes it.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class GroupingState {

    Map<String, AlertGroup> groups = new TreeMap<>();
    long lateSkipped;

    /** The open groups by key; read-only. */
    public Map<String, AlertGroup> groups() {
        return Collections.unmodifiableMap(groups);
    }

    /** Alerts found while reprocessing history ({@code detectedLate}), counted and not notified. */
    public long lateSkipped() {
        return lateSkipped;
    }
}
