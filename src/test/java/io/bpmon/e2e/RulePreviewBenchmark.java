package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.simulation.Pace;
import io.bpmon.core.simulation.ShopOrders;
import io.bpmon.core.simulation.SimulatedEvent;
import io.bpmon.core.simulation.SimulatorConfig;
import io.bpmon.core.store.ElasticsearchRulePreview;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * How fast the rule editor's questions are answered over many stored orders (docs/benchmarks.md). Runs only with
 * Not a test the suite runs (the name does not end in IT): a benchmark, started on purpose with
 * {@code BPMON_PREVIEW_BENCH=<orders> ./bpmon test -Dit.test=RulePreviewBenchmark}.
 * {@code BPMON_PREVIEW_BENCH=<orders>}: bulk-loads that many order documents (the simulator's orders placed over 30
 * days at real pace, {@link ShopOrders}, written as the job writes them) into its own indices unless they are there already, then times each
 * question and prints p50/p95.
 */
@EnabledIfEnvironmentVariable(named = "BPMON_PREVIEW_BENCH", matches = "\\d+")
class RulePreviewBenchmark {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    @Test
    void measure() throws Exception {
        int orders = Integer.parseInt(System.getenv("BPMON_PREVIEW_BENCH"));
        String prefix = "bench-preview";
        ElasticsearchConfig config = new ElasticsearchConfig(TestServers.elasticsearch(), prefix, 1000,
                Duration.ofSeconds(1), Duration.ofDays(365));
        RawElasticsearch es = RawElasticsearch.of(config, Duration.ofMinutes(2));
        Elasticsearch store = Elasticsearch.of(config, Duration.ofMinutes(2));
        SchemaSetup.ensureSchema(store, config, Duration.ofSeconds(30), s -> {});
        Indices indices = new Indices(prefix);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        long stored = count(es, indices);
        if (stored != orders) {
            load(es, indices, orders, now);
            stored = count(es, indices);
        }
        assertThat(stored).isEqualTo(orders);

        ElasticsearchRulePreview preview = new ElasticsearchRulePreview(store, indices, LIFECYCLE);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        Instant weekAgo = now.minus(Duration.ofDays(7));
        Rule payment = rule("""
                {"id":"pay","name":"p","kind":"STEP_SLA","from":"PLACED","to":"PAID","maxDuration":"PT30M",
                 "scope":{"country":["DE","AT"],"paymentMethod":["invoice"]}}""");
        Rule shipping = rule("""
                {"id":"ship","name":"s","kind":"STEP_SLA","from":"PAID","to":"SHIPPED","maxDuration":"P1D"}""");
        Rule stall = rule("""
                {"id":"stall","name":"s","kind":"STALL","maxDuration":"PT2H","statuses":["PAID"]}""");
        Rule velocity = rule("""
                {"id":"vel","name":"v","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT15M","min":1,
                 "groupBy":["paymentMethod"]}""");
        Map<String, Supplier<Object>> questions = new LinkedHashMap<>();
        questions.put("preview STEP_SLA 30m, scope 2 countries x invoice, 24 h, 20 samples",
                () -> preview.flagged(payment, dayAgo, now, 20));
        questions.put("preview STEP_SLA 1d, all orders, 24 h, 20 samples", () -> preview.flagged(shipping, dayAgo, now, 20));
        questions.put("preview STEP_SLA 1d, all orders, 7 days, 20 samples",
                () -> preview.flagged(shipping, weekAgo, now, 20));
        questions.put("preview STALL 2h in PAID, 24 h, 20 samples", () -> preview.flagged(stall, dayAgo, now, 20));
        questions.put("preview VELOCITY 15m per payment method, 24 h", () -> preview.velocity(velocity, dayAgo, now));
        questions.put("alerts of the stored rule in 24 h", () -> preview.raised("pay", payment.kind(), dayAgo, now));
        questions.put("thresholds PLACED->PAID, 7 days", () -> preview.stepDurations("PLACED", "PAID", Map.of(),
                weekAgo, now));
        questions.put("thresholds VELOCITY 15m windows, 7 days", () -> preview.windowCounts("PAYMENT_RECEIVED",
                Duration.ofMinutes(15), Map.of(), weekAgo, now));
        questions.put("attribute suggestions (top 10)", () -> preview.attributes(10));

        StringBuilder report = new StringBuilder("rule editor questions over " + stored + " stored orders:\n");
        for (Map.Entry<String, Supplier<Object>> q : questions.entrySet()) {
            for (int i = 0; i < 5; i++) {
                q.getValue().get();
            }
            List<Long> micros = new ArrayList<>();
            Object answer = null;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                answer = q.getValue().get();
                micros.add((System.nanoTime() - t0) / 1000);
            }
            micros.sort(null);
            report.append(String.format("  %-72s p50 %6.1f ms  p95 %6.1f ms   %s%n", q.getKey(),
                    micros.get(14) / 1000.0, micros.get(28) / 1000.0, summary(answer)));
        }
        System.out.println(report);
    }

    private static String summary(Object answer) {
        if (answer instanceof ElasticsearchRulePreview.Flagged f) {
            return "N=" + f.count();
        }
        if (answer instanceof ElasticsearchRulePreview.VelocityResult v) {
            return v.episodes().size() + " episodes, " + v.segments().size() + " segments";
        }
        if (answer instanceof ElasticsearchRulePreview.Observed o) {
            return o.orders() + " observations " + o.percentiles();
        }
        return "";
    }

    private static Rule rule(String json) throws Exception {
        return new RuleValidator(LIFECYCLE).validate(Json.mapper().readTree(json)).value();
    }

    private static long count(RawElasticsearch es, Indices indices) {
        RawElasticsearch.Response r = es.get("/" + indices.orders() + "/_count");
        return r.status() == 404 ? 0 : r.body().path("count").asLong();
    }

    /** Generates and bulk-loads the orders, two bulk requests in flight. */
    private static void load(RawElasticsearch es, Indices indices, int orders, Instant now) throws Exception {
        es.delete("/" + indices.orders() + "-*");
        long started = System.nanoTime();
        Random random = new Random(7);
        ShopOrders shop = new ShopOrders(LIFECYCLE, SimulatorConfig.defaults().withTimeScale(Pace.REAL.timeScale()), 7,
                "b-");
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> inFlight = new ArrayList<>();
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        int inBulk = 0;
        for (int i = 0; i < orders; i++) {
            OrderState o = order(shop, i, now.minus(Duration.ofSeconds(random.nextInt(30 * 24 * 3600))), now);
            bulk.write(("{\"index\":{\"_index\":\"" + indices.ordersFor(o.partitionTime()) + "\",\"_id\":\""
                    + o.orderId() + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            bulk.write(OrderDocument.toBytes(o, LIFECYCLE));
            bulk.write('\n');
            if (++inBulk == 5000 || i == orders - 1) {
                byte[] body = bulk.toByteArray();
                bulk.reset();
                inBulk = 0;
                if (inFlight.size() >= 2) {
                    inFlight.remove(0).get();
                }
                inFlight.add(senders.submit(() -> {
                    RawElasticsearch.Response r = es.bulk(body);
                    if (r.body().path("errors").asBoolean()) {
                        throw new IllegalStateException("bulk errors: " + r.body().toString().substring(0, 500));
                    }
                    return null;
                }));
            }
            if (i == 20_000) {
                es.put("/" + indices.orders() + "-*/_settings", "{\"index\": {\"refresh_interval\": \"-1\"}}");
            }
        }
        for (Future<?> f : inFlight) {
            f.get();
        }
        senders.shutdown();
        es.put("/" + indices.orders() + "-*/_settings", "{\"index\": {\"refresh_interval\": \"1s\"}}");
        es.get("/" + indices.orders() + "/_refresh");
        System.out.printf("loaded %d orders in %d s%n", orders, (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** Order {@code n} of the simulator's shop placed at {@code placedAt}, as the job has stored it by {@code now}. */
    private static OrderState order(ShopOrders shop, int n, Instant placedAt, Instant now) {
        OrderState state = new OrderState(shop.orderId(n));
        for (SimulatedEvent e : shop.history(n, placedAt, now)) {
            state.apply(e.orderEvent().withReceivedAt(e.occurredAt()), false, LIFECYCLE);
        }
        return state;
    }
}
