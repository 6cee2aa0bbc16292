package io.bpmon.bench;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.KafkaRulePublisher;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.simulation.SteadyTraffic;
import io.bpmon.core.simulation.Trouble;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.store.BulkWriter;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import io.bpmon.core.store.VersionedDocument;
import io.bpmon.job.MonitorJobMain;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the job against a real Kafka broker and Elasticsearch ({@code ./bpmon bench} starts both). Two
 * steps, each in its own JVM so every job starts equally cold:
 *
 * <pre>
 * PipelineBench generate --kafka HOST:PORT --es URL --events N [--warm-es DOCUMENTS] --out FILE
 *     writes N of the simulator's order events (SteadyTraffic) to bpmon.order-events, once; warms Elasticsearch up
 * PipelineBench run passthrough|state-only|full --kafka HOST:PORT --es URL --checkpoint-dir DIR --out FILE
 *     runs one job over all of them on a MiniCluster at the configured parallelism (2), production settings
 * </pre>
 *
 * Results are appended to {@code --out} as {@code key=value} lines; {@code scripts/bench.sh} prints the table.
 * Sustained events/s = records read / (last sink flush at end of input - first record deserialized), see
 * {@link Progress}; the wall time includes the MiniCluster's start and the final checkpoint.
 */
public final class PipelineBench {

    private static final long SEED = 20261128L;

    private PipelineBench() {}

