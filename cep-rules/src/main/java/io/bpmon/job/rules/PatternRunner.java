package io.bpmon.job.rules;

import io.bpmon.core.order.StepEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.cep.nfa.NFA;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBuffer;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBufferAccessor;

/**
 * Runs a compiled NFA over one order's step events from scratch, up to a watermark, the way Flink's CEP operator
 * runs it (advance time to each event's timestamp, then feed the event), and reports what timed out and what is
 * still waiting. Every buffer entry is released before it returns, so one runner (and one shared buffer, whose
 * creation starts a timer thread) serves a whole operator instance. Not thread-safe.
 */
public final class PatternRunner implements AutoCloseable {

    /** A timed-out partial match: the events matched so far, and when the window ran out. */
    public record Timeout(Map<String, List<StepEvent>> partialMatch, long deadline) {}

    /**
     * @param timedOut deadlines that passed (by the watermark, or by a later event)
     * @param waiting  partial matches whose deadline lies beyond the watermark
     */
    public record Run(List<Timeout> timedOut, List<Timeout> waiting) {}

    /** Later than any deadline, yet far enough from Long.MAX_VALUE that "time - start" cannot overflow. */
    private static final long END_OF_TIME = Long.MAX_VALUE / 4;

    private final SharedBuffer<StepEvent> buffer;

    public PatternRunner() {
        this.buffer = new SharedBuffer<>(new ScratchStateStore(),
                TypeInformation.of(StepEvent.class).createSerializer(new ExecutionConfig().getSerializerConfig()));
    }

    public Run run(NFA<StepEvent> nfa, List<StepEvent> events, long watermark) throws Exception {
        NFAState state = nfa.createInitialNFAState();
        AfterMatchSkipStrategy skip = AfterMatchSkipStrategy.noSkip();
        List<Timeout> timedOut = new ArrayList<>();
        List<Timeout> waiting = new ArrayList<>();
        long time = Long.MIN_VALUE;
        try (SharedBufferAccessor<StepEvent> accessor = buffer.getAccessor()) {
            for (StepEvent e : events) {
                time = e.occurredAt().toEpochMilli();
                collect(nfa.advanceTime(accessor, state, time, skip), timedOut);
                nfa.process(accessor, state, e, time, skip, System::currentTimeMillis);
            }
            // the NFA subtracts start times from the time it is given: Long.MIN_VALUE (no watermark yet) would
            // overflow into "everything timed out"
            if (watermark > time) {
                collect(nfa.advanceTime(accessor, state, watermark, skip), timedOut);
            }
            // whatever still waits would time out at its deadline; this also releases every buffer entry
            collect(nfa.advanceTime(accessor, state, END_OF_TIME, skip), waiting);
        }
        return new Run(timedOut, waiting);
    }

    private static void collect(
            Tuple2<java.util.Collection<Map<String, List<StepEvent>>>, java.util.Collection<Tuple2<Map<String, List<StepEvent>>, Long>>> result,
            List<Timeout> into) {
        for (Tuple2<Map<String, List<StepEvent>>, Long> t : result.f1) {
            into.add(new Timeout(t.f0, t.f1));
        }
    }

    /** Number of entries left in the shared buffer; zero after every run. */
    int bufferedEntries() throws Exception {
        return buffer.getEventsBufferSize() + buffer.getSharedBufferNodeSize();
    }

    @Override
    public void close() {
        buffer.releaseCacheStatisticsTimer();
    }
}
