package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Indices;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The job graph, built from its input and sinks so tests can run it on a finite input and collecting sinks.
 *
 * <pre>
 * input (events with event time) ─┬─ valid ──► keyBy(orderId) ─► order state ─► store (Elasticsearch)
 *                                 └─ invalid ─► dead letters (Kafka DLQ)
 * </pre>
 */
public final class MonitorJob {

    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final EngineConfig config;
    private final Lifecycle lifecycle;
    private final Indices indices;
    private final Sink<DeadLetter> deadLetterSink;
    private final Sink<OrderUpdate> orderSink;

    public MonitorJob(EngineConfig config, Lifecycle lifecycle, Indices indices, Sink<DeadLetter> deadLetterSink,
            Sink<OrderUpdate> orderSink) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.indices = indices;
        this.deadLetterSink = deadLetterSink;
        this.orderSink = orderSink;
    }

    /** Adds the job to the input's environment; the input must carry event timestamps and watermarks. */
    public void build(DataStream<Ingested> input) {
        SingleOutputStreamOperator<OrderEvent> events = input
                .process(new SplitInvalid())
                .uid("validate")
                .name("Validate events");
        events.getSideOutput(DEAD_LETTERS)
                .sinkTo(deadLetterSink)
                .uid("dead-letter-sink")
                .name("Dead letters (Kafka)");
        events.keyBy(OrderEvent::orderId)
                .process(new OrderStateFunction(lifecycle, indices, config))
                .uid("order-state")
                .name("Order state")
                .sinkTo(orderSink)
                .uid("order-store")
                .name("Order documents (Elasticsearch)");
    }

    /** Routes dead letters to the side output and counts them; valid events continue. */
    static final class SplitInvalid extends ProcessFunction<Ingested, OrderEvent> {
        private static final long serialVersionUID = 1L;
        private transient Counter invalid;

        @Override
        public void open(OpenContext openContext) {
            invalid = getRuntimeContext().getMetricGroup().counter("invalidEvents");
        }

        @Override
        public void processElement(Ingested record, Context ctx, Collector<OrderEvent> out) {
            if (record.isValid()) {
                out.collect(record.event());
            } else {
                invalid.inc();
                ctx.output(DEAD_LETTERS, record.deadLetter());
            }
        }
    }
}
