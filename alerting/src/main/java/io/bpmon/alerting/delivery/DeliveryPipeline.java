package io.bpmon.alerting.delivery;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.SilenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, each message through a chain of small stages, after Alertmanager's notify pipeline:
 *
 * <ol>
 *   <li>{@link WaitStage wait}: not before its next attempt time, not while its channel is rate limited;</li>
 *   <li>{@link DedupStage dedup}: not again if the delivery log shows it delivered;</li>
 *   <li>{@link SilenceStage silence}: not if a silence that began since it was decided mutes its group (logged as
 *       {@code SILENCED});</li>
 *   <li>{@link RetryStage send with retry}: one attempt; delivered, refused for good, out of retries, or scheduled
 *       again;</li>
 *   <li>{@link RecordStage record}: a final outcome goes to the delivery log, and only then leaves the outbox.</li>
 * </ol>
 *
 * <p>The guarantee (docs/alerting.md, Exactly once, as far as it goes): every message reaches each of its channels
 * at least once, unless refused or out of retries, which the log then says. It reaches a channel twice only if
 * the process dies (or the log write fails) after the channel took it and before its log record was written: the
 * outbox still holds it, the log does not, so it is sent once more. A crash after the log record sends nothing
 * again (dedup).
 *
 * <p>Works on the caller's {@link AlertingState} and changes only its outbox; the caller saves it.
 */
public final class DeliveryPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final Set<String> channels;
    private final SilenceStore silences;
    private final Clock clock;
    private final WaitStage wait = new WaitStage();
    private final DedupStage dedup;
    private final SilenceStage silence = new SilenceStage();
    private final RetryStage retry;
    private final RecordStage record;

    /**
     * @param notifiers the configured channels by name
     * @param title     a message's title as the channels show it, for the log
     */
    public DeliveryPipeline(Map<String, Notifier> notifiers, DeliveryLog log, SilenceStore silences,
            RetryPolicy retryPolicy, Function<Notification, String> title, Clock clock) {
        this.channels = Set.copyOf(notifiers.keySet());
        this.silences = silences;
        this.clock = clock;
        this.dedup = new DedupStage(log);
        this.retry = new RetryStage(notifiers, retryPolicy, clock);
        this.record = new RecordStage(log, title, clock);
    }

    /** The channels it delivers to. */
    public Set<String> channels() {
        return channels;
    }

    /**
     * Takes every message of the outbox that is due once through the stages.
     *
     * @return whether the outbox changed, so that the state needs saving
     */
    public boolean deliverDue(AlertingState state) {
        boolean changed = false;
        List<Silence> active = null;
        for (PendingDelivery p : state.outbox()) {
            Instant now = clock.instant();
            if (!wait.due(p, now)) {
                continue;
            }
            changed = true;
            if (dedup.alreadyDelivered(p)) {
                LOG.info("alerting: {} was delivered before the restart; not sending it again", p.id());
                state.remove(p.id());
                continue;
            }
            if (active == null) {
                active = silences.active(now);
            }
            Optional<Silence> muting = silence.mutedBy(p.notification(), active, now);
            if (muting.isPresent()) {
                LOG.info("alerting: {} not sent: silence {} began after it was decided", p.id(), muting.get().id());
                finish(state, p, Ending.silenced(muting.get()));
                continue;
            }
            RetryStage.Attempt attempt = retry.attempt(p);
            if (attempt instanceof RetryStage.Finished f) {
                if (f.ending().error() != null) {
                    LOG.warn("alerting: {} {} after {} attempts: {}", p.id(), f.ending().permanent()
                            ? "refused for good" : "given up", f.delivery().attempts(), f.ending().error());
                }
                finish(state, f.delivery(), f.ending());
            } else if (attempt instanceof RetryStage.Rescheduled r) {
                state.update(r.delivery());
                if (r.channelHeldUntil() != null) {
                    wait.holdChannel(p.channel(), r.channelHeldUntil());
                }
                LOG.info("alerting: {} failed ({}); attempt {} at {}", p.id(), r.delivery().lastError(),
                        r.delivery().attempts() + 1, r.delivery().nextAttemptAt());
            }
        }
        return changed;
    }

    private void finish(AlertingState state, PendingDelivery delivery, Ending ending) {
        // the log first: a crash between the two leaves the message in the saved outbox, and dedup finds it logged
        record.record(delivery, ending);
        state.remove(delivery.id());
    }
}
