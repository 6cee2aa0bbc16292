package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderPartitionsTest {

    private static final Duration RETENTION = Duration.ofDays(365);
    private final OrderPartitions partitions = new OrderPartitions(new Indices("bpmon"), RETENTION);
    private final IndexRetention retention = new IndexRetention(new Indices("bpmon"), RETENTION);
    private final Instant received = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void shouldPartitionByTheFirstEventsTimeWithinTheRetention() {
        Instant occurred = Instant.parse("2026-01-10T00:00:00Z");

        assertThat(partitions.index(partitions.partitionTime(occurred, received))).isEqualTo("bpmon-orders-2026.01");
    }

    @Test
    void shouldPartitionAnOrderOlderThanTheRetentionByItsReceipt() {
        Instant occurred = Instant.parse("2001-05-01T00:00:00Z");

        Instant partition = partitions.partitionTime(occurred, received);

        assertThat(partitions.index(partition)).isEqualTo("bpmon-orders-2026.12");
        // the index it would have had is one the retention deletes at once; the one it gets is not
        assertThat(retention.expired(List.of("bpmon-orders-2001.05", partitions.index(partition)), received))
                .containsExactly("bpmon-orders-2001.05");
    }

    @Test
    void shouldNeverChooseAnIndexTheRetentionDeletesOnReceipt() {
        for (int days = 0; days < 800; days += 7) {
            Instant occurred = received.minus(Duration.ofDays(days));
            String index = partitions.index(partitions.partitionTime(occurred, received));

            assertThat(retention.expired(List.of(index), received)).as("occurred %s", occurred).isEmpty();
        }
    }

    @Test
    void shouldTellWhenTheRetentionDeletesAnIndex() {
        Instant partition = Instant.parse("2026-01-10T00:00:00Z");
        Instant deleted = partitions.deletedFrom(partition);

        assertThat(deleted).isEqualTo(Instant.parse("2026-02-01T00:00:00Z").plus(RETENTION));
        assertThat(retention.expired(List.of("bpmon-orders-2026.01"), deleted.minusMillis(1))).isEmpty();
        assertThat(retention.expired(List.of("bpmon-orders-2026.01"), deleted.plusMillis(1)))
                .containsExactly("bpmon-orders-2026.01");
    }
}
