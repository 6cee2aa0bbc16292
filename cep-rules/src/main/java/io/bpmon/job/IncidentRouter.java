package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.IncidentKeys;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The first incident step (docs/incidents.md), keyed by alert id: decides once, when an alert is first seen, which
 * incident key it belongs to — its own rule and {@code groupBy} values, or, when an open episode of a VELOCITY rule
 * that {@code inhibits} its rule covers its segment, that episode's key (and it carries {@code inhibitedBy}). Later
 * versions of the alert follow the same route.
 *
 * <p>Deterministic under replay: an alert's first version is decided only once the watermark has passed its event
 * time (its record timestamp), so every velocity alert of an earlier or equal event time has arrived on the broadcast
 * side whatever the interleaving of the inputs, and episodes are judged by their record times, not by arrival. Later
 * versions of a routed alert pass at once (a resolution must not wait for the watermark).
 */
public final class IncidentRouter extends KeyedBroadcastProcessFunction<String, AlertUpdate, IncidentSignal, RoutedAlert> {

    /** Rule id → the rule's JSON, as in {@link OrderStateFunction#RULES}. */
    public static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("incident-rules", Types.STRING, Types.STRING);
    /** Velocity alert id → its {@link IncidentKeys.Episode} as JSON. */
    public static final MapStateDescriptor<String, String> EPISODES =
            new MapStateDescriptor<>("incident-episodes", Types.STRING, Types.STRING);
    /** How long the route of a resolved alert and a resolved episode are kept (event time). */
    static final Duration MEMORY = Duration.ofDays(1);

    private static final long serialVersionUID = 1L;

    /** An alert version waiting for the watermark to pass its event time. */
    public record Pending(long at, AlertUpdate update) {}

    private final Lifecycle lifecycle;
    private transient RuleBook rules;
    private transient ValueState<String> route;
    private transient ValueState<Long> forgetAt;
    private transient ListState<Pending> pending;

    public IncidentRouter(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new RuleBook(lifecycle);
        route = getRuntimeContext().getState(new ValueStateDescriptor<>("route", Types.STRING));
        forgetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-at", Types.LONG));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(Pending.class)));
    }

    @Override
    public void processElement(AlertUpdate update, ReadOnlyContext ctx, Collector<RoutedAlert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long at = ctx.timestamp() == null ? watermark : ctx.timestamp();
        boolean routed = route.value() != null && !pending.get().iterator().hasNext();
        if (routed || at <= watermark) {
            // a later version of an alert already routed follows its route: nothing to decide, no need to wait; and
            // without event time (a rule change raised it) or late, everything up to it has arrived already
            decide(update, at, ctx, out);
            return;
        }
        pending.add(new Pending(ctx.timestamp(), update));
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoutedAlert> out) throws Exception {
        List<Pending> due = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        for (Pending p : pending.get()) {
            (p.at() <= timestamp ? due : later).add(p);
        }
        if (!due.isEmpty()) {
            pending.update(later);
            due.sort(Comparator.comparingLong(Pending::at).thenComparingLong(p -> p.update().revision()));
            for (Pending p : due) {
                decide(p.update(), p.at(), ctx, out);
            }
        }
        Long forget = forgetAt.value();
        if (forget != null && forget <= timestamp && later.isEmpty()) {
            route.clear();
            forgetAt.clear();
        }
    }

    private void decide(AlertUpdate update, long at, ReadOnlyContext ctx, Collector<RoutedAlert> out)
            throws Exception {
        Alert alert = read(update.json(), Alert.class);
        String known = route.value();
        if (known == null) {
            ReadOnlyBroadcastState<String, String> ruleState = ctx.getBroadcastState(RULES);
            List<IncidentKeys.Episode> episodes = new ArrayList<>();
            Map<String, Rule> episodeRules = new HashMap<>();
            if (alert.kind() != AlertKind.VELOCITY) {
                for (Map.Entry<String, String> e : ctx.getBroadcastState(EPISODES).immutableEntries()) {
                    IncidentKeys.Episode episode = read(e.getValue(), IncidentKeys.Episode.class);
                    episodes.add(episode);
                    episodeRules.computeIfAbsent(episode.ruleId(), id -> parse(ruleState, id));
                }
            }
            known = Json.write(IncidentKeys.route(alert, parse(ruleState, alert.ruleId()), at, episodes,
                    episodeRules));
            route.update(known);
        }
        if (alert.status() == AlertStatus.RESOLVED) {
            long forget = at + MEMORY.toMillis();
            forgetAt.update(forget);
            ctx.timerService().registerEventTimeTimer(forget);
        } else {
            forgetAt.clear();
        }
        IncidentKeys.Route r = read(known, IncidentKeys.Route.class);
        out.collect(new RoutedAlert(r.key(), known, alert.kind() == AlertKind.VELOCITY, at, update));
    }

    private Rule parse(ReadOnlyBroadcastState<String, String> ruleState, String ruleId) {
        try {
            return rules.parse(ruleState.get(ruleId));
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void processBroadcastElement(IncidentSignal signal, Context ctx, Collector<RoutedAlert> out)
            throws Exception {
        if (signal.rule() != null) {
            RuleChange change = signal.rule();
            BroadcastState<String, String> state = ctx.getBroadcastState(RULES);
            if (change.json() == null) {
                state.remove(change.ruleId());
            } else if (rules.parse(change.json()) != null) {
                state.put(change.ruleId(), change.json());
            }
            return;
        }
        Alert velocity = read(signal.velocity().json(), Alert.class);
        long at = ctx.timestamp() == null ? ctx.currentWatermark() : ctx.timestamp();
        BroadcastState<String, String> episodes = ctx.getBroadcastState(EPISODES);
        String known = episodes.get(velocity.id());
        IncidentKeys.Episode before = known == null ? null : read(known, IncidentKeys.Episode.class);
        long openedAt = before == null ? at : before.openedAt();
        long resolvedAt = velocity.status() == AlertStatus.RESOLVED
                ? (before != null && before.resolvedAt() != Long.MAX_VALUE ? before.resolvedAt() : at)
                : Long.MAX_VALUE;
        episodes.put(velocity.id(), Json.write(new IncidentKeys.Episode(velocity.id(), velocity.ruleId(),
                velocity.attributes(), openedAt, resolvedAt)));
        // episodes over for a day of event time inhibit nothing any more
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, String> e : episodes.immutableEntries()) {
            IncidentKeys.Episode episode = read(e.getValue(), IncidentKeys.Episode.class);
            if (episode.resolvedAt() != Long.MAX_VALUE && episode.resolvedAt() + MEMORY.toMillis() < at) {
                gone.add(e.getKey());
            }
        }
        for (String id : gone) {
            episodes.remove(id);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
