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
 * <p>Quiet means no event while the partition could be read: its time is measured on a second clock, the
 * <em>activity</em> clock, which stands still while the source cannot hand records on (Flink's input activity clock
 * pauses while the job is back-pressured). On the wall clock alone, a job waiting for its store would take its
 * partitions for quiet and move time past records still waiting in Kafka, on time: they would count as late and
 * deadlines they meet would fire (docs/event-time.md). Without a separate activity clock, pass the wall clock for
 * both.
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
    private long lastEventActivity = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    /**
     * @param activityMillis the activity clock's reading now (the wall clock when there is no other): the startup
     *                       grace starts here
     */
    public LiveWatermark(Duration allowedLateness, Duration maxClockSkew, Duration idleAfter, Duration startupGrace,
            long activityMillis) {
        this.latenessMillis = allowedLateness.toMillis();
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.idleAfterMillis = idleAfter.toMillis();
        this.startupGraceMillis = startupGrace.toMillis();
        this.createdAt = activityMillis;
    }

    /** An event, with the wall clock as the activity clock. */
    public void onEvent(long eventTimeMillis, long nowMillis) {
        onEvent(eventTimeMillis, nowMillis, nowMillis);
    }

    /** An event at wall-clock {@code nowMillis}, activity-clock {@code activityMillis}. */
    public void onEvent(long eventTimeMillis, long nowMillis, long activityMillis) {
        if (eventTimeMillis > nowMillis + maxSkewMillis) {
            // not activity either: a partition fed only by a wrong clock must still follow the wall clock
            return;
        }
        lastEventActivity = activityMillis;
        maxTimestamp = Math.max(maxTimestamp, eventTimeMillis);
    }

    /** Whether an event (within the clock skew) has been seen since creation. */
    public boolean hasSeenEvents() {
        return maxTimestamp != Long.MIN_VALUE;
    }

    /** The watermark, with the wall clock as the activity clock. */
    public long watermark(long nowMillis) {
        return watermark(nowMillis, nowMillis);
    }

    /**
     * The watermark at wall-clock {@code nowMillis}, activity-clock {@code activityMillis}; never decreases.
     * {@code Long.MIN_VALUE} = no progress yet.
     */
    public long watermark(long nowMillis, long activityMillis) {
        long candidate = Long.MIN_VALUE;
        if (maxTimestamp != Long.MIN_VALUE) {
            candidate = maxTimestamp - latenessMillis - 1;
        }
        boolean quiet = lastEventActivity == Long.MIN_VALUE
                ? activityMillis - createdAt >= startupGraceMillis
                : activityMillis - lastEventActivity >= idleAfterMillis;
        if (quiet) {
            candidate = Math.max(candidate, nowMillis - latenessMillis - 1);
        }
        emitted = Math.max(emitted, candidate);
        return emitted;
    }
}
