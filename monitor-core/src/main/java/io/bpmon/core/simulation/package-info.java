/**
 * The traffic simulator: realistic order events with deliberate trouble (duplicates, out-of-order, late and malformed
 * events, cancellations, stuck orders, a payment outage), and the one writer of event JSON ({@link
 * io.bpmon.core.simulation.EventJsonWriter}). {@code bpmon simulate}, the demo, the benchmarks and the end-to-end
 * tests all take their orders from here. Orders follow the lifecycle the job monitors ({@code BPMON_LIFECYCLE}), walked as
 * {@link io.bpmon.core.simulation.ProcessPlan} says.
 *
 * <p>Entry points: {@link io.bpmon.core.simulation.SimulatorMain} (the command), {@link
 * io.bpmon.core.simulation.Simulator} (a running simulator on its own thread, for embedding), {@link
 * io.bpmon.core.simulation.TrafficModel} (the pure model: lifecycle, seed and clock in, {@link
 * io.bpmon.core.simulation.SimulatedRecord}s out, each with the {@link io.bpmon.core.simulation.SimulatedEvent} it
 * holds), {@link io.bpmon.core.simulation.SimulatorRunner} (the loop that feeds a {@link
 * io.bpmon.core.simulation.SimulatedRecordSink}) and {@link io.bpmon.core.simulation.SimulatorCommandLine} (the
 * flags).
 *
 * <p>Event times are the wall-clock moment an event is emitted, never ahead of it: the model schedules each
 * order's next step and writes the event when its time comes, instead of writing back- or forward-dated
 * events up front. Only late events carry an earlier time, on purpose.
 */
package io.bpmon.core.simulation;
