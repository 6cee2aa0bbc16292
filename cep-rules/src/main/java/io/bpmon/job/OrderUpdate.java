package io.bpmon.job;

/**
 * A new version of one order's document, ready to store.
 *
 * @param index    the time-partitioned index the document lives in
 * @param revision the document's version: it only grows, so an older update can never overwrite a newer one
 * @param json     the document ({@link io.bpmon.core.order.OrderDocument}), serialized once in the operator
 * @param late     the event that caused it was behind the watermark (counted in the job's ingest report)
 * @param origin   where the event that caused it was read ({@code topic/partition@offset}); null if not from Kafka
 */
public record OrderUpdate(String orderId, String index, long revision, byte[] json, boolean late, String origin) {}
