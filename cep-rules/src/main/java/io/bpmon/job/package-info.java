/**
 * The Flink job. Entry points: {@link io.bpmon.job.MonitorJobMain} (cluster or {@code --local}) and
 * {@link io.bpmon.job.MonitorJob} (the graph, from inputs and sinks). Operators: validation, order state
 * ({@link io.bpmon.job.OrderStateFunction}), the CEP rule evaluator ({@link io.bpmon.job.RuleEvaluatorFunction}),
 * velocity ({@code velocity}), Elasticsearch and Kafka sinks.
 */
package io.bpmon.job;
