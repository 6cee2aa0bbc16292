package io.bpmon.alerting.channels;

import io.bpmon.alerting.delivery.DeliveryResult;
import io.bpmon.alerting.delivery.Notifier;
import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.config.AlertingConfig;
import io.bpmon.core.rules.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The configured channels: how they are doing (from the delivery log), and a test message on request. */
public final class Channels {

    private final Map<String, Notifier> notifiers;
    private final DeliveryLog log;
    private final Supplier<List<AlertingState.PendingDelivery>> outbox;
    private final Clock clock;

    public Channels(Map<String, Notifier> notifiers, DeliveryLog log, Clock clock) {
        this(notifiers, log, List::of, clock);
    }

    /** With the saved outbox, so that the status shows messages still being retried. */
    public Channels(Map<String, Notifier> notifiers, DeliveryLog log,
            Supplier<List<AlertingState.PendingDelivery>> outbox, Clock clock) {
        this.notifiers = Map.copyOf(notifiers);
        this.log = log;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The channels the configuration switches on. */
    public static Map<String, Notifier> fromConfig(AlertingConfig config, MessageRenderer renderer) {
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        config.slackWebhookUrl().ifPresent(url -> notifiers.put(AlertingConfig.SLACK,
                new SlackNotifier(URI.create(url), renderer)));
        if (config.emailEnabled()) {
            notifiers.put(AlertingConfig.EMAIL, new EmailNotifier(config.smtpHost().get(), config.smtpPort(),
                    config.emailFrom().orElseThrow(), config.emailTo(), config.smtpUser(), config.smtpPassword(),
                    renderer));
        }
        return notifiers;
    }

    public Map<String, Notifier> notifiers() {
        return notifiers;
    }

    /**
     * How one channel is doing.
     *
     * @param undelivered messages waiting for this channel, being retried or not yet due
     * @param retrying    the last error of a message being retried, if any
     * @param healthy     the channel's latest outcome was a delivery (or it has none yet) and nothing is being
     *                    retried
     */
    public record Status(String name, String target, Instant lastDeliveredAt, Instant lastFailureAt,
            String lastFailure, boolean lastFailurePermanent, int undelivered, String retrying,
            Instant nextAttemptAt, boolean healthy) {}

    public List<Status> status() {
        List<AlertingState.PendingDelivery> pending = outbox.get();
        List<Status> out = new ArrayList<>();
        notifiers.forEach((name, notifier) -> {
            Optional<DeliveryRecord> ok = log.latest(name, DeliveryRecord.Outcome.DELIVERED);
            Optional<DeliveryRecord> failed = log.latest(name, DeliveryRecord.Outcome.FAILED);
            List<AlertingState.PendingDelivery> mine = pending.stream().filter(p -> name.equals(p.channel())).toList();
            Optional<AlertingState.PendingDelivery> retried = mine.stream().filter(p -> p.lastError() != null)
                    .findFirst();
            boolean healthy = retried.isEmpty() && (failed.isEmpty()
                    || ok.isPresent() && ok.get().finishedAt().isAfter(failed.get().finishedAt()));
            out.add(new Status(name, notifier.target(), ok.map(DeliveryRecord::finishedAt).orElse(null),
                    failed.map(DeliveryRecord::finishedAt).orElse(null), failed.map(DeliveryRecord::error).orElse(null),
                    failed.map(DeliveryRecord::permanent).orElse(false), mine.size(),
                    retried.map(p -> p.lastError()).orElse(null), retried.map(p -> p.nextAttemptAt()).orElse(null),
                    healthy));
        });
        return out;
    }

    /**
     * Sends a test message through one channel, once, and logs it.
     *
     * @return the log record, or empty if no channel has that name
     */
    public Optional<DeliveryRecord> test(String name, MessageRenderer renderer) {
        Notifier notifier = notifiers.get(name);
        if (notifier == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String id = "test-" + UUID.randomUUID();
        Notification n = new Notification(id, "test", 1, Notification.Kind.TEST, "test", "Test message",
                Severity.INFO, Map.of(), 0, 0, 0, 0, 0, true, null, now, List.of(), List.of(name));
        DeliveryResult result = notifier.send(n);
        String error = result.error();
        DeliveryRecord record = new DeliveryRecord(id + ":" + name, id, "test", name, Notification.Kind.TEST, null,
                null, renderer.title(n), 0, error == null ? DeliveryRecord.Outcome.DELIVERED
                        : DeliveryRecord.Outcome.FAILED, 1, error, result instanceof DeliveryResult.Permanent, now,
                clock.instant(), null);
        log.record(record);
        return Optional.of(record);
    }
}
