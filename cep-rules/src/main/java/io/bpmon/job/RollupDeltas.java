package io.bpmon.job;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rollup.RollupContribution;
import io.bpmon.core.rules.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * The order operator's part of the daily roll-up (docs/daily-rollup.md): an order's contribution before and after a
 * change, and the deltas between them. Nothing is kept per order: both sides are derived from the order's state and
 * alerts, which the operator holds anyway.
 */
final class RollupDeltas implements java.io.Serializable {

    /** Changes of orders' contributions, for the roll-up operator (keyed by day and segment). */
    static final OutputTag<RollupDelta> DELTAS =
            new OutputTag<>("rollup-deltas", TypeInformation.of(RollupDelta.class));

    private static final long serialVersionUID = 1L;

    private final List<String> segmentBy;
    private final Lifecycle lifecycle;

    RollupDeltas(List<String> segmentBy, Lifecycle lifecycle) {
        this.segmentBy = List.copyOf(segmentBy);
        this.lifecycle = lifecycle;
    }

    /**
     * The order's contribution under the given rules (those in its scope) and its alerts by rule; null for an order
     * without events.
     */
    RollupContribution of(OrderState state, List<Rule> rulesInScope, Map<String, Map<String, Alert>> alertsByRule) {
        if (state == null) {
            return null;
        }
        Collection<Alert> alerts = new ArrayList<>();
        alertsByRule.values().forEach(byId -> alerts.addAll(byId.values()));
        return RollupContribution.of(state, segmentBy, rulesInScope, RollupContribution.breachedRules(alerts),
                lifecycle);
    }

    /**
     * Emits what changed: nothing when both are equal, one delta when the order stays in its (day, segment), two
     * when it moved (out of the old, into the new).
     */
    static void emit(RollupContribution before, RollupContribution after, Consumer<RollupDelta> out) {
        if (before == null ? after == null : before.equals(after)) {
            return;
        }
        String oldKey = before == null ? null : before.key();
        String newKey = after == null ? null : after.key();
        if (oldKey != null && oldKey.equals(newKey)) {
            out.accept(new RollupDelta(newKey, before.encode(), after.encode()));
            return;
        }
        if (oldKey != null) {
            out.accept(new RollupDelta(oldKey, before.encode(), null));
        }
        if (newKey != null) {
            out.accept(new RollupDelta(newKey, null, after.encode()));
        }
    }
}
