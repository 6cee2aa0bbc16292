package io.bpmon.alerting.delivery;

import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * wait: whether a message may be tried now. Not before its own next attempt time (backoff, {@code Retry-After}), and
 * not while its channel is rate limited: a 429 is about the channel, so every message for it waits, not only the one
 * that got it.
 *
 * <p>The channel holds live in memory only; after a restart a rate-limited message still waits its own time (it is
 * never shorter than the {@code Retry-After}), the others of its channel may try once and learn the limit again.
 */
public final class WaitStage {

    private final Map<String, Instant> channelHeldUntil = new HashMap<>();

    public boolean due(PendingDelivery delivery, Instant now) {
        Instant held = channelHeldUntil.get(delivery.channel());
        return !delivery.nextAttemptAt().isAfter(now) && (held == null || !held.isAfter(now));
    }

    /** Nothing goes to {@code channel} before {@code until}. */
    public void holdChannel(String channel, Instant until) {
        channelHeldUntil.merge(channel, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
