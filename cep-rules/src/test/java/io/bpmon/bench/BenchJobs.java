package io.bpmon.bench;

import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderPartitions;
import io.bpmon.job.AlertUpdate;
import io.bpmon.job.DeadLetter;
import io.bpmon.job.ElasticsearchSink;
import io.bpmon.job.Ingested;
import io.bpmon.job.LiveWatermarks;
import io.bpmon.job.MonitorJob;
import io.bpmon.job.MonitorJobMain;
import io.bpmon.job.OrderStateChange;
import io.bpmon.job.OrderUpdate;
import io.bpmon.job.RuleChange;
import io.bpmon.job.WallClock;
import java.lang.reflect.Constructor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The benchmarked job graphs, built from the production parts. The full job is {@code MonitorJobMain.build} with
 * bounded sources (so the job ends when the input is read) and timing wrappers around the input's deserializer and
 * the order sink; keep it in step with {@code MonitorJobMain.build}.
 *
 * <p>The deserializers and serializers of the job are package-private in {@code io.bpmon.job}; they are created
 * reflectively here, so the benchmark runs exactly the production code rather than a copy of it.
 */
final class BenchJobs {

    /** What the job does after the source. */
    enum Kind {
        /** Kafka, parse and validate (the production deserializer and watermarks), discard. */
        PASSTHROUGH,
        /** The monitor job with a discarding order sink: Kafka, state, no Elasticsearch. A diagnosis aid. */
        STATE_ONLY,
        /** The monitor job: Kafka, state, Elasticsearch, the order-state topic. */
        FULL,
        /** The monitor job without the order-state topic (discarded): what the stream costs the full job. */
        FULL_WITHOUT_STATES,
        /** The monitor job on live input: unbounded sources from the topics' ends ({@link LatencyBench}). */
        LIVE
    }

    private BenchJobs() {}

    static void build(Kind kind, StreamExecutionEnvironment env, MonitorConfig config, Lifecycle lifecycle) {
        boolean live = kind == Kind.LIVE;
        var sourceBuilder = KafkaSource.<Ingested>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setTopics(Topics.ORDER_EVENTS)
                .setGroupId(config.kafka().groupId())
                .setStartingOffsets(live ? OffsetsInitializer.latest() : OffsetsInitializer.earliest())
                .setDeserializer(Progress.timed(
                        BenchJobs.<KafkaRecordDeserializationSchema<Ingested>>jobPart("IngestDeserializer",
                                new Class<?>[] {EventParser.class}, new EventParser(lifecycle))))
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (!live) {
            sourceBuilder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<Ingested> source = sourceBuilder.build();
        DataStream<Ingested> input = env.fromSource(source, LiveWatermarks.strategy(config.engine(), WallClock.SYSTEM),
                        "Kafka: " + Topics.ORDER_EVENTS)
                .uid("kafka-source")
                .transform("Hold back the end-of-input watermark", TypeInformation.of(Ingested.class),
                        new HoldFinalWatermark<>())
                .uid("hold-final-watermark");
        if (kind == Kind.PASSTHROUGH) {
            input.sinkTo(Progress.discarding()).uid("discard").name("Discard");
            return;
        }
        var ruleSourceBuilder = KafkaSource.<RuleChange>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setTopics(Topics.RULES)
                .setGroupId(config.kafka().groupId() + "-rules")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(BenchJobs.<KafkaRecordDeserializationSchema<RuleChange>>jobPart(
                        "RuleChangeDeserializer", new Class<?>[0]));
        if (!live) {
            ruleSourceBuilder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<RuleChange> ruleSource = ruleSourceBuilder.build();
        DataStream<RuleChange> rules = env.fromSource(ruleSource, LiveWatermarks.neverHoldingBack(),
                        "Kafka: " + Topics.RULES)
                .uid("rules-source")
                .setParallelism(1);
        Sink<DeadLetter> deadLetters = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setRecordSerializer(jobPart("DeadLetterSerializer", new Class<?>[0]))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        Sink<OrderUpdate> orders;
        Sink<AlertUpdate> alertStore;
        Sink<AlertUpdate> alertTopic;
        Sink<OrderStateChange> orderStates = new DiscardingSink<>();
        if (kind == Kind.FULL || kind == Kind.LIVE || kind == Kind.FULL_WITHOUT_STATES) {
            if (kind != Kind.FULL_WITHOUT_STATES) {
                orderStates = MonitorJobMain.transactionalSink(config.kafka(),
                        jobPart("OrderStateSerializer", new Class<?>[0]), "states");
            }
            orders = Progress.timed(ElasticsearchSink.orders(config.elasticsearch(), config.kafka().bootstrap()));
            alertStore = ElasticsearchSink.alerts(config.elasticsearch());
            alertTopic = KafkaSink.<AlertUpdate>builder()
                    .setBootstrapServers(config.kafka().bootstrap())
                    .setRecordSerializer(BenchJobs.<KafkaRecordSerializationSchema<AlertUpdate>>jobPart(
                            "AlertSerializer", new Class<?>[0]))
                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                    .build();
        } else {
            orders = Progress.discarding();
            alertStore = new DiscardingSink<>();
            alertTopic = new DiscardingSink<>();
        }
        new MonitorJob(config.engine(), lifecycle,
                new OrderPartitions(new Indices(config.elasticsearch().indexPrefix()), config.elasticsearch().retention()),
                () -> (orderId, partitionTime) -> java.util.Optional.empty(), // bench orders never outlive retention
                new MonitorJob.Sinks(deadLetters, orders, alertStore, alertTopic, new DiscardingSink<>(),
                        new DiscardingSink<>(), orderStates),
                WallClock.SYSTEM)
                .build(input, rules);
    }

    /** A package-private class of the job, e.g. {@code IngestDeserializer}, made with the given constructor. */
    @SuppressWarnings("unchecked")
    private static <T> T jobPart(String simpleName, Class<?>[] parameterTypes, Object... arguments) {
        try {
            Constructor<?> constructor = Class.forName("io.bpmon.job." + simpleName)
                    .getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return (T) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create io.bpmon.job." + simpleName
                    + " (was it renamed? keep BenchJobs in step with MonitorJobMain.build)", e);
        }
    }
}
