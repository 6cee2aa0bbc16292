package io.bpmon.core.alerts;

import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.VelocitySegment;
import java.time.Instant;
import java.util.Objects;

/**
 * The life of one segment's VELOCITY episodes (docs/contract.md): given the rule version in force, the open
 * episode and the count of the window that just ended, what changes and which alert version to publish. Pure, so
 * every transition is unit-tested here rather than through Flink.
 *
 * <ul>
 *   <li>The count leaves its bounds → a new episode, {@code OPEN}, id from rule, segment and the window's end
 *       ({@code startedAt}).
 *   <li>While in breach, {@code observed} is the episode's worst count (furthest outside the bounds, or the latest
 *       when it crosses to the other side): the alert changes when things get worse, not with every bucket.
 *   <li>Back within bounds at every evaluation for one full window → {@code RESOLVED BACK_IN_BOUNDS}, at the end of
 *       that window (event time). A breach in between restarts the wait.
 *   <li>An edited rule judges from its next evaluation on; the alert then carries the version in force.
 * </ul>
 *
 * <p>Publishing: at the <em>head</em> (the newest window the watermark allows) every change is published. While the
 * job catches up on history (the watermark jumped past several windows at once) changes are held and folded into
 * the next publication: an episode that opens and ends within the catch-up is published once, already
 * {@code RESOLVED}, with {@code detectedLate} (notifiers skip it); one still open at the head is published
 * {@code OPEN} there. A status change is always published.
 */
public final class VelocityEpisodes {

    /** How a window's count stands against a rule's bounds. */
    public enum Verdict {
        /** Within {@code min} and {@code max}. */
        IN_BOUNDS,
        /** Below {@code min}, over a window the segment's counts fully cover. */
        BELOW_MIN,
        /** Above {@code max}. */
        ABOVE_MAX,
        /**
         * Below {@code min}, but the counts do not cover the whole window yet (the segment or rule is newer than the
         * window, or the window grew): too early to call it a breach, too early to call it recovered.
         */
        UNKNOWN;

        public boolean isBreach() {
            return this == BELOW_MIN || this == ABOVE_MAX;
        }
    }

    /**
     * @param episode   the open episode after the evaluation; null when there is none
     * @param published the alert version to publish; null when nothing is to be published
     */
    public record Outcome(VelocityEpisode episode, Alert published) {}

    private VelocityEpisodes() {}

    /**
     * @param windowCovered whether the segment's counts cover the whole window (see {@link Verdict#UNKNOWN})
     */
    public static Verdict judge(Rule rule, long count, boolean windowCovered) {
        return judge(rule, (Double) (double) count, windowCovered);
    }

    /**
     * The verdict on a window's value ({@link io.bpmon.core.rules.VelocityAggregate#value}); a window without a value
     * (an average over no events) is {@link Verdict#UNKNOWN}.
     */
    public static Verdict judge(Rule rule, Double value, boolean windowCovered) {
        if (value == null) {
            return Verdict.UNKNOWN;
        }
        if (rule.max() != null && value > rule.max()) {
            return Verdict.ABOVE_MAX;
        }
        if (rule.min() != null && value < rule.min()) {
            return windowCovered ? Verdict.BELOW_MIN : Verdict.UNKNOWN;
        }
        return Verdict.IN_BOUNDS;
    }

    /**
     * One evaluation of a segment: the window ending at {@code at} held {@code count} events.
     *
     * @param open the open episode, or null
     * @param head whether {@code at} is the newest window the watermark allows (false while catching up)
     * @param now  the wall clock: {@code detectedAt}
     */
    public static Outcome evaluate(Rule rule, VelocitySegment segment, VelocityEpisode open, long count,
            boolean windowCovered, Instant at, boolean head, Instant now) {
        return evaluate(rule, segment, open, (Double) (double) count, windowCovered, at, head, now);
    }

    /**
     * One evaluation of a segment by the window's value (an aggregate's, docs/velocity-rules.md; null when the window
     * has none). {@code observed} is the value rounded to a whole number (a share in whole percent).
     */
    public static Outcome evaluate(Rule rule, VelocitySegment segment, VelocityEpisode open, Double value,
            boolean windowCovered, Instant at, boolean head, Instant now) {
        Verdict verdict = judge(rule, value, windowCovered);
        // rounded away from the bound it broke, so a reported value never looks within bounds
        long count = value == null ? 0 : verdict == Verdict.BELOW_MIN ? (long) Math.floor(value)
                : verdict == Verdict.ABOVE_MAX ? (long) Math.ceil(value) : Math.round(value);
        if (open == null) {
            if (!verdict.isBreach()) {
                return new Outcome(null, null);
            }
            Alert opened = new Alert(AlertIds.velocity(rule.id(), segment.key(), at.toEpochMilli()), rule.id(),
                    rule.version(), rule.name(), AlertKind.VELOCITY, rule.severity(), null, segment.values(),
                    AlertStatus.OPEN, null, null, at, null, now, null, null, false, count, rule.window(), 1);
            return settle(new VelocityEpisode(opened, true, null), head, now);
        }
        Alert before = open.alert();
        long observed = before.observed() == null ? count : before.observed();
        Instant since = open.backInBoundsSince();
        boolean resolved = false;
        switch (verdict) {
            case BELOW_MIN, ABOVE_MAX -> {
                since = null;
                observed = worse(rule, observed, count);
            }
            case UNKNOWN -> since = null;
            case IN_BOUNDS -> {
                since = since == null ? at : since;
                resolved = !at.isBefore(since.plus(rule.window()));
            }
        }
        Alert after = new Alert(before.id(), rule.id(), rule.version(), rule.name(), AlertKind.VELOCITY,
                rule.severity(), null, before.attributes(), resolved ? AlertStatus.RESOLVED : before.status(), null,
                null, before.startedAt(), before.deadline(), before.detectedAt(), resolved ? at : null,
                resolved ? Resolution.BACK_IN_BOUNDS : null, before.detectedLate(), observed, rule.window(),
                before.revision());
        VelocityEpisode next = change(open, after, since);
        if (resolved) {
            return new Outcome(null, publication(next, head, now));
        }
        return settle(next, head, now);
    }

