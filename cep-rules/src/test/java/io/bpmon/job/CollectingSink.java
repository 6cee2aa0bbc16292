package io.bpmon.job;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for tests on a MiniCluster in this JVM: every writer (any parallelism) adds to one queue per name. The
 * sink itself travels to the task managers serialized, so the queues are static and keyed; give each test its
 * own name and {@link #clear} it.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
    }

    /** What the sink named {@code name} received so far, in no particular order across writers. */
    @SuppressWarnings("unchecked")
    static <T> List<T> collected(String name) {
        return (List<T>) List.copyOf(queue(name));
    }

    static void clear(String name) {
        COLLECTED.remove(name);
    }

    private static Queue<Object> queue(String name) {
        return COLLECTED.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> target = queue(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                target.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
