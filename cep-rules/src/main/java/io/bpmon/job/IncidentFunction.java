package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.IncidentKeys;
import io.bpmon.core.alerts.IncidentTracker;
import io.bpmon.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The second incident step (docs/incidents.md), keyed by incident key ({@link RoutedAlert#key()}): applies each alert
 * version to the key's incidents ({@link IncidentTracker}), emits the alert with its {@code incidentId} and, when the
 * incident changed, the incident's new version ({@link #INCIDENTS}).
 *
 * <p>Exactly once: alerts new to the key join or open incidents in event-time order — each waits until the watermark
 * has passed its event time, then the due ones are applied sorted by (event time, velocity alerts first, alert id,
 * revision) — so the same input gives the same incidents and ids whatever the interleaving of the upstream subtasks.
 * Later versions of member alerts (resolutions) are applied at once: they decide nothing (docs/incidents.md). The
 * state is Flink's, restored from the checkpoint; what is replayed after a restart is decided again exactly as before,
 * and the stores keep the first write of each revision (external versions).
 */
public final class IncidentFunction extends KeyedProcessFunction<String, RoutedAlert, AlertUpdate> {

    public static final OutputTag<IncidentUpdate> INCIDENTS =
            new OutputTag<>("incidents", TypeInformation.of(IncidentUpdate.class));
    /** How long the incidents of a key that is quiet are remembered (event time). */
    static final Duration MEMORY = Duration.ofDays(1);

    private static final long serialVersionUID = 1L;

    private transient ValueState<String> track;
    /** Alert id → its {@link IncidentTracker.Member} as JSON. */
    private transient MapState<String, String> members;
    private transient ListState<RoutedAlert> pending;
    private transient Counter incidentsChanged;

    @Override
    public void open(OpenContext openContext) {
        track = getRuntimeContext().getState(new ValueStateDescriptor<>("track", Types.STRING));
        members = getRuntimeContext().getMapState(new MapStateDescriptor<>("members", Types.STRING, Types.STRING));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(RoutedAlert.class)));
        incidentsChanged = getRuntimeContext().getMetricGroup().counter("incidentsChanged");
    }

    @Override
    public void processElement(RoutedAlert routed, Context ctx, Collector<AlertUpdate> out) throws Exception {
        if (routed.at() <= ctx.timerService().currentWatermark() || isKnownMember(routed)) {
            apply(routed, ctx, out);
            return;
        }
        pending.add(routed);
        ctx.timerService().registerEventTimeTimer(routed.at());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertUpdate> out) throws Exception {
        List<RoutedAlert> due = new ArrayList<>();
        List<RoutedAlert> later = new ArrayList<>();
        for (RoutedAlert r : pending.get()) {
            (r.at() <= timestamp ? due : later).add(r);
        }
        if (!due.isEmpty()) {
            pending.update(later);
            due.sort(Comparator.comparingLong(RoutedAlert::at)
                    .thenComparing(r -> !r.velocity())
                    .thenComparing(r -> r.update().id())
                    .thenComparingLong(r -> r.update().revision()));
            for (RoutedAlert r : due) {
                apply(r, ctx, out);
            }
        }
        String known = track.value();
        if (known != null && later.isEmpty()) {
            IncidentTracker.Track t = IncidentRouter.read(known, IncidentTracker.Track.class);
            if (t.quietSince() != Long.MAX_VALUE && t.quietSince() + MEMORY.toMillis() <= timestamp) {
                track.clear();
                members.clear();
            }
        }
    }

    /**
     * Whether this is a later version of an alert the key's incidents already hold, with none of its versions
     * waiting: it joins no incident and opens none, so it is applied at once (a resolution must not wait for the
     * watermark; docs/incidents.md).
     */
    private boolean isKnownMember(RoutedAlert routed) throws Exception {
        if (!members.contains(routed.update().id())) {
            return false;
        }
        for (RoutedAlert waiting : pending.get()) {
            if (waiting.update().id().equals(routed.update().id())) {
                return false;
            }
        }
        return true;
    }

    private void apply(RoutedAlert routed, Context ctx, Collector<AlertUpdate> out) throws Exception {
        String known = track.value();
        IncidentTracker.Track before = known == null ? IncidentTracker.Track.empty()
                : IncidentRouter.read(known, IncidentTracker.Track.class);
        String id = routed.update().id();
        String member = members.get(id);
        IncidentTracker.Outcome outcome = IncidentTracker.apply(before,
                member == null ? null : IncidentRouter.read(member, IncidentTracker.Member.class),
                IncidentRouter.read(routed.route(), IncidentKeys.Route.class),
                IncidentRouter.read(routed.update().json(), Alert.class), routed.at());
        track.update(Json.write(outcome.track()));
        members.put(id, Json.write(outcome.member()));
        Alert alert = outcome.alert();
        out.collect(new AlertUpdate(alert.id(), alert.revision(), Json.writeBytes(alert)));
        if (outcome.incident() != null) {
            incidentsChanged.inc();
            ctx.output(INCIDENTS, new IncidentUpdate(outcome.incident().id(), outcome.incident().revision(),
                    Json.writeBytes(outcome.incident())));
        }
        long quiet = outcome.track().quietSince();
        if (quiet != Long.MAX_VALUE && before.quietSince() != quiet) {
            ctx.timerService().registerEventTimeTimer(quiet + MEMORY.toMillis());
        }
    }
}
