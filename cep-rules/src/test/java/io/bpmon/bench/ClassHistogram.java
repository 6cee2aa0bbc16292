package io.bpmon.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The JVM's histogram of live objects by class ({@code jcmd <pid> GC.class_histogram}, which collects first), read
 * in-process through the diagnostic command MBean: what a heap difference is made of.
 */
final class ClassHistogram {

    private ClassHistogram() {}

    /** Class name → {instances, bytes} of the live objects. */
    static Map<String, long[]> live() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            // "   1:        123456        7890123  [B (java.base@17.0.1)"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    /**
     * Prints the classes whose live bytes grew by at least 2 bytes per order, largest first, and puts them into
     * {@code result} as {@code state.class.<name>=bytes per order}.
     */
    static void report(Map<String, long[]> before, Map<String, long[]> after, int orders, Map<String, Object> result) {
        record Growth(String name, double instances, double bytes) {}
        List<Growth> grown = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            double bytes = (e.getValue()[1] - b[1]) / (double) orders;
            if (bytes >= 2) {
                grown.add(new Growth(e.getKey(), (e.getValue()[0] - b[0]) / (double) orders, bytes));
            }
        }
        grown.sort((x, y) -> Double.compare(y.bytes(), x.bytes()));
        System.out.println("bench: live objects added per order in flight, by class (class histogram):");
        double total = 0;
        for (Growth g : grown) {
            System.out.printf("bench:   %8.1f bytes  %5.2f objects  %s%n", g.bytes(), g.instances(), g.name());
            result.put("state.class." + g.name(), PipelineBench.round(g.bytes(), 1));
            total += g.bytes();
        }
        System.out.printf("bench:   %8.1f bytes in all%n", total);
    }
}
