/**
 * Benchmarks of the job, run by {@code ./bpmon bench} (scripts/bench.sh) on the test class path, so none of this
 * ships in the job jar. Speed is measured here, never by timed unit tests.
 *
 * <ul>
 *   <li>{@link io.bpmon.bench.PipelineBench}: events/s of the monitor job (Kafka, state, Elasticsearch) and of a
 *       passthrough job (Kafka, parse, discard) over the same input, against a real broker and Elasticsearch;</li>
 *   <li>{@link io.bpmon.bench.StateSizeBench}: heap bytes of state per in-flight order (by class with
 *       {@link io.bpmon.bench.ClassHistogram}), and with {@code ./bpmon bench --rule-change} a new and a changed rule
 *       broadcast to the operator holding them, timed to its RuleApplied ({@link io.bpmon.bench.RuleChangeTiming});</li>
 *   <li>{@link io.bpmon.bench.OrderStateBench} and {@link io.bpmon.bench.RuleEngineBench} (JMH): per-event CPU cost
 *       of parsing, state, documents and rules;</li>
 *   <li>{@link io.bpmon.bench.LatencyBench}: event-to-alert latency of the live job;</li>
 *   <li>{@link io.bpmon.bench.EsperBench} ({@code ./bpmon bench --esper}): bpmon's rule engine and Esper side by side
 *       on one thread each, the same input with breaches ({@link io.bpmon.bench.BreachTraffic}) and rules, alerts
 *       compared. Esper is GPL: test scope only, and scripts/dist.sh refuses a release that holds it.</li>
 * </ul>
 *
 * Their input is the simulator's orders: {@link io.bpmon.core.simulation.SteadyTraffic}, a fixed number of them as one
 * stream in steady state, or {@link io.bpmon.core.simulation.ShopOrders} one by one (LatencyBench).
 */
package io.bpmon.bench;
