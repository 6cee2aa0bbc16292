package io.bpmon.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.kafka.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fault-injection run of {@code ./bpmon chaos} (scripts/chaos.sh starts the demo and this): drives seeded order
 * traffic at a fixed rate into a running {@code ./bpmon demo}, injects one fault after another, measures how long
 * the monitor takes to come back from each, and at the end checks everything it sent against the stores
 * (docs/chaos.md).
 *
 * <pre>ChaosMain --url URL --es URL --kafka HOST:PORT --data-dir DEMO_DATA_DIR --repo DIR --hook-port N --out DIR
 *           [--minutes M] [--rate EVENTS_PER_S] [--seed N] [--faults job,es,kafka,web,notifier] [--quick]</pre>
 *
 * The API token comes from {@code BPMON_API_TOKEN}. Exit status 0: nothing lost, duplicated or unexpected and every
 * fault recovered; 1: a finding; 2: the run itself failed.
 */
public final class ChaosMain {

    static final Duration ALLOWED_LATENESS = Duration.ofSeconds(10); // the demo's default, BPMON_ALLOWED_LATENESS
    static final Duration RECOVERY_AIM = Duration.ofSeconds(30);
    static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(4);
    static final Duration SETTLE = Duration.ofSeconds(10);
    static final Duration BURST_SPACING = Duration.ofMinutes(3);

    /** One fault of the sequence. */
    interface Injection {
        /** Injects; returns when the fault is fully in place (a held outage has ended). Notes go to the report. */
        void inject(List<String> notes) throws Exception;
    }

    record Fault(String label, String component, Injection injection) {}

    record FaultResult(String label, Instant injected, Instant released, Instant recovered, List<String> notes) {
        Duration recovery() {
            return recovered == null ? null : Duration.between(released, recovered);
        }
    }

    private final Settings settings;
    private final MonitorApi api;
    private final DemoStack demo;
    private final StoreReader store;
    private final Webhook hook;
    private final SentLog sent = new SentLog();
    private final PrintStream out;
    private final AtomicReference<String> phase = new AtomicReference<>("warm-up");
    private final AtomicBoolean burstWanted = new AtomicBoolean();
    private final AtomicReference<Instant> lastBurst = new AtomicReference<>(Instant.EPOCH);
    private final AtomicLong invalidFailures = new AtomicLong();
    private final List<String> phases = new ArrayList<>();

    /** The faults, by the names {@code --faults} takes, in the order they run. */
    static final List<String> FAULTS = List.of("job", "es", "kafka", "web", "notifier");

    record Settings(URI url, URI es, String kafka, Path dataDir, Path repo, int hookPort, Path outDir, double minutes,
            double rate, long seed, boolean quick, String token, List<String> faults) {

        Duration traffic() {
            return Duration.ofMillis((long) (minutes * 60_000));
        }

        Duration warmUp() {
            return Duration.ofSeconds(quick ? 20 : 30);
        }

        Duration tail() {
            return Duration.ofSeconds(quick ? 10 : 20);
        }

        Duration esDown() {
            return Duration.ofSeconds(quick ? 20 : 60);
        }

        Duration webhookTrouble() {
            return Duration.ofSeconds(quick ? 10 : 20);
        }
    }

    ChaosMain(Settings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.api = new MonitorApi(settings.url(), settings.token());
        this.demo = new DemoStack(settings.repo(), settings.dataDir(), settings.outDir().resolve("faults.log"));
        this.store = new StoreReader(settings.es(), "bpmon", settings.kafka());
        this.hook = new Webhook(settings.hookPort());
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            Files.createDirectories(settings.outDir());
            ChaosMain run = new ChaosMain(settings, System.out);
            try {
                status = run.run();
            } finally {
                run.hook.close();
            }
        } catch (Exception e) {
            System.err.println("chaos: the run failed: " + e);
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    static Settings parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                a.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        for (String required : List.of("url", "es", "kafka", "data-dir", "repo", "hook-port", "out")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        String token = System.getenv("BPMON_API_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BPMON_API_TOKEN must be set");
        }
        List<String> faults = List.of(a.getOrDefault("faults", quick ? "job,notifier" : String.join(",", FAULTS))
                .split(","));
        if (faults.isEmpty() || !FAULTS.containsAll(faults)) {
            throw new IllegalArgumentException("--faults must name some of " + FAULTS + ", was " + faults);
        }
        double minutes = Double.parseDouble(a.getOrDefault("minutes", quick ? "2.5" : "5"));
        double rate = Double.parseDouble(a.getOrDefault("rate", quick ? "30" : "50"));
        if (minutes < 1 || minutes > 120) {
            throw new IllegalArgumentException("--minutes must be from 1 to 120, was " + minutes);
        }
        if (rate < 5 || rate > 2000) {
            throw new IllegalArgumentException("--rate must be from 5 to 2000 events/s, was " + rate);
        }
        return new Settings(URI.create(a.get("url")), URI.create(a.get("es")), a.get("kafka"),
                Path.of(a.get("data-dir")), Path.of(a.get("repo")), Integer.parseInt(a.get("hook-port")),
                Path.of(a.get("out")), minutes, rate, Long.parseLong(a.getOrDefault("seed", "1")), quick, token,
                faults);
    }

