package io.bpmon.job;

/**
 * An input record that is not a valid order event, on its way to the dead-letter topic with its original bytes.
 *
 * @param origin where it came from, e.g. {@code bpmon.order-events/2@1234} (topic/partition@offset)
 */
public record DeadLetter(byte[] key, byte[] value, String reason, String origin) {}
