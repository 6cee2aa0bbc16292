/**
 * The Flink job. Entry points: {@link io.bpmon.job.MonitorJobMain} (cluster or {@code --local}) and
 * {@link io.bpmon.job.MonitorJob} (the graph, from inputs and sinks). Operators: validation, order state with the
 * SLA and stall rules judged in place ({@link io.bpmon.job.OrderStateFunction} in
 * {@link io.bpmon.job.OrderStateOperator}; the CEP part is in {@code rules}), velocity ({@code velocity}),
 * Elasticsearch and Kafka sinks.
 */
package io.bpmon.job;