    // ------------------------------------------------------------------------------------------ the run

    int run() throws Exception {
        Instant begin = Instant.now();
        say("waiting for the demo at " + settings.url() + " ...");
        awaitOrFail(Duration.ofMinutes(5), "the demo to be UP", () -> api.health() == 200);
        for (ObjectNode rule : ChaosRules.json()) {
            api.createRule(rule);
        }
        awaitOrFail(Duration.ofSeconds(90), "the job to apply the rules", () -> List.of(ChaosRules.PAID,
                ChaosRules.STALL, ChaosRules.BURST).stream().allMatch(r -> store.appliedVersion(r).isPresent()));
        say("rules installed and applied by the job; traffic: " + settings.rate() + " events/s, seed "
                + settings.seed());

        Instant start = Instant.now();
        Traffic traffic = new Traffic(settings.seed(), settings.rate(), start);
        EventSender sender = new EventSender(api, sent);
        KafkaProducer<byte[], byte[]> invalidProducer = invalidProducer();
        ExecutorService invalidSends = Executors.newSingleThreadExecutor();
        AtomicBoolean generating = new AtomicBoolean(true);
        Thread generator = new Thread(() -> generate(traffic, sender, invalidProducer, invalidSends, generating),
                "chaos-generator");
        generator.setDaemon(true);
        generator.start();
        burstWanted.set(true);
        phases.add("warm-up");

        List<Fault> faults = faults(traffic);
        List<FaultResult> results = new ArrayList<>();
        Duration usable = settings.traffic().minus(settings.warmUp()).minus(settings.tail());
        Duration slot = usable.dividedBy(faults.size());
        Instant ready = start.plus(settings.warmUp());
        for (int i = 0; i < faults.size(); i++) {
            Instant due = start.plus(settings.warmUp()).plus(slot.multipliedBy(i));
            sleepUntil(due.isAfter(ready) ? due : ready, sender);
            Fault f = faults.get(i);
            FaultResult r = inject(f, traffic);
            results.add(r);
            say(String.format("%s: %s", f.label(), r.recovered() == null ? "NOT RECOVERED within "
                    + RECOVERY_TIMEOUT.toSeconds() + " s" : "recovered in " + seconds(r.recovery())));
            ready = (r.recovered() != null ? r.recovered() : Instant.now()).plus(SETTLE);
            Instant nextDue = i + 1 < faults.size() ? start.plus(settings.warmUp()).plus(slot.multipliedBy(i + 1))
                    : null;
            if (nextDue != null && Duration.between(lastBurst.get(), Instant.now()).compareTo(BURST_SPACING) >= 0
                    && Duration.between(Instant.now(), nextDue).toSeconds() >= 40) {
                burstWanted.set(true);
            }
        }
        phase.set("tail");
        phases.add("tail");
        synchronized (traffic) {
            traffic.allow(true, false); // a stall order of now would alert long after the run
        }
        sleepUntil(Instant.now().plus(settings.tail()), sender);
        synchronized (traffic) {
            traffic.allow(false, false);
            traffic.stopNewOrders();
        }
        say("traffic stops; waiting for the orders under way to finish and every send to be accepted ...");
        awaitOrFail(Duration.ofMinutes(5), "the sends to finish", () -> {
            sender.check();
            synchronized (traffic) {
                return traffic.finished();
            }
        });
        generating.set(false);
        generator.join();
        sender.close();
        invalidSends.shutdown();
        invalidSends.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
        invalidProducer.flush();
        invalidProducer.close(Duration.ofSeconds(30));
        Instant trafficEnd = Instant.now();
        say(String.format("sent %d orders; longest wait of an event for its acceptance %s; %d of %d posts retried",
                traffic.ordersCreated(), sent.maxDelay(), sender.failedAttempts(), sender.attempts()));

        Check check = new Check(settings, sent, store, hook, out);
        int status = check.run(results, phases, trafficEnd, Duration.between(begin, Instant.now()));
        if (invalidFailures.get() > 0) {
            say(invalidFailures.get() + " invalid records were never acknowledged by Kafka (not counted as sent)");
        }
        for (FaultResult r : results) {
            if (r.recovered() == null) {
                status = Math.max(status, 1);
            }
        }
        return status;
    }

