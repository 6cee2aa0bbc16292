package io.bpmon.core.kafka;

import java.util.List;

/** Publishes order events to the input topic, as any producer would. */
public interface EventPublisher extends AutoCloseable {

    /** One event to publish: key = orderId, value = the event's JSON. */
    record Outgoing(String orderId, byte[] json) {}

    /**
     * Publishes all events and returns once the broker has acknowledged every one.
     *
     * @throws PublishException when the broker did not acknowledge them in time
     */
    void publish(List<Outgoing> events);

    @Override
    void close();

    /** The broker did not take the events; the caller may retry. */
    final class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
