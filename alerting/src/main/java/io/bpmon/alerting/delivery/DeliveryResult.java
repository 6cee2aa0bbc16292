package io.bpmon.alerting.delivery;

import java.time.Duration;

/** How one attempt to hand a message to a channel ended. */
public sealed interface DeliveryResult {

    /** The channel took it. */
    record Delivered() implements DeliveryResult {
        @Override
        public String error() {
            return null;
        }
    }

    /** Failed for now (5xx, 429, network); worth trying again, not before {@code retryAfter} if given. */
    record Retry(String error, Duration retryAfter) implements DeliveryResult {}

    /** Failed for good (e.g. 404 for a deleted webhook, a rejected recipient); retrying would not help. */
    record Permanent(String error) implements DeliveryResult {}

    /** Why it failed; null when delivered. */
    String error();

    static DeliveryResult delivered() {
        return new Delivered();
    }
}
