package io.bpmon.core.time;

import java.time.Duration;

/**
 * Event-time progress for one input partition of a live monitor.
 *
 * <p>While events flow, the watermark trails the newest event time by the allowed lateness (bounded
 * out-of-orderness), so replaying history is judged by event time alone. When the partition has been quiet
 * for {@code idleAfter}, the watermark follows the wall clock instead ({@code now - allowedLateness}): on a
 * quiet stream deadlines still fire, which a plain idleness flag cannot do (an idle partition merely stops
 * holding others back; time never passes the newest event). A partition that has seen no event at all waits
 * {@code startupGrace} first, so that after a restart the backlog is read before time jumps to now.
 *
 * <p>Event times further than {@code maxClockSkew} ahead of the wall clock are ignored here: one producer with
 * a wrong clock must not fire every deadline at once. Not thread-safe; one instance per partition.
 */
public final class LiveWatermark {

    private final long latenessMillis;
    private final long maxSkewMillis;
    private final long idleAfterMillis;
    private final long startupGraceMillis;
    private final long createdAt;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallTime = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    public LiveWatermark(Duration allowedLateness, Duration maxClockSkew, Duration idleAfter, Duration startupGrace,
            long nowMillis) {
        this.latenessMillis = allowedLateness.toMillis();
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.idleAfterMillis = idleAfter.toMillis();
        this.startupGraceMillis = startupGrace.toMillis();
        this.createdAt = nowMillis;
    }

    public void onEvent(long eventTimeMillis, long nowMillis) {
        if (eventTimeMillis > nowMillis + maxSkewMillis) {
            // not activity either: a partition fed only by a wrong clock must still follow the wall clock
            return;
        }
        lastEventWallTime = nowMillis;
        maxTimestamp = Math.max(maxTimestamp, eventTimeMillis);
    }

    /** The watermark at wall-clock {@code nowMillis}; never decreases. {@code Long.MIN_VALUE} = no progress yet. */
    public long watermark(long nowMillis) {
        long candidate = Long.MIN_VALUE;
        if (maxTimestamp != Long.MIN_VALUE) {
            candidate = maxTimestamp - latenessMillis - 1;
        }
        boolean quiet = lastEventWallTime == Long.MIN_VALUE
                ? nowMillis - createdAt >= startupGraceMillis
                : nowMillis - lastEventWallTime >= idleAfterMillis;
        if (quiet) {
            candidate = Math.max(candidate, nowMillis - latenessMillis - 1);
        }
        emitted = Math.max(emitted, candidate);
        return emitted;
    }
}