    public static void main(String[] args) {
        try {
            Map<String, String> options = options(args);
            switch (options.getOrDefault("0", "")) {
                case "generate" -> generate(options);
                case "run" -> run(BenchJobs.Kind.valueOf(options.getOrDefault("1", "").toUpperCase().replace('-', '_')),
                        options);
                default -> throw new IllegalArgumentException("usage: PipelineBench generate|run JOB [options]");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // Kafka and Flink leave non-daemon threads behind, also after a failure
    }

    // ---------------------------------------------------------------------------------------------------- generate

    private static void generate(Map<String, String> options) throws Exception {
        MonitorConfig config = config(options, "bench-generator");
        long events = Long.parseLong(required(options, "events"));
        TopicSetup.ensureTopics(config.kafka(), Duration.ofMinutes(1), System.err::println);
        SchemaSetup.ensureSchema(Elasticsearch.of(config.elasticsearch()), config.elasticsearch(),
                Duration.ofMinutes(1), System.err::println);
        if (totalRecords(config) != 0) {
            throw new IllegalStateException(Topics.ORDER_EVENTS + " is not empty: the benchmark needs a fresh broker");
        }

        // Event time ends a minute before now: all of it is history, none of it ahead of the wall clock.
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());
        SteadyTraffic traffic = new SteadyTraffic(lifecycle, SteadyTraffic.ordersFor(lifecycle, events), SEED,
                System.currentTimeMillis() - 60_000);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        SteadyTraffic.Summary summary;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            summary = traffic.generate(r -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("producing the input failed: " + failure.get(), failure.get());
                }
                producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, r.key().getBytes(StandardCharsets.UTF_8),
                        r.value()), (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the input failed: " + failure.get(), failure.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long inTopic = totalRecords(config);
        if (inTopic != summary.records()) {
            throw new IllegalStateException("produced " + summary.records() + " records but the topic holds " + inTopic);
        }
        int rules = Integer.parseInt(options.getOrDefault("rules", "0"));
        boolean scoped = Boolean.parseBoolean(options.getOrDefault("scoped", "false"));
        publishRules(config, rules, scoped);
        int warmUpDocuments = Integer.parseInt(options.getOrDefault("warm-es", "0"));
        double warmUpSeconds = warmUpDocuments > 0 ? warmUpElasticsearch(config, warmUpDocuments) : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input.records", summary.records());
        out.put("input.valid", summary.valid());
        out.put("input.orders", summary.orders());
        out.put("input.duplicates", summary.duplicates());
        out.put("input.swapped_orders", summary.swappedOrders());
        out.put("input.malformed", summary.malformed());
        out.put("input.orders_in_flight", traffic.inFlight());
        out.put("input.partitions", config.kafka().partitions());
        out.put("input.generate_s", round(seconds, 1));
        out.put("input.rules", rules);
        out.put("input.rules_scoped", scoped);
        out.put("input.es_warm_up_documents", warmUpDocuments);
        out.put("input.es_warm_up_s", round(warmUpSeconds, 1));
        append(Path.of(required(options, "out")), out);
        System.out.printf("bench: generated %,d records (%,d orders, %,d duplicates, %,d orders out of order,"
                + " %,d malformed) in %.1f s%n", summary.records(), summary.orders(), summary.duplicates(),
                summary.swappedOrders(), summary.malformed(), seconds);
    }

    /**
     * Active rules for the rule-engine runs: every order is in the scope of every rule (the worst case) or, scoped, of
     * about a tenth of them ({@link #benchRules(int, boolean)}); half of them
     * STEP_SLA rules over the main path, half STALL rules; deadlines long enough that the input raises no alerts, so
     * the figures show the cost of judging orders, not of writing alerts.
     */
    private static void publishRules(MonitorConfig config, int count, boolean scoped) throws Exception {
        if (count == 0) {
            return;
        }
        RuleValidator validator = new RuleValidator(Lifecycle.load(config.engine().lifecycle()));
        try (KafkaRulePublisher publisher = new KafkaRulePublisher(config.kafka().bootstrap(), Duration.ofSeconds(30))) {
            for (String json : benchRules(count, scoped)) {
                publisher.publish(validator.validate(Json.mapper().readTree(json)).value()
                        .withVersion(1, java.time.Instant.now(), "bench"));
            }
        }
    }

    /** The benchmark's rules as JSON: alternately STEP_SLA over the main path and STALL, deadlines of 30+ days. */
    static List<String> benchRules(int count) {
        return benchRules(count, false);
    }

    /** Countries, payment methods and carriers of the simulator's default segment mix, for scoped bench rules. */
    private static final String[] COUNTRIES = {"DE", "AT", "CH", "FR", "NL", "PL", "IT", "ES"};
    private static final String[] PAYMENT_METHODS = {"card", "paypal", "klarna", "invoice", "applepay"};
    private static final String[] CARRIERS = {"dhl", "dpd", "hermes", "ups", "gls"};

    /**
     * The benchmark's rules as JSON: alternately STEP_SLA over the main path and STALL, deadlines of 30+ days. With
     * {@code scoped}, as real rule sets are, every rule has a scope (docs/benchmarks.md): one in five by country, by
     * payment method, by carrier, by country and payment method, by country and carrier (one value each), so that an
     * order of the simulator's segment mix is in the scope of about a tenth of them; without, every order is in the
     * scope of every rule (the worst case).
     */
    static List<String> benchRules(int count, boolean scoped) {
        String[][] steps = {{"PLACED", "PAID"}, {"PAID", "SHIPPED"}, {"SHIPPED", "DELIVERED"}, {"PLACED", "DELIVERED"}};
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String scope = "";
            if (scoped) {
                int j = i / 5;
                String country = "\"country\":[\"" + COUNTRIES[j % COUNTRIES.length] + "\"]";
                String method = "\"paymentMethod\":[\"" + PAYMENT_METHODS[j % PAYMENT_METHODS.length] + "\"]";
                String carrier = "\"carrier\":[\"" + CARRIERS[j % CARRIERS.length] + "\"]";
                scope = ",\"scope\":{" + switch (i % 5) {
                    case 0 -> country;
                    case 1 -> method;
                    case 2 -> carrier;
                    case 3 -> country + "," + method;
                    default -> country + "," + carrier;
                } + "}";
            }
            rules.add(i % 2 == 0
                    ? String.format("{\"id\":\"bench-sla-%d\",\"name\":\"SLA %d\",\"kind\":\"STEP_SLA\","
                            + "\"from\":\"%s\",\"to\":\"%s\",\"maxDuration\":\"P%dD\"%s}", i, i,
                            steps[(i / 2) % steps.length][0], steps[(i / 2) % steps.length][1], 30 + i % 50, scope)
                    : String.format("{\"id\":\"bench-stall-%d\",\"name\":\"Stall %d\",\"kind\":\"STALL\","
                            + "\"maxDuration\":\"P%dD\"%s}", i, i, 30 + i % 50, scope));
        }
        return rules;
    }

