package io.bpmon.alerting.delivery;

import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * send with retry: one attempt to hand a message to its channel, and what follows from it. Delivered and refused
 * for good end it; a failure worth retrying schedules the next attempt with capped exponential backoff, not before
 * the receiver's {@code Retry-After} ({@link RetryPolicy}), until the retry budget is spent.
 *
 * <p>One attempt per call, never a sleep: the wait between attempts is the {@link WaitStage}'s, so that one failing
 * channel does not hold up the others, and a restart in between loses nothing (the next attempt time is saved).
 */
public final class RetryStage {

    /** What came of one attempt. */
    public sealed interface Attempt {}

    /** Over: to be logged and taken out of the outbox. */
    public record Finished(PendingDelivery delivery, Ending ending) implements Attempt {}

    /**
     * To be tried again at {@code delivery.nextAttemptAt()}.
     *
     * @param channelHeldUntil the channel's own rate limit ({@code Retry-After}), null if it named none
     */
    public record Rescheduled(PendingDelivery delivery, Instant channelHeldUntil) implements Attempt {}

    private final Map<String, Notifier> notifiers;
    private final RetryPolicy policy;
    private final Clock clock;

    public RetryStage(Map<String, Notifier> notifiers, RetryPolicy policy, Clock clock) {
        this.notifiers = Map.copyOf(notifiers);
        this.policy = policy;
        this.clock = clock;
    }

    public Attempt attempt(PendingDelivery delivery) {
        Notifier notifier = notifiers.get(delivery.channel());
        if (notifier == null) {
            return new Finished(delivery, Ending.failed("channel " + delivery.channel() + " is no longer configured",
                    true));
        }
        PendingDelivery attempted = delivery.attempted(clock.instant());
        DeliveryResult result = notifier.send(delivery.notification());
        if (result instanceof DeliveryResult.Delivered) {
            return new Finished(attempted, Ending.delivered());
        }
        if (result instanceof DeliveryResult.Permanent permanent) {
            return new Finished(attempted, Ending.failed(permanent.error(), true));
        }
        DeliveryResult.Retry retry = (DeliveryResult.Retry) result;
        Instant after = clock.instant();
        if (policy.exhausted(attempted.attempts(), Duration.between(attempted.firstAttemptAt(), after))) {
            return new Finished(attempted, Ending.failed(retry.error(), false));
        }
        Duration wait = policy.delay(attempted.attempts(), retry.retryAfter());
        return new Rescheduled(attempted.retryAt(after.plus(wait), retry.error()),
                retry.retryAfter() == null ? null : after.plus(retry.retryAfter()));
    }
}
