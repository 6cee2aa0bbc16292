package io.bpmon.job;

import io.bpmon.core.Version;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.config.JobRestConfig;
import io.bpmon.core.config.KafkaConfig;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchOrderArchive;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderArchive;
import io.bpmon.core.store.OrderPartitions;
import io.bpmon.core.store.SchemaSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the monitor job: on a Flink cluster ({@code flink run bpmon-job.jar}) or, with {@code --local}, in this
 * process on a Flink MiniCluster ({@code ./bpmon demo}). Configuration comes from the environment
 * (docs/configuration.md).
 */
public final class MonitorJobMain {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorJobMain.class);
    /** The job's name on the cluster, with the version (bin/bpmon upgrade finds the job by its first words). */
    static final String JOB_NAME = "bpmon monitor " + Version.current();
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * How long the broker keeps a transaction of the job's Kafka sinks open: the broker's default upper bound
     * ({@code transaction.max.timeout.ms}, 15 min), above which producers are refused. A job down for longer between
     * a checkpoint and its commit loses that checkpoint's records (docs/operations.md).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /**
     * How long the producer of a transactional sink waits to fill a batch. Its records are read only once their
     * checkpoint commits (consumers read committed), and the sink flushes the producer before every checkpoint, so
     * waiting delays no reader; fuller batches cost the producer and the broker less per record (the order-state
     * topic gets one record per event: docs/order-states.md, what it costs).
     */
    static final Duration SINK_LINGER = Duration.ofMillis(100);

    /** Bytes of records per partition and produce request of a transactional sink (Kafka's default: 16 KiB). */
    static final int SINK_BATCH_BYTES = 256 * 1024;

    private MonitorJobMain() {}

    public static void main(String[] args) throws Exception {
        boolean local = Arrays.asList(args).contains("--local");
        MonitorConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("bpmon: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());
        try {
            TopicSetup.ensureTopics(config.kafka(), Duration.ofMinutes(3), LOG::warn);
            try (Elasticsearch es = Elasticsearch.of(config.elasticsearch())) {
                SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofMinutes(3), LOG::warn);
            }
        } catch (IllegalStateException e) {
            System.err.println("bpmon: " + e.getMessage());
            System.exit(3);
            return;
        }
        Configuration flink;
        try {
            flink = flinkConfiguration(config.engine(), local);
        } catch (IllegalStateException e) {
            System.err.println("bpmon: " + e.getMessage());
            System.exit(3);
            return;
        }
        if (!local) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            build(env, config, lifecycle);
            env.execute(JOB_NAME);
            return;
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.engine().parallelism(), flink);
        build(env, config, lifecycle);
        JobClient job = env.executeAsync(JOB_NAME); // returns once the cluster has started and taken the job
        LocalRestTls.forget(flink); // its REST endpoint has read the key pair
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Adds the Kafka-to-Elasticsearch job to {@code env}. */
    public static void build(StreamExecutionEnvironment env, MonitorConfig config, Lifecycle lifecycle) {
        KafkaSource<Ingested> source = KafkaSource.<Ingested>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setTopics(Topics.ORDER_EVENTS)
                .setGroupId(config.kafka().groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new IngestDeserializer(
                        new EventParser(lifecycle, config.engine().maxFuture(), java.time.Clock.systemUTC())))
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
        // exactly once (docs/operations.md, "The dead-letter topic"): dead letters go out in a Kafka transaction that
        // commits with the checkpoint which also holds the source's offsets, so a restart never writes a record's dead
        // letter twice; readers with isolation.level=read_committed see them within a checkpoint interval
        KafkaSink<DeadLetter> deadLetters = transactionalSink(config.kafka(), new DeadLetterSerializer(), "dlq");
        // the same for the order states: one record per order revision (docs/order-states.md)
        KafkaSink<OrderStateChange> orderStates =
                transactionalSink(config.kafka(), new OrderStateSerializer(), "states");
        // and for the daily roll-up (docs/daily-rollup.md)
        KafkaSink<RollupChange> rollups = transactionalSink(config.kafka(), new RollupSerializer(), "rollup");
        KafkaSource<RuleChange> ruleSource = KafkaSource.<RuleChange>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setTopics(Topics.RULES)
                .setGroupId(config.kafka().groupId() + "-rules")
                // the compacted topic holds every current rule: read it whole on a fresh start
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RuleChangeDeserializer())
                .build();
        KafkaSink<AlertUpdate> alertTopic = KafkaSink.<AlertUpdate>builder()
                .setBootstrapServers(config.kafka().bootstrap())
                .setRecordSerializer(new AlertSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        var input = env.fromSource(source, LiveWatermarks.strategy(config.engine(), WallClock.SYSTEM),
                        "Kafka: " + Topics.ORDER_EVENTS)
                .uid("kafka-source");
        var rules = env.fromSource(ruleSource, LiveWatermarks.neverHoldingBack(), "Kafka: " + Topics.RULES)
                .uid("rules-source")
                .setParallelism(1); // one partition; a reader without one would hold event time back
        new MonitorJob(config.engine(), lifecycle, partitions(config.elasticsearch()),
                archive(config.elasticsearch(), lifecycle),
                new MonitorJob.Sinks(deadLetters,
                        ElasticsearchSink.orders(config.elasticsearch(), config.kafka().bootstrap()),
                        ElasticsearchSink.alerts(config.elasticsearch()), alertTopic,
                        ElasticsearchSink.ruleStatus(config.elasticsearch()),
                        new RejectionReport(config.elasticsearch()), orderStates,
                        ElasticsearchSink.incidents(config.elasticsearch()), rollups),
                WallClock.SYSTEM)
                .build(input, rules);
    }

    /**
     * A sink whose records become visible with the checkpoint that holds the offsets of the events they came from.
     * Transactional ids start with the job's consumer group and {@code name}: one prefix per job and sink
     * (docs/operations.md).
     */
    public static <T> KafkaSink<T> transactionalSink(KafkaConfig kafka, KafkaRecordSerializationSchema<T> serializer,
            String name) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.groupId() + "-" + name)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(TRANSACTION_TIMEOUT.toMillis()))
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, Long.toString(SINK_LINGER.toMillis()))
                .setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(SINK_BATCH_BYTES))
                .build();
    }

    static OrderPartitions partitions(ElasticsearchConfig es) {
        return new OrderPartitions(new Indices(es.indexPrefix()), es.retention());
    }

    /** The stored orders, read back where the job runs (the factory ships with the job, the client does not). */
    static OrderArchive.Factory archive(ElasticsearchConfig es, Lifecycle lifecycle) {
        OrderPartitions partitions = partitions(es);
        return () -> new ElasticsearchOrderArchive(Elasticsearch.of(es), partitions, lifecycle,
                message -> LoggerFactory.getLogger(MonitorJobMain.class).warn(message));
    }

    /** Flink settings of the job; {@code local} also resumes from the newest local checkpoint. */
    public static Configuration flinkConfiguration(EngineConfig engine, boolean local) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(200));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, engine.checkpointInterval());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        if (local) {
            localClusterAccess(conf, engine.rest());
        }
        if (engine.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, engine.checkpointDir());
            if (local) {
                Optional<Path> latest = Checkpoints.latest(engine.checkpointDir());
                latest.ifPresent(p -> {
                    LOG.info("resuming from checkpoint {}", p);
                    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString());
                    Checkpoints.pruneExcept(p);
                });
            }
        }
        return conf;
    }

    /**
     * Where and to whom the in-process cluster listens (docs/demo-supervision.md). Its REST endpoint accepts job
     * graphs and cancellations from whoever reaches it, so it binds to {@code rest.bindAddress()} (loopback by
     * default), speaks mutual TLS with a key pair that only this JVM holds unless {@code rest.tls()} is off (Flink
     * always starts the endpoint in a MiniCluster, and the job never uses it: a local environment submits to its
     * cluster in-process), and the web UI's jar upload and run handlers exist only when asked for. The BLOB
     * server (which serves job artifacts to task managers, all in this process) and any task manager port always
     * stay on loopback.
     *
     * @throws IllegalStateException if the key pair cannot be made
     */
    static void localClusterAccess(Configuration conf, JobRestConfig rest) {
        conf.set(RestOptions.BIND_ADDRESS, rest.bindAddress());
        // the address the endpoint names itself by; a wildcard bind is still reachable on loopback
        boolean wildcard = rest.bindAddress().equals("0.0.0.0") || rest.bindAddress().equals("::");
        String address = wildcard ? LOOPBACK : rest.bindAddress();
        conf.set(RestOptions.ADDRESS, address);
        conf.set(RestOptions.BIND_PORT, rest.port());
        conf.set(WebOptions.SUBMIT_ENABLE, rest.webSubmit());
        conf.set(WebOptions.CANCEL_ENABLE, rest.webSubmit());
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        if (rest.tls()) {
            LocalRestTls.configure(conf, address);
        } else {
            LOG.warn("the Flink REST API listens on {} without TLS ({}=false): whoever reaches it ({}) can cancel"
                    + " the job or submit code that runs in this process", rest.bindAddress(),
                    ConfigLoader.FLINK_REST_TLS, rest.loopbackOnly() ? "every user of this machine" : "the network");
        }
    }
}
