package io.bpmon.job.rules;

import io.bpmon.core.alerts.Finding;
import io.bpmon.core.alerts.Findings;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.StepEvent;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.nfa.NFA;
import org.apache.flink.cep.nfa.compiler.NFACompiler;

/**
 * Judges one order under one rule version: runs the rule's compiled CEP pattern over the order's step events up to
 * the watermark and turns timed-out partial matches into {@link Finding}s. Keeps one compiled NFA per rule version.
 */
public final class RuleEvaluator implements AutoCloseable {

    /** What a rule finds in an order now, and when to look again (null: nothing is waiting). */
    public record Evaluation(List<Finding> findings, Long nextDeadline) {}

    private static final int MAX_COMPILED = 1024;
    private static final Evaluation NOTHING = new Evaluation(List.of(), null);

    private final Lifecycle lifecycle;
    private final PatternRunner runner = new PatternRunner();
    private final Map<String, NFA<StepEvent>> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NFA<StepEvent>> eldest) {
            return size() > MAX_COMPILED; // old versions fall out once nobody evaluates them
        }
    };

    public RuleEvaluator(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public Evaluation evaluate(Rule rule, String orderId, List<StepEvent> events, long watermark) throws Exception {
        if (rule.kind() == RuleKind.VELOCITY) {
            throw new IllegalArgumentException("rule " + rule.id() + " is a VELOCITY rule");
        }
        Evaluation clean = withoutReplay(rule, orderId, events, watermark);
        return clean != null ? clean : replay(rule, orderId, events, watermark);
    }

    /**
     * The replay's result where it is plain without running the NFA: nothing found, and at most one wait (the STEP_SLA
     * wait that started and is not over, the STALL wait after the last event) still ahead. Most evaluations of orders that keep their SLAs end here; every breach is found by the replay.
     * {@code RuleEvaluatorShortcutTest} checks on random histories that the two always agree.
     *
     * @return null when only the replay can tell
     */
    Evaluation withoutReplay(Rule rule, String orderId, List<StepEvent> events, long watermark) {
        long window = rule.maxDuration().toMillis();
        if (rule.kind() == RuleKind.STEP_SLA) {
            int from = -1;
            for (int i = 0; i < events.size() && from < 0; i++) {
                if (rule.startsWait(events.get(i))) {
                    from = i;
                }
            }
            if (from < 0) {
                return NOTHING; // the wait never started
            }
            long start = events.get(from).occurredAt().toEpochMilli();
            for (int j = from + 1; j < events.size(); j++) {
                StepEvent e = events.get(j);
                if (rule.endsWait(e, lifecycle)) {
                    return e.occurredAt().toEpochMilli() - start < window ? NOTHING : null; // ended in time
                }
            }
            // still waiting: plain as long as neither the watermark nor a later event reached the deadline
            long deadline = start + window;
            StepEvent last = events.get(events.size() - 1);
            if (watermark < deadline && last.occurredAt().toEpochMilli() < deadline) {
                return new Evaluation(List.of(), deadline);
            }
            return null; // the replay tells what timed out
        }
        // STALL: no gap of the window between neighbours, and the last event's wait not over yet
        if (events.isEmpty()) {
            return NOTHING;
        }
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).occurredAt().toEpochMilli() - events.get(i - 1).occurredAt().toEpochMilli() >= window) {
                return null;
            }
        }
        StepEvent last = events.get(events.size() - 1);
        long deadline = last.occurredAt().toEpochMilli() + window;
        if (watermark >= deadline) {
            return null;
        }
        boolean waits = Findings.stall(rule, orderId, last, Instant.ofEpochMilli(deadline), events, lifecycle) != null;
        return new Evaluation(List.of(), waits ? deadline : null);
    }

    Evaluation replay(Rule rule, String orderId, List<StepEvent> events, long watermark) throws Exception {
        PatternRunner.Run run = runner.run(nfa(rule), events, watermark);
        // one finding per alert: two stalls in the same status (a second parcel) are one alert, and it names the
        // latest, so that judging the same history again finds the same thing
        Map<String, Finding> byAlert = new LinkedHashMap<>();
        for (PatternRunner.Timeout t : run.timedOut()) {
            Finding f = finding(rule, orderId, t, events);
            if (f != null) {
                byAlert.merge(f.alertId(), f, (a, b) -> b.startedAt().isBefore(a.startedAt()) ? a : b);
            }
        }
        List<Finding> findings = new ArrayList<>(byAlert.values());
        Long next = null;
        for (PatternRunner.Timeout t : run.waiting()) {
            if (finding(rule, orderId, t, events) != null && (next == null || t.deadline() < next)) {
                next = t.deadline();
            }
        }
        return new Evaluation(findings, next);
    }

    private Finding finding(Rule rule, String orderId, PatternRunner.Timeout t, List<StepEvent> events) {
        Instant deadline = Instant.ofEpochMilli(t.deadline());
        if (rule.kind() == RuleKind.STEP_SLA) {
            return Findings.slaBreach(rule, orderId, t.partialMatch().get(RulePatterns.FROM).get(0), deadline, events,
                    lifecycle);
        }
        return Findings.stall(rule, orderId, t.partialMatch().get(RulePatterns.LAST).get(0), deadline, events,
                lifecycle);
    }

    private NFA<StepEvent> nfa(Rule rule) {
        return compiled.computeIfAbsent(rule.id() + '@' + rule.version(),
                k -> NFACompiler.compileFactory(RulePatterns.compile(rule, lifecycle), true).createNFA());
    }

    int bufferedEntries() throws Exception {
        return runner.bufferedEntries();
    }

    @Override
    public void close() {
        runner.close();
    }
}
