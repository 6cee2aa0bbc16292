package io.bpmon.core.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The publishing loop: polls the {@link TrafficModel} when something is due, hands its records to a
 * {@link SimulatedRecordSink}, prints a summary line every interval, and ends on {@link #stop()} or after the
 * configured duration. Sleeps in short slices so a stop request is honoured within {@link #MAX_SLEEP}.
 */
public final class SimulatorRunner {

    static final Duration MAX_SLEEP = Duration.ofMillis(50);

    /** Waits; {@code Thread::sleep} in production, a clock that jumps forward in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final TrafficModel model;
    private final SimulatedRecordSink sink;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration summaryInterval;
    private final Duration stopAfter;
    private final Consumer<String> log;
    private volatile boolean stopped;
    private SimulatorStats.Snapshot lastSummary;

    /**
     * @param stopAfter stop this long after {@link #run()} starts; null = until {@link #stop()}
     * @param log       receives the summary lines
     */
    public SimulatorRunner(TrafficModel model, SimulatedRecordSink sink, Clock clock, Sleeper sleeper,
            Duration summaryInterval, Duration stopAfter, Consumer<String> log) {
        this.model = model;
        this.sink = sink;
        this.clock = clock;
        this.sleeper = sleeper;
        this.summaryInterval = summaryInterval;
        this.stopAfter = stopAfter;
        this.log = log;
        this.lastSummary = model.stats();
    }

    /** Runs until {@link #stop()} or the duration has passed. Returns normally; the caller flushes the sink. */
    public void run() {
        Instant started = clock.instant();
        Instant stopAt = stopAfter == null ? Instant.MAX : started.plus(stopAfter);
        Instant nextSummary = started.plus(summaryInterval);
        while (!stopped) {
            Instant now = clock.instant();
            if (!now.isBefore(stopAt)) {
                break;
            }
            for (SimulatedRecord record : model.poll()) {
                sink.send(record);
            }
            if (!now.isBefore(nextSummary)) {
                log.accept(summary());
                while (!now.isBefore(nextSummary)) {
                    nextSummary = nextSummary.plus(summaryInterval);
                }
            }
            Instant wake = earliest(model.nextDueAt(), nextSummary, stopAt);
            Duration nap = Duration.between(clock.instant(), wake);
            if (nap.isNegative() || nap.isZero()) {
                continue;
            }
            try {
                sleeper.sleep(nap.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : nap);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Asks {@link #run()} to return; safe from any thread (e.g. a shutdown hook). */
    public void stop() {
        stopped = true;
    }

    /**
     * One line: totals, the change since the last line, and each kind of trouble, e.g.
     * {@code simulate: orders 2400 (+200), events sent 7015 (+590), in flight 1210 | duplicates 140,
     * out-of-order 138, late 35, malformed 14 | cancelled 51, stuck 12, returned 20 | incident: paypal payments
     * stopped until 2026-11-28T10:05:00Z | incident held 33 payments, cancelled 7}.
     */
    public String summary() {
        SimulatorStats.Snapshot s = model.stats();
        SimulatorStats.Snapshot prev = lastSummary;
        lastSummary = s;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "simulate: orders %d (+%d), events sent %d (+%d), in flight %d", s.ordersStarted(),
                s.ordersStarted() - prev.ordersStarted(), s.eventsSent(), s.eventsSent() - prev.eventsSent(),
                model.inFlight()));
        if (s.ordersSkipped() > 0) {
            line.append(", skipped at in-flight limit ").append(s.ordersSkipped());
        }
        line.append(String.format(Locale.ROOT, " | duplicates %d, out-of-order %d, late %d, malformed %d",
                s.sent(Trouble.DUPLICATE), s.sent(Trouble.OUT_OF_ORDER), s.sent(Trouble.LATE),
                s.sent(Trouble.MALFORMED)));
        line.append(String.format(Locale.ROOT, " | cancelled %d, stuck %d, returned %d",
                s.cancelled(), s.stuck(), s.returned()));
        model.incidentActiveUntil().ifPresent(end -> line.append(" | incident: ")
                .append(model.incident().paymentMethod()).append(" payments stopped until ")
                .append(end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        if (s.incidentHeld() > 0) {
            line.append(String.format(Locale.ROOT, " | incident held %d payments, cancelled %d",
                    s.incidentHeld(), s.incidentCancelled()));
        }
        return line.toString();
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant m = a.isBefore(b) ? a : b;
        return m.isBefore(c) ? m : c;
    }
}
