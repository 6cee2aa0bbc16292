/**
 * Benchmarks of the job, run by {@code ./bpmon bench} (scripts/bench.sh) on the test class path, so none of this
 * ships in the job jar. Speed is measured here, never by timed unit tests.
 *
 * <ul>
 *   <li>{@link io.bpmon.bench.PipelineBench}: events/s of the monitor job (Kafka, state, Elasticsearch) and of a
 *       passthrough job (Kafka, parse, discard) over the same input, against a real broker and Elasticsearch;</li>
 *   <li>{@link io.bpmon.bench.StateSizeBench}: heap bytes of state per in-flight order;</li>
 *   <li>{@link io.bpmon.bench.OrderStateBench} (JMH): per-event CPU cost of parsing, state and documents.</li>
 * </ul>
 *
 * The input of all three is {@link io.bpmon.bench.OrderTraffic}.
 */
package io.bpmon.bench;
