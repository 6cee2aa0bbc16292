/**
 * The traffic simulator behind {@code bpmon simulate}: realistic order events for Kafka, with deliberate
 * trouble (duplicates, out-of-order, late and malformed events, cancellations, stuck orders, a payment outage).
 *
 * <p>Entry points: {@link io.bpmon.core.simulation.SimulatorMain} (the command), {@link io.bpmon.core.simulation.Simulator}
 * (a running simulator on its own thread, for embedding), {@link io.bpmon.core.simulation.TrafficModel}
 * (the pure model: seed and clock in, {@link io.bpmon.core.simulation.SimulatedRecord}s out),
 * {@link io.bpmon.core.simulation.SimulatorRunner} (the loop that feeds a {@link io.bpmon.core.simulation.SimulatedRecordSink}) and
 * {@link io.bpmon.core.simulation.SimulatorCommandLine} (the flags).
 *
 * <p>Event times are the wall-clock moment an event is emitted, never ahead of it: the model schedules each
 * order's next step and writes the event when its time comes, instead of writing back- or forward-dated
 * events up front. Only late events carry an earlier time, on purpose.
 */
package io.bpmon.core.simulation;
