package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderArchive;
import io.bpmon.core.order.OrderDocument;
import java.io.IOException;
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

    private final ElasticsearchClient es;
    private final OrderPartitions partitions;
    private final Lifecycle lifecycle;
    private final Consumer<String> log;

    public ElasticsearchOrderArchive(ElasticsearchClient es, OrderPartitions partitions, Lifecycle lifecycle,
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
            } catch (ElasticsearchClient.UnavailableException e) {
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
        ElasticsearchClient.Response r = es.get("/" + ElasticsearchClient.encode(index) + "/_doc/"
                + ElasticsearchClient.encode(orderId));
        if (r.status() == 404 || !r.body().path("found").asBoolean(false)) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new ElasticsearchClient.UnavailableException("reading " + index + "/" + orderId + " answered "
                    + r.status() + ": " + r.body(), null);
        }
        try {
            return Optional.of(new ArchivedOrder(OrderDocument.toState(r.body().path("_source"), partitionTime,
                    lifecycle), alerts(orderId)));
        } catch (IllegalArgumentException | UncheckedIOException | java.time.DateTimeException e) {
            // not a document the job wrote (or one it can no longer read): the event must not stop the job
            log.accept("stored order " + index + "/" + orderId + " cannot be read back, continuing without it: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private List<Alert> alerts(String orderId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", MAX_ALERTS);
        body.putObject("query").putObject("term").put("orderId", orderId);
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode hit : es.search(indices().alerts(), body).path("hits").path("hits")) {
            try {
                // an acknowledgement is the web server's overlay, not the job's state of the alert
                alerts.add(Json.mapper().treeToValue(hit.path("_source"), Alert.class).unacknowledged());
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable alert " + hit.path("_id").asText(), e);
            }
        }
        return alerts;
    }

    private Indices indices() {
        return partitions.indices();
    }
}
