package io.bpmon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * When a benchmarked job really worked: the first record its source deserialized, and the moment its sinks had
 * flushed everything at the end of the (bounded) input. Job completion itself is later and says less: a bounded job
 * with checkpointing waits for one more checkpoint after the end of input (up to the checkpoint interval), and the
 * MiniCluster's start is no part of the job's throughput either.
 *
 * <p>The wrappers only delegate and take a timestamp. The MiniCluster runs in this JVM (user classes come from the
 * application class path), so the static fields are the ones the tasks see. One job per JVM.
 */
final class Progress {

    private static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();
    private static final AtomicLong LAST_FLUSH_NANOS = new AtomicLong();
    /** CPU time of this whole process (all threads) at the first record and at the last flush. */
    private static final AtomicLong FIRST_RECORD_CPU_NANOS = new AtomicLong();
    private static final AtomicLong LAST_FLUSH_CPU_NANOS = new AtomicLong();
    private static final LongAdder RECORDS_READ = new LongAdder();
    private static final LongAdder ELEMENTS_SUNK = new LongAdder();

    private Progress() {}

    static long firstRecordNanos() {
        return FIRST_RECORD_NANOS.get();
    }

    static long lastFlushNanos() {
        return LAST_FLUSH_NANOS.get();
    }

    /** CPU time this JVM spent between the first record and the last flush, all threads (GC and JIT too). */
    static long workCpuNanos() {
        return LAST_FLUSH_CPU_NANOS.get() - FIRST_RECORD_CPU_NANOS.get();
    }

    /** CPU time of this JVM so far, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long recordsRead() {
        return RECORDS_READ.sum();
    }

    static long elementsSunk() {
        return ELEMENTS_SUNK.sum();
    }

    /** The source's deserializer, timed. */
    static <T> KafkaRecordDeserializationSchema<T> timed(KafkaRecordDeserializationSchema<T> delegate) {
        return new TimedDeserializer<>(delegate);
    }

    /** A sink, timed: its end is when its final flush (end of input) returned. */
    static <T> Sink<T> timed(Sink<T> delegate) {
        return new TimedSink<>(delegate);
    }

    /** A sink that drops everything (the passthrough job's end), timed like the others. */
    static <T> Sink<T> discarding() {
        return new TimedSink<T>(context -> new SinkWriter<T>() {
            @Override
            public void write(T element, Context ctx) {}

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        });
    }

    private static final class TimedDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KafkaRecordDeserializationSchema<T> delegate;

        TimedDeserializer(KafkaRecordDeserializationSchema<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            delegate.open(context);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
            if (FIRST_RECORD_NANOS.get() == 0 && FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime())) {
                FIRST_RECORD_CPU_NANOS.set(processCpuNanos());
            }
            RECORDS_READ.increment();
            delegate.deserialize(record, out);
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return delegate.getProducedType();
        }
    }

    private static final class TimedSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final Sink<T> delegate;

        TimedSink(Sink<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
            SinkWriter<T> writer = delegate.createWriter(context);
            return new SinkWriter<T>() {
                @Override
                public void write(T element, Context ctx) throws IOException, InterruptedException {
                    writer.write(element, ctx);
                    ELEMENTS_SUNK.increment();
                }

                @Override
                public void flush(boolean endOfInput) throws IOException, InterruptedException {
                    writer.flush(endOfInput);
                    if (endOfInput) {
                        LAST_FLUSH_NANOS.accumulateAndGet(System.nanoTime(), Math::max);
                        LAST_FLUSH_CPU_NANOS.accumulateAndGet(processCpuNanos(), Math::max);
                    }
                }

                @Override
                public void writeWatermark(org.apache.flink.api.common.eventtime.Watermark watermark)
                        throws IOException, InterruptedException {
                    writer.writeWatermark(watermark);
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }
    }
}
