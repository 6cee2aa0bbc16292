/**
 * The fault-injection run of {@code ./bpmon chaos} (scripts/chaos.sh, docs/chaos.md), on the test class path like
 * the benchmarks: nothing of it ships in the job jar.
 *
 * <ul>
 *   <li>{@link io.bpmon.chaos.ChaosMain}: drives a running {@code ./bpmon demo} with {@link io.bpmon.chaos.Traffic}
 *       through {@link io.bpmon.chaos.EventSender}, injects the faults ({@link io.bpmon.chaos.DemoStack}), measures
 *       recovery, then runs {@link io.bpmon.chaos.Check};</li>
 *   <li>{@link io.bpmon.chaos.LifecycleModel} and {@link io.bpmon.chaos.RuleModel}: what the monitor must hold,
 *       computed from what was sent ({@link io.bpmon.chaos.SentLog}), apart from the job's code;</li>
 *   <li>{@link io.bpmon.chaos.Reconciler}: the comparisons, pure; {@link io.bpmon.chaos.StoreReader} reads
 *       Elasticsearch and Kafka, {@link io.bpmon.chaos.Webhook} is the Slack webhook.</li>
 * </ul>
 */
package io.bpmon.chaos;
