package io.bpmon.alerting.delivery;

import io.bpmon.alerting.grouping.Notification;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A channel that answers as scripted (then "delivered") and remembers what it was handed. */
final class FakeNotifier implements Notifier {

    private final Deque<DeliveryResult> script = new ArrayDeque<>();
    private final List<String> sent = new ArrayList<>();

    /** The next sends end like this, in order. */
    FakeNotifier answering(DeliveryResult... results) {
        script.addAll(List.of(results));
        return this;
    }

    /** Ids of the notifications handed over, one per send. */
    List<String> sent() {
        return sent;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        sent.add(notification.id());
        return script.isEmpty() ? DeliveryResult.delivered() : script.poll();
    }

    @Override
    public String target() {
        return "fake";
    }

    static DeliveryResult retry(String error) {
        return new DeliveryResult.Retry(error, null);
    }

    static DeliveryResult rateLimited(java.time.Duration retryAfter) {
        return new DeliveryResult.Retry("429", retryAfter);
    }
}