    /**
     * Indexes order documents like the job's into a throw-away index (same template), then deletes it. A freshly
     * started Elasticsearch is still compiling its indexing path: over the first million order documents it spent
     * ~54 s of CPU here, a warm one ~33 s. A production cluster is warm, so the full job should meet a warm one. The
     * job JVMs get no such help: their own warm-up counts in their figures.
     */
    private static double warmUpElasticsearch(MonitorConfig config, int documents) throws Exception {
        long t0 = System.nanoTime();
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());
        RawElasticsearch es = RawElasticsearch.of(config.elasticsearch());
        String index = new Indices(config.elasticsearch().indexPrefix()).orders() + "-warm-up";
        BulkWriter bulk = new BulkWriter(Elasticsearch.of(config.elasticsearch()),
                BulkWriter.logTo(System.err::println));
        EventParser parser = new EventParser(lifecycle);
        Map<String, OrderState> states = new HashMap<>();
        new SteadyTraffic(lifecycle, SteadyTraffic.ordersFor(lifecycle, documents), SEED + 1,
                System.currentTimeMillis() - 60_000).generate(r -> {
                    if (r.trouble() == Trouble.MALFORMED) {
                        return;
                    }
                    OrderEvent e = parser.parse(r.value()).value();
                    OrderState state = states.computeIfAbsent(e.orderId(), OrderState::new);
                    state.apply(e, false, lifecycle);
                    bulk.add(new VersionedDocument(index, state.orderId(), state.revision(),
                            OrderDocument.toBytes(state, lifecycle)));
                    if (bulk.buffered() >= config.elasticsearch().bulkActions()) {
                        try {
                            bulk.flush();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while warming Elasticsearch up", ex);
                        }
                    }
                });
        bulk.flush();
        RawElasticsearch.Response deleted = es.delete("/" + index);
        if (!deleted.ok()) {
            throw new IllegalStateException("cannot delete the warm-up index " + index + ": " + deleted.body());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bench: warmed Elasticsearch up with %,d order documents in %.1f s%n", bulk.written(),
                seconds);
        return seconds;
    }

    // ---------------------------------------------------------------------------------------------------- run

    private static void run(BenchJobs.Kind kind, Map<String, String> options) throws Exception {
        String job = kind.name().toLowerCase().replace('_', '-');
        MonitorConfig config = config(options, "bench-" + job);
        Path out = Path.of(required(options, "out"));
        Map<String, String> input = read(out);
        long records = Long.parseLong(input.getOrDefault("input.records", "-1"));
        long valid = Long.parseLong(input.getOrDefault("input.valid", "-1"));
        long orders = Long.parseLong(input.getOrDefault("input.orders", "-1"));
        if (records <= 0 || totalRecords(config) != records) {
            throw new IllegalStateException("run 'generate' first: " + out + " and the topic disagree");
        }
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());
        if (kind == BenchJobs.Kind.FULL || kind == BenchJobs.Kind.FULL_WITHOUT_STATES) {
            deleteOrderIndices(config);
        }

        Configuration flink = MonitorJobMain.flinkConfiguration(config.engine(), false);
        flink.set(RestOptions.BIND_PORT, "0"); // never collide with another MiniCluster or Flink on this machine
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.engine().parallelism(), flink);
        BenchJobs.build(kind, env, config, lifecycle);

        System.out.printf("bench: %s job over %,d records, parallelism %d ...%n", job, records,
                config.engine().parallelism());
        long start = System.nanoTime();
        env.execute("bench " + job);
        long end = System.nanoTime();

        long first = Progress.firstRecordNanos();
        long flushed = Progress.lastFlushNanos();
        if (first == 0 || flushed == 0) {
            throw new IllegalStateException("the job ended without reading or flushing anything");
        }
        if (Progress.recordsRead() != records) {
            throw new IllegalStateException("the job read " + Progress.recordsRead() + " records of " + records);
        }
        long expectedSunk = kind == BenchJobs.Kind.PASSTHROUGH ? records : valid; // one order update per valid event
        if (Progress.elementsSunk() != expectedSunk) {
            throw new IllegalStateException("the sink got " + Progress.elementsSunk() + " elements, expected "
                    + expectedSunk);
        }
        double sustainedSeconds = (flushed - first) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(job + ".events_per_s", Math.round(records / sustainedSeconds));
        result.put(job + ".sustained_s", round(sustainedSeconds, 2));
        result.put(job + ".startup_s", round((first - start) / 1e9, 2));
        result.put(job + ".wall_s", round((end - start) / 1e9, 2));
        result.put(job + ".jvm_cpu_us_per_event", round(Progress.workCpuNanos() / 1e3 / records, 1));
        result.put(job + ".jvm_cpu_s", round(Progress.processCpuNanos() / 1e9, 1));
        if (kind == BenchJobs.Kind.FULL || kind == BenchJobs.Kind.FULL_WITHOUT_STATES) {
            verifyStored(config, orders, valid, result);
        }
        append(out, result);
        System.out.printf("bench: %s: %,d events/s sustained (%.2f s), wall %.2f s%n", job,
                records * 1_000_000_000L / (flushed - first), sustainedSeconds, (end - start) / 1e9);
    }

    /**
     * Every job that writes orders starts on an empty store, as the first one does: a second job over the same input
     * would otherwise meet every order already stored in its last revision, and Elasticsearch refuses those writes as
     * version conflicts at a fraction of a write's cost (with {@code --order-states-cost} the full job, run second,
     * cost Elasticsearch a third of what the job before it did). The index template recreates them on the first write.
     */
    private static void deleteOrderIndices(MonitorConfig config) {
        RawElasticsearch es = RawElasticsearch.of(config.elasticsearch());
        String pattern = new Indices(config.elasticsearch().indexPrefix()).orders() + "-*";
        RawElasticsearch.Response indices = es.get("/_cat/indices/" + pattern + "?format=json&h=index");
        if (!indices.ok()) {
            throw new IllegalStateException("cannot list " + pattern + ": " + indices.body());
        }
        for (var index : indices.body()) {
            String name = index.path("index").asText();
            RawElasticsearch.Response deleted = es.delete("/" + name);
            if (!deleted.ok()) {
                throw new IllegalStateException("cannot delete " + name + ": " + deleted.body());
            }
        }
    }

    /**
     * A benchmark that loses data measures nothing: Elasticsearch must hold one document per order, and each in its
     * last version (the revision counts every event applied to the order, duplicates included, so the revisions add
     * up to the valid records).
     */
    private static void verifyStored(MonitorConfig config, long orders, long valid, Map<String, Object> result) {
        RawElasticsearch es = RawElasticsearch.of(config.elasticsearch());
        String alias = new Indices(config.elasticsearch().indexPrefix()).orders();
        RawElasticsearch.Response refresh = es.get("/" + alias + "/_refresh");
        if (!refresh.ok()) {
            throw new IllegalStateException("refresh of " + alias + " failed: " + refresh.body());
        }
        long count = es.get("/" + alias + "/_count").body().path("count").asLong(-1);
        long revisions = es.post("/" + alias + "/_search",
                        "{\"size\":0,\"track_total_hits\":true,\"aggs\":{\"r\":{\"sum\":{\"field\":\"revision\"}}}}")
                .body().path("aggregations").path("r").path("value").asLong(-1);
        // index operations Elasticsearch carried out on the order indices: fewer than the events where the sink wrote
        // several events of an order as one document (BulkWriter keeps an order's newest version per flush)
        long writes = es.get("/" + alias + "/_stats/indexing").body().path("_all").path("primaries")
                .path("indexing").path("index_total").asLong(-1);
        result.put("full.stored_orders", count);
        result.put("full.stored_revisions", revisions);
        result.put("full.order_writes", writes);
        if (count != orders || revisions != valid) {
            throw new IllegalStateException("Elasticsearch holds " + count + " order documents (expected " + orders
                    + ") whose revisions add up to " + revisions + " (expected " + valid + ")");
        }
        System.out.printf("bench: Elasticsearch holds all %,d orders in their last version; %,d document writes for "
                + "%,d valid events%n", count, writes, valid);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    static MonitorConfig config(Map<String, String> options, String groupId) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.KAFKA_BOOTSTRAP, required(options, "kafka"));
        env.put(ConfigLoader.ES_URL, required(options, "es"));
        env.put(ConfigLoader.KAFKA_GROUP_ID, groupId);
        if (options.containsKey("checkpoint-dir")) {
            // file:// as in ./bpmon demo; the default (JobManager memory) refuses state of this size
            env.put(ConfigLoader.CHECKPOINT_DIR, Path.of(options.get("checkpoint-dir")).toAbsolutePath().toUri()
                    .toString());
        }
        return ConfigLoader.from(env);
    }

    private static long totalRecords(MonitorConfig config) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        try (Admin admin = Admin.create(props)) {
            var description = admin.describeTopics(List.of(Topics.ORDER_EVENTS)).allTopicNames().get()
                    .get(Topics.ORDER_EVENTS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p ->
                    latest.put(new TopicPartition(Topics.ORDER_EVENTS, p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (var e : admin.listOffsets(latest).all().get().values()) {
                total += e.offset();
            }
            return total;
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        int positional = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                options.put(Integer.toString(positional++), args[i]);
            }
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** Appends {@code key=value} lines; several JVMs write one after another, never at once. */
    static void append(Path file, Map<String, Object> values) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        Map<String, String> map = new HashMap<>();
        p.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
