package io.bpmon.core.store;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Which monthly index an order's document lives in, and until when that index exists.
 *
 * <p>An order lives in the index of its first event's occurredAt, so retention deletes whole months. An event that
 * occurred before the retention window (a producer replaying a year-old order) would create an index that
 * {@link IndexRetention} deletes at its next pass, and the order would vanish: such orders go to the index of the
 * month they were received in instead, and are kept for the full retention from then on.
 *
 * @param retention how long order indices are kept after their month ended (the Elasticsearch retention)
 */
public record OrderPartitions(Indices indices, Duration retention) implements java.io.Serializable {

    public OrderPartitions {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
    }

    /**
     * The partition time of a new order, from its first event.
     *
     * @param receivedAt when the event was received; null (in tests) = occurredAt
     */
    public Instant partitionTime(Instant occurredAt, Instant receivedAt) {
        if (receivedAt != null && occurredAt.isBefore(receivedAt.minus(retention))) {
            return receivedAt;
        }
        return occurredAt;
    }

    /** The index an order with this partition time is written to. */
    public String index(Instant partitionTime) {
        return indices.ordersFor(partitionTime);
    }

    /** From this instant on, {@link IndexRetention} deletes the index of this partition time. */
    public Instant deletedFrom(Instant partitionTime) {
        return deletedFrom(YearMonth.from(partitionTime.atZone(ZoneOffset.UTC)), retention);
    }

    /** From this instant on, the index of this month is deleted: once the whole month lies beyond the retention. */
    static Instant deletedFrom(YearMonth month, Duration retention) {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(retention);
    }
}