    /**
     * The episode ends without being resolved (its segment was forgotten after a day of silence; the alert stays as
     * it is): the version to publish if it has changes nobody has seen yet, else null.
     */
    public static Alert flush(VelocityEpisode open, boolean head, Instant now) {
        return open == null || !open.pending() ? null : publication(open, head, now);
    }

    /** The rule was disabled, deleted or changed beyond this segment: the episode, resolved now; null if none. */
    public static Alert retire(VelocityEpisode open, Resolution why, Instant now) {
        if (open == null || open.alert().isOver()) {
            return null;
        }
        Alert a = open.alert();
        Alert resolved = new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.ruleName(), a.kind(), a.severity(),
                a.orderId(), a.attributes(), AlertStatus.RESOLVED, a.fromStep(), a.toStep(), a.startedAt(),
                a.deadline(), a.detectedAt(), now, why, a.detectedLate(), a.observed(), a.window(), a.revision());
        return publication(change(open, resolved, null), true, now);
    }

    /**
     * Why a rule change ends every episode of the rule at once (and the job forgets the rule's segments), or null
     * when the segments carry on and the new version simply judges from its next evaluation.
     */
    public static Resolution retirement(Rule before, Rule after) {
        if (after == null || !after.enabled()) {
            return Resolution.RULE_DISABLED;
        }
        if (after.kind() != RuleKind.VELOCITY) {
            return Resolution.RULE_CHANGED;
        }
        if (before != null && before.kind() == RuleKind.VELOCITY
                && !Objects.equals(before.eventType(), after.eventType())) {
            return Resolution.RULE_CHANGED; // the counts so far are of another event type
        }
        if (before != null && before.kind() == RuleKind.VELOCITY && !before.measure().equals(after.measure())) {
            return Resolution.RULE_CHANGED; // the sums so far are of another attribute (or none were kept)
        }
        return null;
    }

    /** The episode holding {@code after}; a new unpublished revision when it differs from what was published. */
    private static VelocityEpisode change(VelocityEpisode open, Alert after, Instant since) {
        if (after.equals(open.alert())) {
            return new VelocityEpisode(open.alert(), open.pending(), since);
        }
        long revision = open.pending() ? open.alert().revision() : open.alert().revision() + 1;
        return new VelocityEpisode(withRevision(after, revision), true, since);
    }

    /** Publishes pending changes at the head; holds them while catching up. */
    private static Outcome settle(VelocityEpisode episode, boolean head, Instant now) {
        if (!head || !episode.pending()) {
            return new Outcome(episode, null);
        }
        Alert published = publication(episode, true, now);
        return new Outcome(new VelocityEpisode(published, false, episode.backInBoundsSince()), published);
    }

    /**
     * The pending alert as published. The first publication is the detection: {@code detectedAt} is now, and
     * {@code detectedLate} is set when the episode is already over or lies behind the head (found in history).
     */
    private static Alert publication(VelocityEpisode episode, boolean head, Instant now) {
        Alert a = episode.alert();
        if (!episode.unpublished()) {
            return a;
        }
        return new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.ruleName(), a.kind(), a.severity(), a.orderId(),
                a.attributes(), a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(), now,
                a.resolvedAt(), a.resolution(), a.isOver() || !head, a.observed(), a.window(), a.revision());
    }

    private static Alert withRevision(Alert a, long revision) {
        return new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.ruleName(), a.kind(), a.severity(), a.orderId(),
                a.attributes(), a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(), a.detectedAt(),
                a.resolvedAt(), a.resolution(), a.detectedLate(), a.observed(), a.window(), revision);
    }

    /** The count to report: the one further outside the bounds, or the new one when it crossed to the other side. */
    private static long worse(Rule rule, long observed, long count) {
        int side = side(rule, count);
        if (side != side(rule, observed)) {
            return count;
        }
        return excess(rule, count) > excess(rule, observed) ? count : observed;
    }

    private static int side(Rule rule, long n) {
        if (rule.min() != null && n < rule.min()) {
            return -1;
        }
        return rule.max() != null && n > rule.max() ? 1 : 0;
    }

    private static long excess(Rule rule, long n) {
        return switch (side(rule, n)) {
            case -1 -> rule.min() - n;
            case 1 -> n - rule.max();
            default -> 0;
        };
    }
}
