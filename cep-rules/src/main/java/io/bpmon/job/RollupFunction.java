package io.bpmon.job;

import io.bpmon.core.config.RollupConfig;
import io.bpmon.core.rollup.DailyRollup;
import io.bpmon.core.rollup.LogHistogram;
import io.bpmon.core.rollup.RollupContribution;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The daily roll-up, keyed by (day, segment) (docs/daily-rollup.md): sums the orders' contribution deltas and emits
 * each changed (day, segment) at most once per interval (a processing-time timer at the next multiple of the
 * interval; Flink keeps one timer per key and time, so a burst of deltas costs one record). A day is kept until
 * {@code retention} after its end in event time; a delta for a day already dropped is counted and discarded.
 */
public final class RollupFunction extends KeyedProcessFunction<String, RollupDelta, RollupChange> {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;
    private final long retentionMillis;

    private transient ValueState<byte[]> totals;
    private transient MapState<String, byte[]> histograms;
    private transient Counter dropped;
    private transient Counter published;
    private transient Counter inexact;

    public RollupFunction(RollupConfig config) {
        this.intervalMillis = config.interval().toMillis();
        this.retentionMillis = config.retention().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("rollup",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        histograms = getRuntimeContext().getMapState(new MapStateDescriptor<>("rollup-steps", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        dropped = getRuntimeContext().getMetricGroup().counter("rollupDeltasDropped");
        published = getRuntimeContext().getMetricGroup().counter("rollupRecords");
        inexact = getRuntimeContext().getMetricGroup().counter("rollupInexactRemovals");
    }

    /** When a day's roll-up is dropped: {@code retention} after the day ended (UTC). */
    private long dropAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + retentionMillis;
    }

    @Override
    public void processElement(RollupDelta delta, Context ctx, Collector<RollupChange> out) throws Exception {
        RollupContribution before = delta.before() == null ? null : RollupContribution.decode(delta.before());
        RollupContribution after = delta.after() == null ? null : RollupContribution.decode(delta.after());
        LocalDate day = (after != null ? after : before).day();
        long dropAt = dropAt(day);
        if (dropAt <= ctx.timerService().currentWatermark()) {
            dropped.inc(); // the day is gone (or would be recreated from this one order): docs/daily-rollup.md
            return;
        }
        byte[] bytes = totals.value();
        DailyRollup rollup = bytes == null ? new DailyRollup() : DailyRollup.decode(bytes);
        if (!rollup.apply(before, after, new StateHistograms())) {
            inexact.inc(); // an order counted before the roll-up existed (docs/daily-rollup.md, upgrading)
        }
        totals.update(rollup.encode());
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService().registerProcessingTimeTimer((now / intervalMillis + 1) * intervalMillis);
        ctx.timerService().registerEventTimeTimer(dropAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RollupChange> out) throws Exception {
        byte[] bytes = totals.value();
        if (bytes == null) {
            return;
        }
        DailyRollup rollup = DailyRollup.decode(bytes);
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (timestamp >= dropAt(rollup.day())) {
                totals.clear();
                histograms.clear();
            }
            return;
        }
        if (rollup.changed()) {
            byte[] json = rollup.publish(new StateHistograms(), Instant.ofEpochMilli(timestamp));
            totals.update(rollup.encode());
            out.collect(new RollupChange(ctx.getCurrentKey(), rollup.revision(), json));
            published.inc();
        }
    }

    /** The histograms of the current key, in Flink map state (one entry per step pair). */
    private final class StateHistograms implements DailyRollup.Histograms {
        @Override
        public LogHistogram get(String pair) throws Exception {
            byte[] bytes = histograms.get(pair);
            return bytes == null ? null : LogHistogram.decode(bytes);
        }

        @Override
        public void put(String pair, LogHistogram histogram) throws Exception {
            if (histogram.isEmpty()) {
                histograms.remove(pair);
            } else {
                histograms.put(pair, histogram.encode());
            }
        }

        @Override
        public Map<String, LogHistogram> all() throws Exception {
            Map<String, LogHistogram> all = new TreeMap<>();
            for (Map.Entry<String, byte[]> e : histograms.entries()) {
                all.put(e.getKey(), LogHistogram.decode(e.getValue()));
            }
            return all;
        }
    }
}
