package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.alerts.VelocityEpisode;
import io.bpmon.core.alerts.VelocityEpisodes;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.VelocitySegment;
import io.bpmon.core.rules.VelocityWindow;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * VELOCITY rules (docs/rule-engine.md, section VELOCITY), keyed by rule and segment ({@link VelocityHit#key()}).
 *
 * <p>Each hit adds one to its bucket of event time (and its contribution to the bucket's sum, for a rule with an
 * aggregate: docs/velocity-rules.md) ({@link VelocityWindow}: 10 s, longer for windows over an hour).
 * One event-time timer per segment sits at the next bucket boundary t; when the watermark passes it (the watermark
 * trails event time by the allowed lateness and follows the wall clock on a quiet stream) the window
 * [t − window, t) is counted and judged by {@link VelocityEpisodes}, and the timer moves to the next boundary. The
 * timer is re-armed whether or not hits arrive, so a segment that goes silent is counted as 0 — until it has not
 * been seen for {@link VelocityWindow#SEGMENT_MEMORY} of event time: then its state goes, and an open alert stays
 * as it is (nothing resolved it).
 *
 * <p>Hits at or behind the watermark still count in their bucket; windows already judged are not judged again. A
 * segment whose first hits lie in the past is judged window by window from its first bucket up to the watermark,
 * and episodes found entirely in that past are published resolved with {@code detectedLate}.
 *
 * <p>Rules come from the broadcast rules topic ({@link OrderStateFunction#RULES}); each evaluation judges by the
 * version in force. Disabling or deleting a rule resolves its open episodes {@code RULE_DISABLED} at once; a
 * version that counts another event type or other groupBy attributes, or whose scope excludes a segment, resolves
 * them {@code RULE_CHANGED}; either way the segments are forgotten. Their timers cannot be deleted from the
 * broadcast side: each fires once more and finds nothing.
 */
public final class VelocityFunction extends KeyedBroadcastProcessFunction<String, VelocityHit, RuleChange, AlertUpdate> {

    /** The segment's groupBy values; present for every segment the function keeps (walked on rule changes). */
    static final ValueStateDescriptor<Map<String, String>> SEGMENT =
            new ValueStateDescriptor<>("segment", Types.MAP(Types.STRING, Types.STRING));

    private static final long serialVersionUID = 1L;

    private final Lifecycle lifecycle;
    private final WallClock clock;

    private transient RuleBook rules;
    private transient ValueState<Map<String, String>> segment;
    /** Bucket start → hits. */
    private transient MapState<Long, Long> buckets;
    /** Bucket start → sum of the hits' contributions, for aggregates (absent for counting rules). */
    private transient MapState<Long, Double> sums;
    /** The bucket length the buckets were counted in. */
    private transient ValueState<Long> bucketMillis;
    /** The latest event time of a hit. */
    private transient ValueState<Long> lastSeen;
    /** The counts are complete from here on (the first bucket, raised as old buckets are dropped). */
    private transient ValueState<Long> coveredFrom;
    /** The last window end judged; null before the first evaluation. */
    private transient ValueState<Long> evaluatedUntil;
    /** The one event-time timer: the next window end to judge. */
    private transient ValueState<Long> nextEvaluation;
    /** The open episode, {@link VelocityEpisode} as JSON. */
    private transient ValueState<String> episode;
    private transient Counter hits;
    private transient Counter lateHits;
    private transient Counter alertsChanged;
    private transient Counter segmentsForgotten;

    public VelocityFunction(Lifecycle lifecycle, WallClock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new RuleBook(lifecycle);
        var state = getRuntimeContext();
        segment = state.getState(SEGMENT);
        buckets = state.getMapState(new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
        sums = state.getMapState(new MapStateDescriptor<>("bucket-sums", Types.LONG, Types.DOUBLE));
        bucketMillis = state.getState(new ValueStateDescriptor<>("bucket-millis", Types.LONG));
        lastSeen = state.getState(new ValueStateDescriptor<>("last-seen", Types.LONG));
        coveredFrom = state.getState(new ValueStateDescriptor<>("covered-from", Types.LONG));
        evaluatedUntil = state.getState(new ValueStateDescriptor<>("evaluated-until", Types.LONG));
        nextEvaluation = state.getState(new ValueStateDescriptor<>("next-evaluation", Types.LONG));
        episode = state.getState(new ValueStateDescriptor<>("episode", Types.STRING));
        var metrics = state.getMetricGroup();
        hits = metrics.counter("velocityHits");
        lateHits = metrics.counter("lateVelocityHits");
        alertsChanged = metrics.counter("velocityAlertsChanged");
        segmentsForgotten = metrics.counter("velocitySegmentsForgotten");
    }

    @Override
    public void processElement(VelocityHit hit, ReadOnlyContext ctx, Collector<AlertUpdate> out) throws Exception {
        long t = hit.eventTime();
        TimerService timers = ctx.timerService();
        hits.inc();
        if (t <= timers.currentWatermark()) {
            lateHits.inc();
        }
        Long bucket = bucketMillis.value();
        if (bucket == null) {
            // a new segment; before its rule reached this instance, count in the shortest buckets
            Rule rule = rules.parse(ctx.getBroadcastState(OrderStateFunction.RULES).get(hit.ruleId()));
            bucket = VelocityWindow.bucketMillis(
                    rule != null && rule.window() != null ? rule.window() : VelocityWindow.MIN_BUCKET);
            segment.update(hit.segment());
            bucketMillis.update(bucket);
            lastSeen.update(t);
            schedule(timers, VelocityWindow.nextBoundary(t, bucket));
        } else {
            lastSeen.update(Math.max(lastSeen.value(), t));
            Long next = nextEvaluation.value();
            long end = VelocityWindow.nextBoundary(t, bucket);
            if (evaluatedUntil.value() == null && next != null && end < next) {
                schedule(timers, end); // nothing judged yet: start at the earliest hit, however late it came
            }
        }
        long start = VelocityWindow.bucketStart(t, bucket);
        Long n = buckets.get(start);
        buckets.put(start, n == null ? 1 : n + 1);
        if (hit.contribution() != 0) {
            Double sum = sums.get(start);
            sums.put(start, sum == null ? hit.contribution() : sum + hit.contribution());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertUpdate> out) throws Exception {
        Long due = nextEvaluation.value();
        if (due == null || due != timestamp) {
            return; // the segment was forgotten (rule change) or rescheduled
        }
        nextEvaluation.clear();
        String key = ctx.getCurrentKey();
        int split = key.indexOf('\u0000');
        Rule rule = rules.parse(ctx.getBroadcastState(OrderStateFunction.RULES).get(key.substring(0, split)));
        VelocitySegment seg = new VelocitySegment(key.substring(split + 1), segment.value());
        long watermark = ctx.timerService().currentWatermark();
        Instant now = Instant.ofEpochMilli(clock.millis());

        if (rule == null || !rule.enabled() || rule.kind() != RuleKind.VELOCITY || !seg.countedBy(rule)) {
            // a hit that crossed the rule's removal, or a rule this instance never received: nothing to judge by
            emit(VelocityEpisodes.flush(episode(), true, now), out);
            forget();
            return;
        }
        long bucket = VelocityWindow.bucketMillis(rule.window());
        boolean head = timestamp + bucket > watermark;
        if (!VelocityWindow.remembers(lastSeen.value(), timestamp)) {
            emit(VelocityEpisodes.flush(episode(), head, now), out);
            forget();
            segmentsForgotten.inc();
            return;
        }

        VelocityWindow window = VelocityWindow.of(bucket, buckets.entries(), sums.entries());
        if (bucket != bucketMillis.value()) { // the rule's window was edited into another bucket length
            buckets.clear();
            buckets.putAll(window.buckets());
            sums.clear();
            sums.putAll(window.sums());
            bucketMillis.update(bucket);
        }
        Long covered = coveredFrom.value();
        if (covered == null) {
            covered = window.oldest() == null ? timestamp : Math.min(window.oldest(), timestamp);
        }
        long horizon = window.horizon(timestamp, rule.window());
        Double value = rule.measure().value(window.count(timestamp, rule.window()),
                window.sum(timestamp, rule.window()));
        VelocityEpisodes.Outcome outcome = VelocityEpisodes.evaluate(rule, seg, episode(), value,
                horizon >= covered, Instant.ofEpochMilli(timestamp), head, now);
        emit(outcome.published(), out);
        if (outcome.episode() == null) {
            episode.clear();
        } else {
            episode.update(Json.write(outcome.episode()));
        }
        for (long start : window.prune(timestamp, rule.window())) {
            buckets.remove(start);
            sums.remove(start);
        }
        coveredFrom.update(Math.max(covered, horizon));
        evaluatedUntil.update(timestamp);
        schedule(ctx.timerService(), VelocityWindow.nextBoundary(timestamp, bucket));
    }

    @Override
    public void processBroadcastElement(RuleChange change, Context ctx, Collector<AlertUpdate> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(OrderStateFunction.RULES);
        Rule before = rules.parse(state.get(change.ruleId()));
        Rule after = rules.parse(change.json());
        if (change.json() == null) {
            state.remove(change.ruleId());
        } else if (after != null) {
            state.put(change.ruleId(), change.json());
        } else {
            return; // invalid: keep the previous version
        }
        if (before != null && before.kind() != RuleKind.VELOCITY) {
            return; // hits are only sent for VELOCITY rules: this id has no segments here
        }
        Resolution retired = VelocityEpisodes.retirement(before, after);
        if (retired == null && before != null && after.scope().equals(before.scope())
                && after.segmentBy().equals(before.segmentBy())) {
            return; // every segment carries on; the new version judges from its next evaluation
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        String prefix = VelocityHit.key(change.ruleId(), "");
        // applyToKeyedState sets each key as current, so the function's other keyed states read that segment's
        ctx.applyToKeyedState(SEGMENT, (key, values) -> {
            Map<String, String> segmentValues = values.value();
            if (!key.startsWith(prefix) || segmentValues == null) {
                return;
            }
            VelocitySegment seg = new VelocitySegment(key.substring(prefix.length()), segmentValues);
            Resolution why = retired != null ? retired : seg.countedBy(after) ? null : Resolution.RULE_CHANGED;
            if (why != null) {
                emit(VelocityEpisodes.retire(episode(), why, now), out);
                forget();
            }
        });
    }

    private VelocityEpisode episode() throws Exception {
        String json = episode.value();
        return json == null ? null : Json.mapper().readValue(json, VelocityEpisode.class);
    }

    private void emit(Alert alert, Collector<AlertUpdate> out) {
        if (alert != null) {
            out.collect(new AlertUpdate(alert.id(), alert.revision(), Json.writeBytes(alert)));
            alertsChanged.inc();
        }
    }

    private void schedule(TimerService timers, long at) throws Exception {
        EventTimeTimer.moveTo(nextEvaluation, timers, at);
    }

    /** Drops every state of the current segment; a registered timer, if any, then finds nothing. */
    private void forget() {
        segment.clear();
        buckets.clear();
        sums.clear();
        bucketMillis.clear();
        lastSeen.clear();
        coveredFrom.clear();
        evaluatedUntil.clear();
        nextEvaluation.clear();
        episode.clear();
    }
}
