package io.bpmon.core.alerts;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The life of one order's alerts under one rule: compares what an evaluation found with the alerts raised so far
 * and returns the alerts that changed (new, resolved, re-opened or updated). Pure, so every transition of
 * docs/contract.md is unit-tested here rather than through Flink.
 */
public final class AlertLedger {

    private AlertLedger() {}

    /**
     * @param current            the order's alerts under this rule so far, by id
     * @param findings           what the rule version finds in the order's events now
     * @param vanishedResolution why an open alert ends when its finding is gone although the rule is unchanged
     *                           (late-arriving data showed the wait ended in time: COMPLETED_LATE, PROGRESSED or
     *                           CANCELLED)
     * @param now                the wall clock: detection and administrative resolution times
     */
    public static List<Alert> reconcile(Map<String, Alert> current, List<Finding> findings, Rule rule, String orderId,
            Map<String, String> attributes, Resolution vanishedResolution, Instant now) {
        List<Alert> changed = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Finding f : findings) {
            found.add(f.alertId());
            Alert before = current.get(f.alertId());
            if (before == null) {
                changed.add(create(f, rule, orderId, attributes, now));
                continue;
            }
            Alert after = update(before, f, rule);
            if (!after.equals(before)) {
                changed.add(after);
            }
        }
        for (Alert a : current.values()) {
            if (found.contains(a.id()) || a.isOver()) {
                continue;
            }
            boolean ruleChanged = a.ruleVersion() != rule.version();
            changed.add(ruleChanged
                    ? a.resolved(now, Resolution.RULE_CHANGED)
                    : a.resolved(now, vanishedResolution));
        }
        return changed;
    }

    /**
     * Why an open alert ends when its finding is gone under an unchanged rule: late-arriving data showed the wait
     * ended in time — by a cancellation, by the order moving on (stall), or by the awaited step (SLA).
     */
    public static Resolution whyVanished(Rule rule, String orderStatus, Lifecycle lifecycle) {
        if (orderStatus != null && lifecycle.abandons(orderStatus)) {
            return Resolution.CANCELLED;
        }
        return rule.kind() == RuleKind.STALL ? Resolution.PROGRESSED : Resolution.COMPLETED_LATE;
    }

    /** Every open alert of a rule that was disabled or deleted, resolved. */
    public static List<Alert> retire(Iterable<Alert> alerts, Instant now) {
        List<Alert> changed = new ArrayList<>();
        for (Alert a : alerts) {
            if (!a.isOver()) {
                changed.add(a.resolved(now, Resolution.RULE_DISABLED));
            }
        }
        return changed;
    }

    private static Alert create(Finding f, Rule rule, String orderId, Map<String, String> attributes, Instant now) {
        // found already over: the whole episode lies in the past (late completion, reprocessing history)
        boolean over = f.isResolved();
        return new Alert(f.alertId(), rule.id(), rule.version(), rule.name(), f.kind(), rule.severity(), orderId,
                attributes, over ? AlertStatus.RESOLVED : AlertStatus.OPEN, f.fromStep(), f.toStep(), f.startedAt(),
                f.deadline(), now, f.resolvedAt(), f.resolution(), over, null, null, 1);
    }

    private static Alert update(Alert before, Finding f, Rule rule) {
        AlertStatus status;
        if (f.isResolved()) {
            status = AlertStatus.RESOLVED;
        } else if (before.status() == AlertStatus.RESOLVED) {
            status = AlertStatus.OPEN; // e.g. a rule edited back: the breach holds again
        } else {
            status = before.status(); // OPEN or ACKNOWLEDGED stays
        }
        Instant resolvedAt = f.isResolved() ? f.resolvedAt() : null;
        Resolution resolution = f.isResolved() ? f.resolution() : null;
        if (status == before.status() && Objects.equals(resolvedAt, before.resolvedAt())
                && Objects.equals(resolution, before.resolution()) && Objects.equals(f.deadline(), before.deadline())
                && before.ruleVersion() == rule.version()) {
            return before;
        }
        return new Alert(before.id(), rule.id(), rule.version(), rule.name(), before.kind(), rule.severity(),
                before.orderId(), before.attributes(), status, f.fromStep(), f.toStep(), f.startedAt(), f.deadline(),
                before.detectedAt(), resolvedAt, resolution, before.detectedLate(), before.observed(), before.window(),
                before.revision() + 1);
    }
}
