package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.store.OrderArchive;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link OrderArchive} over the order and alert indices. The order is read with a realtime get from the exact index its
 * partition time names (no search: an alias over many indices cannot be read by id); its alerts with a search by
 * order id, which is safe because the job wrote them long before the order's state was dropped.
 *
 * <p>While Elasticsearch is away this waits and retries with backoff, like the job's writes: an event must not be
 * applied to an order that only seems new because its stored self could not be read.
 */
public final class ElasticsearchOrderArchive implements OrderArchive {

    /** More alerts than any one order collects (one per rule, kind and stalled status). */
    static final int MAX_ALERTS = 1000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Elasticsearch es;
    private final OrderPartitions partitions;
    private final Lifecycle lifecycle;
    private final Consumer<String> log;

    public ElasticsearchOrderArchive(Elasticsearch es, OrderPartitions partitions, Lifecycle lifecycle,
            Consumer<String> log) {
        this.es = es;
        this.partitions = partitions;
        this.lifecycle = lifecycle;
        this.log = log;
    }

    @Override
    public Optional<ArchivedOrder> find(String orderId, Instant partitionTime) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return read(orderId, partitionTime);
            } catch (Elasticsearch.UnavailableException e) {
                log.accept("cannot read stored order " + orderId + " (" + e.getMessage() + "), retrying in "
                        + backoff.toMillis() + " ms");
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(BulkWriter.MAX_BACKOFF) > 0
                        ? BulkWriter.MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Optional<ArchivedOrder> read(String orderId, Instant partitionTime) {
        String index = partitions.index(partitionTime);
        GetResponse<JsonNode> r;
        try {
            r = es.call("/" + index + "/_doc/" + orderId, c -> c.get(g -> g.index(index).id(orderId), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty(); // no such index: nothing was stored that month
            }
            throw new Elasticsearch.UnavailableException("reading " + index + "/" + orderId + " answered "
                    + e.status() + ": " + Elasticsearch.reason(e.error()), e);
        }
        if (!r.found()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArchivedOrder(OrderDocument.toState(r.source(), partitionTime, lifecycle),
                    alerts(orderId)));
        } catch (IllegalArgumentException | UncheckedIOException | java.time.DateTimeException e) {
            // not a document the job wrote (or one it can no longer read): the event must not stop the job
            log.accept("stored order " + index + "/" + orderId + " cannot be read back, continuing without it: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private List<Alert> alerts(String orderId) {
        List<Alert> alerts = new ArrayList<>();
        for (Hit<JsonNode> hit : es.search(indices().alerts(), s -> s.size(MAX_ALERTS)
                .query(Queries.term("orderId", orderId)), JsonNode.class).hits().hits()) {
            // an acknowledgement is the web server's overlay, not the job's state of the alert
            alerts.add(Queries.read(hit.source(), Alert.class, hit.id()).unacknowledged());
        }
        return alerts;
    }

    @Override
    public void close() {
        es.close();
    }

    private Indices indices() {
        return partitions.indices();
    }
}
