package io.bpmon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.KafkaRulePublisher;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.simulation.ShopOrders;
import io.bpmon.core.simulation.SimulatorConfig;
import io.bpmon.job.MonitorJobMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event-to-alert latency of the live job: the monitor job (the full graph, with the rules already on the rules topic)
 * runs on unbounded sources while the placements of new orders (the simulator's, {@link ShopOrders}) are produced at a
 * steady rate ({@code --rate}, by {@code ./bpmon bench} half of the full job's sustained rate) for {@code --seconds}.
 * One order in 100 is a probe, in the scope of a STEP_SLA rule "paid within 1 s" that it never meets; each probe's
 * alert in {@code bpmon.alerts} is matched to the probe's append time in Kafka (the events topic stamps
 * LogAppendTime).
 *
 * <p>The contract's clock: a breach is due once the clock passes deadline + allowed lateness, so the figure that
 * matters is the latency <em>beyond</em> that moment: alert time − (append time + 1 s + allowed lateness). The aim
 * is p99 ≤ 1 s.
 *
 * <pre>LatencyBench --kafka HOST:PORT --es URL --rate EVENTS_PER_S [--seconds 60] --checkpoint-dir DIR --out FILE</pre>
 */
public final class LatencyBench {

    static final String PROBE_RULE = "bench-latency-probe";
    static final String PROBE_ATTRIBUTE = "probe";
    private static final long SEED = 20261129L;
    static final int PROBE_EVERY = 100;
    static final Duration WARM_UP = Duration.ofSeconds(15);

    private LatencyBench() {}

    public static void main(String[] args) {
        try {
            measure(PipelineBench.options(args));
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void measure(Map<String, String> options) throws Exception {
        MonitorConfig config = PipelineBench.config(options, "bench-latency");
        double rate = Double.parseDouble(PipelineBench.required(options, "rate"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        long lateness = config.engine().allowedLateness().toMillis();
        Lifecycle lifecycle = Lifecycle.load(config.engine().lifecycle());

        publishProbeRule(config, lifecycle);
        Map<String, Long> appended = new ConcurrentHashMap<>();
        Map<String, Long> alerted = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                consumeAlerts(config, alerted, consuming);
            } catch (Throwable t) {
                consumerFailure.set(t);
            }
        }, "alert-consumer");
        consumer.start();

        Configuration flink = MonitorJobMain.flinkConfiguration(config.engine(), false);
        flink.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.engine().parallelism(), flink);
        BenchJobs.build(BenchJobs.Kind.LIVE, env, config, lifecycle);
        JobClient job = env.executeAsync("bench latency");
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException("the live job did not start within 60 s");
            }
            Thread.sleep(200);
        }
        System.out.printf("bench: live job running; %,.0f events/s for %d s warm-up + %d s measured, one in %d a probe"
                + " (allowed lateness %d ms) ...%n", rate, WARM_UP.toSeconds(), seconds, PROBE_EVERY, lateness);

        long measuredProbes = produce(config, lifecycle, rate, seconds, appended);
        // the last probes are due 1 s + lateness after they were sent; give them a generous margin to show
        Thread.sleep(1_000 + lateness + 10_000);
        consuming.set(false);
        consumer.join(10_000);
        job.cancel().get(30, TimeUnit.SECONDS);
        if (consumerFailure.get() != null) {
            throw new IllegalStateException("reading bpmon.alerts failed", consumerFailure.get());
        }

        List<Long> beyond = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        for (Map.Entry<String, Long> e : appended.entrySet()) {
            Long at = alerted.get(e.getKey());
            if (at != null) {
                total.add(at - e.getValue());
                beyond.add(at - e.getValue() - 1_000 - lateness);
            }
        }
        Collections.sort(beyond);
        Collections.sort(total);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("latency.rate", Math.round(rate));
        result.put("latency.seconds", seconds);
        result.put("latency.allowed_lateness_ms", lateness);
        result.put("latency.probes", measuredProbes);
        result.put("latency.alerts", beyond.size());
        if (!beyond.isEmpty()) {
            result.put("latency.p50_ms", percentile(total, 50));
            result.put("latency.p99_ms", percentile(total, 99));
            result.put("latency.beyond_p50_ms", percentile(beyond, 50));
            result.put("latency.beyond_p99_ms", percentile(beyond, 99));
            result.put("latency.beyond_max_ms", beyond.get(beyond.size() - 1));
        }
        PipelineBench.append(Path.of(PipelineBench.required(options, "out")), result);
        System.out.printf("bench: latency: %d of %d probes alerted; append -> alert p50 %s ms, p99 %s ms;"
                + " beyond deadline + lateness p50 %s ms, p99 %s ms%n", beyond.size(), measuredProbes,
                result.get("latency.p50_ms"), result.get("latency.p99_ms"), result.get("latency.beyond_p50_ms"),
                result.get("latency.beyond_p99_ms"));
        if (beyond.size() < measuredProbes) {
            throw new IllegalStateException((measuredProbes - beyond.size()) + " probes raised no alert");
        }
    }

    private static void publishProbeRule(MonitorConfig config, Lifecycle lifecycle) throws Exception {
        String json = """
                {"id":"%s","name":"Latency probe: paid within 1 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT1S","scope":{"%s":["yes"]}}""".formatted(PROBE_RULE, PROBE_ATTRIBUTE);
        try (KafkaRulePublisher publisher = new KafkaRulePublisher(config.kafka().bootstrap(), Duration.ofSeconds(30))) {
            publisher.publish(new RuleValidator(lifecycle).validate(Json.mapper().readTree(json)).value()
                    .withVersion(1, Instant.now(), "bench"));
        }
    }

    /**
     * Produces the placements of the simulator's orders at {@code rate} events/s, each marked a probe or not; returns
     * the probes sent after the warm-up.
     */
    private static long produce(MonitorConfig config, Lifecycle lifecycle, double rate, int seconds,
            Map<String, Long> appended) throws Exception {
        ShopOrders shop = new ShopOrders(lifecycle, SimulatorConfig.defaults(), SEED, "lat-");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long probes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long measureFrom = start + WARM_UP.toNanos();
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long sent = 0;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    String orderId = shop.orderId(sent);
                    boolean probe = sent % PROBE_EVERY == 0;
                    boolean measured = probe && System.nanoTime() >= measureFrom;
                    byte[] event = shop.mainPathEvent(sent, 0, Instant.now())
                            .withAttribute(PROBE_ATTRIBUTE, probe ? "yes" : "no").json();
                    producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, orderId.getBytes(StandardCharsets.UTF_8),
                            event), (meta, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else if (measured) {
                                    appended.put(orderId, meta.timestamp()); // LogAppendTime
                                }
                            });
                    if (measured) {
                        probes++;
                    }
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("producing failed", failure.get());
                }
                Thread.sleep(2);
            }
            producer.flush();
        }
        return probes;
    }

    /** The first OPEN alert of each probe order, by the alert record's timestamp. */
    private static void consumeAlerts(MonitorConfig config, Map<String, Long> alerted, AtomicBoolean running)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before any probe is sent
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode alert = Json.mapper().readTree(r.value());
                    if (PROBE_RULE.equals(alert.path("ruleId").asText())
                            && "OPEN".equals(alert.path("status").asText())) {
                        alerted.putIfAbsent(alert.path("orderId").asText(), r.timestamp());
                    }
                }
            }
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
