package io.bpmon.bench;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * bpmon's rule engine and Esper side by side ({@code ./bpmon bench --esper}): one generated input with breaches
 * ({@link BreachTraffic}), the same rules (STEP_SLA and STALL; in Esper as EPL patterns, {@link EsperEngine}), the same
 * JSON parsing, each engine on one thread in this JVM. Each engine first runs over the first fifth of the input (a
 * warm-up, thrown away), then, fresh, over all of it, timed; then the two alert sets are compared and every
 * difference is listed with its order and what happened to that order.
 *
 * <pre>
 * EsperBench [--events N] [--rules N] [--esper-reorder-ms MS] [--out FILE] [--differences FILE]
 * </pre>
 *
 * Results are appended to {@code --out} as {@code key=value} lines (esper.*). docs/benchmarks.md explains the
 * figures.
 */
public final class EsperBench {

    private static final long SEED = 20261128L;

    /** One engine as the comparison drives it: records in, alerts out. */
    interface Engine extends AutoCloseable {
        /** One record's value, as it comes from Kafka; an invalid one is counted and skipped. */
        void accept(byte[] json) throws Exception;

        /** The end of the input: time runs on to {@code endMillis}, every deadline up to it is judged. */
        void finish(long endMillis) throws Exception;

        /** The alerts raised so far, by id. */
        Map<String, RaisedAlert> alerts();

        long invalid();

        @Override
        void close();
    }

    /** One timed pass of an engine over the input. */
    record Run(String engine, long records, double seconds, long threadCpuNanos, long processCpuNanos, long gcMillis,
            Map<String, RaisedAlert> alerts) {

        long eventsPerSecond() {
            return Math.round(records / seconds);
        }

        double threadCpuMicrosPerEvent() {
            return threadCpuNanos / 1e3 / records;
        }

        double processCpuMicrosPerEvent() {
            return processCpuNanos / 1e3 / records;
        }
    }

    /** An alert only one engine raised, and what happened to its order. */
    record Difference(RaisedAlert alert, String raisedBy, String order) {}

    private EsperBench() {}

