package io.bpmon.core.order;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.lifecycle.Step;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durations stored with each order document so that a rule preview over a million stored orders is a handful of
 * range queries: Elasticsearch cannot compare two fields of a document without scripts, which bpmon does not use
 * (docs/rule-preview.md).
 *
 * <ul>
 *   <li>{@link #waits}: for every reached step {@code from} and every step {@code to} that can follow it, the
 *   milliseconds from reaching {@code from} until the wait of a {@code STEP_SLA} rule from/to ended: the first step
 *   that satisfies {@code to} (docs/contract.md: a later main-path step counts) or that abandons the order
 *   (cancellation). Absent while nothing ended the wait. A rule breaches exactly when this is absent (and the
 *   deadline passed) or at least its {@code maxDuration} — the same cut as the engine's CEP window.</li>
 *   <li>{@link #quietSpells}: per non-terminal status, the longest time between an event that left the order in
 *   that status and the next event, and when it began: a closed stall for {@code STALL} rules. The open stall at
 *   the end is the document's {@code status} and {@code lastEventAt}.</li>
 * </ul>
 */
public final class OrderTimings {

    /** The longest closed spell without events in one status. */
    public record QuietSpell(long longestMillis, Instant since) {}

    private OrderTimings() {}

    /** from step → to step → milliseconds until the wait ended; only pairs whose wait ended. */
    public static Map<String, Map<String, Long>> waits(Map<String, Instant> steps, Lifecycle lifecycle) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (Map.Entry<String, Instant> from : steps.entrySet()) {
            Map<String, Long> ends = null;
            for (Step to : lifecycle.steps()) {
                if (!lifecycle.canReach(from.getKey(), to.name())) {
                    continue;
                }
                Instant end = null;
                for (Map.Entry<String, Instant> s : steps.entrySet()) {
                    if (s.getKey().equals(from.getKey()) || s.getValue().isBefore(from.getValue())) {
                        continue;
                    }
                    if ((lifecycle.satisfies(s.getKey(), to.name()) || lifecycle.abandons(s.getKey()))
                            && (end == null || s.getValue().isBefore(end))) {
                        end = s.getValue();
                    }
                }
                if (end != null) {
                    if (ends == null) {
                        ends = new LinkedHashMap<>();
                        result.put(from.getKey(), ends);
                    }
                    ends.put(to.name(), end.toEpochMilli() - from.getValue().toEpochMilli());
                }
            }
        }
        return result;
    }

    /** Per non-terminal status, its longest closed spell without events (the first of equally long ones). */
    public static Map<String, QuietSpell> quietSpells(List<StepEvent> events, Lifecycle lifecycle) {
        Map<String, QuietSpell> result = new LinkedHashMap<>();
        for (int i = 0; i + 1 < events.size(); i++) {
            StepEvent e = events.get(i);
            String status = e.statusAfter();
            if (status == null || lifecycle.isTerminal(status)) {
                continue;
            }
            long gap = events.get(i + 1).occurredAt().toEpochMilli() - e.occurredAt().toEpochMilli();
            QuietSpell known = result.get(status);
            if (known == null || gap > known.longestMillis()) {
                result.put(status, new QuietSpell(gap, e.occurredAt()));
            }
        }
        return result;
    }
}