    private List<Fault> faults(Traffic traffic) {
        List<Fault> faults = new ArrayList<>();
        if (settings.faults().contains("job")) {
            faults.add(new Fault("job kill -9", "job", notes -> notes.add("killed pid " + demo.kill9("job"))));
        }
        if (settings.faults().contains("es")) {
            faults.add(new Fault("Elasticsearch down " + settings.esDown().toSeconds() + " s", "elasticsearch",
                    notes -> {
                        // held, the supervisor cannot start it again before the outage is over
                        demo.holdSupervisor();
                        try {
                            demo.stopServer("es.sh");
                            Thread.sleep(settings.esDown().toMillis());
                        } finally {
                            demo.releaseSupervisor();
                        }
                        notes.add("supervisor held while Elasticsearch was down, then released");
                    }));
        }
        if (settings.faults().contains("kafka")) {
            faults.add(new Fault("Kafka restart", "kafka", notes -> demo.stopServer("kafka.sh")));
        }
        if (settings.faults().contains("web")) {
            faults.add(new Fault("web server kill -9", "web", notes -> notes.add("killed pid " + demo.kill9("web"))));
        }
        if (settings.faults().contains("notifier")) {
            faults.add(new Fault("notifier restart, webhook 429 then 500", "web", notes -> {
                // the stall orders of now would alert after the run: new ones stop here (their alerts still come)
                synchronized (traffic) {
                    traffic.allow(true, false);
                }
                Instant since = Instant.now();
                hook.mode(Webhook.Mode.RATE_LIMITED);
                await(settings.webhookTrouble().multipliedBy(2), () -> hook.refusedSince(since) > 0);
                notes.add("webhook answered 429 (" + hook.refusedSince(since) + " times before the kill)");
                notes.add("killed web pid " + demo.kill9("web"));
            }));
        }
        return faults;
    }

    private FaultResult inject(Fault f, Traffic traffic) throws Exception {
        phase.set(f.label());
        phases.add(f.label());
        say("injecting: " + f.label());
        List<String> notes = new ArrayList<>();
        Long before = demo.pid(f.component()).orElse(null);
        Instant injected = Instant.now();
        f.injection().inject(notes);
        Instant released = Instant.now();
        Traffic.Outgoing probe;
        synchronized (traffic) {
            probe = traffic.probe(Instant.now());
        }
        EventSender.sendNow(api, sent, probe, f.label());
        Instant recovered = null;
        Instant deadline = released.plus(RECOVERY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (api.order(probe.event().orderId()).isPresent() && api.health() == 200) {
                recovered = Instant.now();
                break;
            }
            Thread.sleep(250);
        }
        Long after = demo.pid(f.component()).orElse(null);
        notes.add(f.component() + " pid " + before + " -> " + after
                + (before != null && after != null && !before.equals(after) ? " (restarted by the supervisor)" : ""));
        if (f.label().startsWith("notifier")) {
            Instant since = Instant.now();
            hook.mode(Webhook.Mode.FAILING);
            Thread.sleep(settings.webhookTrouble().toMillis());
            hook.mode(Webhook.Mode.OK);
            notes.add("then the webhook answered 500 for " + settings.webhookTrouble().toSeconds() + " s ("
                    + hook.refusedSince(since) + " times)");
        }
        if (!released.equals(injected) && Duration.between(injected, released).toSeconds() > 5) {
            notes.add("down for " + seconds(Duration.between(injected, released)) + " before the recovery clock started");
        }
        return new FaultResult(f.label(), injected, released, recovered, notes);
    }

    /** The generator thread: due sends to the sender, invalid records to Kafka, bursts when asked. */
    private void generate(Traffic traffic, EventSender sender, KafkaProducer<byte[], byte[]> producer,
            ExecutorService invalidSends, AtomicBoolean generating) {
        try {
            while (generating.get()) {
                Instant now = Instant.now();
                String current = phase.get();
                List<Traffic.Outgoing> due;
                List<byte[]> invalid;
                synchronized (traffic) {
                    due = new ArrayList<>(traffic.due(now));
                    invalid = traffic.takeInvalid();
                    long intoBucket = now.toEpochMilli() % ChaosRules.BURST_BUCKET.toMillis();
                    if (burstWanted.get() && intoBucket >= 2000 && intoBucket <= 7000 && !traffic.finished()) {
                        burstWanted.set(false);
                        lastBurst.set(now);
                        due.addAll(traffic.burst(now));
                        say("velocity burst: " + Traffic.BURST_ORDERS + " partner orders placed in the 10-s bucket of "
                                + now);
                    }
                }
                sender.send(due, current);
                for (byte[] value : invalid) {
                    invalidSends.submit(() -> {
                        try {
                            producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS,
                                    "bad".getBytes(StandardCharsets.UTF_8), value)).get();
                            sent.invalidAcknowledged(value, current);
                        } catch (Exception e) {
                            invalidFailures.incrementAndGet();
                        }
                    });
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The invalid records go to the events topic directly (only that path has a dead-letter topic). One producer,
     * idempotent, that keeps retrying through a broker restart (10 min), so that no record is ever sent twice by
     * us: a copy in the DLQ is the monitor's.
     */
    private KafkaProducer<byte[], byte[]> invalidProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    // ------------------------------------------------------------------------------------------ helpers

    interface Condition {
        boolean holds() throws Exception;
    }

    static boolean await(Duration timeout, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(500);
        }
        return condition.holds();
    }

    private static void awaitOrFail(Duration timeout, String what, Condition condition) throws Exception {
        if (!await(timeout, condition)) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
        }
    }

    private static void sleepUntil(Instant t, EventSender sender) throws InterruptedException {
        while (Instant.now().isBefore(t)) {
            sender.check();
            Thread.sleep(Math.min(500, Math.max(1, Duration.between(Instant.now(), t).toMillis())));
        }
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private void say(String line) {
        out.printf("chaos: %s%n", line);
        out.flush();
    }
}