    public static void main(String[] args) {
        try {
            Map<String, String> options = PipelineBench.options(args);
            long events = Long.parseLong(options.getOrDefault("events", "1000000"));
            int ruleCount = Integer.parseInt(options.getOrDefault("rules", "10"));
            if (events < 1000 || ruleCount < 1) {
                throw new IllegalArgumentException("--events must be >= 1000 and --rules >= 1");
            }
            run(events, ruleCount, options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(long events, int ruleCount, Map<String, String> options) throws Exception {
        Lifecycle lifecycle = Lifecycle.defaultLifecycle();
        long t0 = System.nanoTime();
        BreachTraffic.Input input =
                BreachTraffic.generate(lifecycle, events, SEED, System.currentTimeMillis() - 60_000);
        System.out.printf("bench: esper: generated %,d records (%,d orders: %s; %,d duplicates, %,d first events sent"
                + " late, %,d malformed) in %.1f s; step gap G = %,d ms%n", input.values().length, input.orders(),
                input.fates(), input.duplicates(), input.swappedOrders(), input.malformed(),
                (System.nanoTime() - t0) / 1e9, input.stepMillis());
        List<Rule> rules = rules(lifecycle, ruleCount, input.stepMillis());
        long lateness = EngineConfig.DEFAULT_ALLOWED_LATENESS.toMillis();
        long reorder = Long.parseLong(options.getOrDefault("esper-reorder-ms",
                Long.toString(Math.max(lateness, input.maxDisorderMillis()))));

        // warm-up: each engine over the first fifth of the input, then thrown away
        int warm = input.values().length / 5;
        for (Engine engine : List.of(new BpmonEngine(lifecycle, rules, lateness),
                new EsperEngine(lifecycle, rules, reorder))) {
            try (engine) {
                for (int i = 0; i < warm; i++) {
                    engine.accept(input.values()[i]);
                }
            }
        }
        Run bpmon = timed("bpmon", new BpmonEngine(lifecycle, rules, lateness), input);
        Run esper = timed("esper", new EsperEngine(lifecycle, rules, reorder), input);
        List<Difference> differences = compare(bpmon.alerts(), esper.alerts(), input);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("esper.records", input.values().length);
        out.put("esper.orders", input.orders());
        out.put("esper.rules", ruleCount);
        out.put("esper.step_gap_ms", input.stepMillis());
        out.put("esper.reorder_ms", reorder);
        out.put("esper.allowed_lateness_ms", lateness);
        for (Run r : List.of(bpmon, esper)) {
            out.put("esper." + r.engine() + ".events_per_s", r.eventsPerSecond());
            out.put("esper." + r.engine() + ".thread_cpu_us_per_event",
                    PipelineBench.round(r.threadCpuMicrosPerEvent(), 2));
            out.put("esper." + r.engine() + ".process_cpu_us_per_event",
                    PipelineBench.round(r.processCpuMicrosPerEvent(), 2));
            out.put("esper." + r.engine() + ".gc_s", PipelineBench.round(r.gcMillis() / 1e3, 1));
            out.put("esper." + r.engine() + ".alerts", r.alerts().size());
        }
        out.put("esper.differences", differences.size());
        if (options.containsKey("out")) {
            PipelineBench.append(Path.of(options.get("out")), out);
        }
        report(input, rules, lifecycle, reorder, lateness, bpmon, esper, differences, options.get("differences"));
    }

    /** The comparison's rules, validated as the web server validates them. */
    static List<Rule> rules(Lifecycle lifecycle, int count, long stepMillis) throws IOException {
        RuleValidator validator = new RuleValidator(lifecycle);
        List<Rule> rules = new ArrayList<>();
        for (String json : BreachTraffic.rules(count, stepMillis)) {
            rules.add(validator.validate(Json.mapper().readTree(json)).value().withVersion(1, Instant.EPOCH, "bench"));
        }
        return rules;
    }

    /** One engine over the whole input on this thread, from a fresh start; closes the engine. */
    static Run timed(String name, Engine engine, BreachTraffic.Input input) throws Exception {
        System.gc();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (engine) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            for (byte[] value : input.values()) {
                engine.accept(value);
            }
            engine.finish(input.endMillis());
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            long process1 = os.getProcessCpuTime();
            long gc1 = gcMillis();
            if (engine.invalid() != input.malformed()) {
                throw new IllegalStateException(name + " skipped " + engine.invalid() + " invalid records, the input"
                        + " has " + input.malformed());
            }
            return new Run(name, input.values().length, (t1 - t0) / 1e9, cpu1 - cpu0, process1 - process0,
                    gc1 - gc0, Map.copyOf(engine.alerts()));
        }
    }

    /** Every alert only one of the two raised, with what happened to its order. */
    static List<Difference> compare(Map<String, RaisedAlert> bpmon, Map<String, RaisedAlert> esper,
            BreachTraffic.Input input) {
        List<Difference> differences = new ArrayList<>();
        bpmon.forEach((id, a) -> {
            if (!esper.containsKey(id)) {
                differences.add(new Difference(a, "bpmon only", input.note(a.orderId())));
            }
        });
        esper.forEach((id, a) -> {
            if (!bpmon.containsKey(id)) {
                differences.add(new Difference(a, "Esper only", input.note(a.orderId())));
            }
        });
        differences.sort(Comparator.comparing((Difference d) -> d.alert().orderId())
                .thenComparing(d -> d.alert().ruleId()));
        return differences;
    }

    private static void report(BreachTraffic.Input input, List<Rule> rules, Lifecycle lifecycle, long reorder,
            long lateness, Run bpmon, Run esper, List<Difference> differences, String differencesFile)
            throws IOException {
        int ruleCount = rules.size();
        System.out.println();
        System.out.printf("bpmon and Esper side by side, %s, %d cores, one thread each%n", Instant.now(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  input: %,d records, %,d orders (%s), %,d duplicates, %,d first events sent after the"
                + " second, %,d malformed%n", input.values().length, input.orders(), input.fates(), input.duplicates(),
                input.swappedOrders(), input.malformed());
        System.out.printf("  rules: %d (STEP_SLA and STALL alternately, every order in scope), step gap G = %,d ms;"
                + " bpmon: allowed lateness %,d ms; Esper: reorder buffer %,d ms%n", ruleCount, input.stepMillis(),
                lateness, reorder);
        String[] statements = EsperEngine.epl(rules.subList(0, Math.min(2, rules.size())), lifecycle).split("\n");
        System.out.println("  in EPL, the first two: " + statements[0]);
        for (int i = 1; i < statements.length; i++) {
            System.out.println("                         " + statements[i]);
        }
        System.out.println();
        System.out.printf("  %-8s %12s %16s %14s %10s %10s %10s%n", "engine", "events/s", "CPU us/event",
                "(whole JVM)", "GC s", "SLA alerts", "stalls");
        for (Run r : List.of(bpmon, esper)) {
            System.out.printf("  %-8s %,12d %16.2f %14.2f %10.1f %,10d %,10d%n", r.engine(), r.eventsPerSecond(),
                    r.threadCpuMicrosPerEvent(), r.processCpuMicrosPerEvent(), r.gcMillis() / 1e3,
                    count(r, "SLA_BREACH"), count(r, "STALLED"));
        }
        System.out.printf("  (CPU us/event: the engine's thread; whole JVM: also the collector and the JIT compiler;"
                + " events/s over %.1f s and %.1f s of wall time)%n", bpmon.seconds(), esper.seconds());
        System.out.printf("  bpmon / Esper, events/s: %.2f (aim >= 0.5)%n",
                (double) bpmon.eventsPerSecond() / esper.eventsPerSecond());
        System.out.println();
        if (differences.isEmpty()) {
            System.out.printf("  alerts: identical (%,d alerts; by rule kind above)%n", bpmon.alerts().size());
        } else {
            Map<String, Integer> byNote = new TreeMap<>();
            for (Difference d : differences) {
                byNote.merge(d.raisedBy() + ", order " + d.order().replaceAll("[0-9.]+ (G|s)", "n $1"), 1,
                        Integer::sum);
            }
            System.out.printf("  alerts: %,d differences (bpmon %,d alerts, Esper %,d)%n", differences.size(),
                    bpmon.alerts().size(), esper.alerts().size());
            byNote.forEach((k, v) -> System.out.printf("    %,8d  %s%n", v, k));
            int shown = 0;
            for (Difference d : differences) {
                if (shown++ == 20) {
                    System.out.println("    ...");
                    break;
                }
                System.out.printf("    %s: %s (order: %s)%n", d.raisedBy(), d.alert(), d.order());
            }
        }
        if (differencesFile != null) {
            List<String> lines = new ArrayList<>();
            for (Difference d : differences) {
                lines.add(d.alert().orderId() + "\t" + d.raisedBy() + "\t" + d.alert() + "\t" + d.order());
            }
            Files.write(Path.of(differencesFile), lines, StandardCharsets.UTF_8);
            System.out.println("  every difference: " + differencesFile);
        }
    }

    /** Time the collectors spent so far (pauses and concurrent work, as the JVM reports it). */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static long count(Run run, String kind) {
        return run.alerts().values().stream().filter(a -> a.kind().equals(kind)).count();
    }
}
