/**
 * The Flink job. Entry points: {@link io.bpmon.job.MonitorJobMain} (cluster or {@code --local}) and
 * {@link io.bpmon.job.MonitorJob} (the graph, from inputs and sinks). Operators: validation, order state with the
 * SLA and stall rules judged in place ({@link io.bpmon.job.OrderStateFunction} in
 * {@link io.bpmon.job.OrderStateOperator}; the CEP part is in {@code rules}), VELOCITY rules
 * ({@link io.bpmon.job.VelocityHit}, one counted event sent by the order operator per matching rule and segment, to
 * {@link io.bpmon.job.VelocityFunction}, keyed by rule and segment: bucketed counts, one timer per segment at the
 * next bucket boundary, episodes; design notes in docs/velocity-rules.md),
 * Elasticsearch and Kafka sinks.
 */
package io.bpmon.job;
