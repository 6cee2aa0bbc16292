package io.bpmon.web.ui;

import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchDashboardReader;
import io.bpmon.core.store.ElasticsearchIncidentStore;
import io.bpmon.core.store.ElasticsearchJobReports;
import io.bpmon.core.simulation.Pace;
import io.bpmon.core.simulation.Segments;
import io.bpmon.core.simulation.ShopOrders;
import io.bpmon.core.simulation.SimulatedEvent;
import io.bpmon.core.simulation.SimulatorConfig;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The dashboard's server time with many orders in Elasticsearch ({@code ./bpmon bench --dashboard}): bulk-loads the
 * simulator's orders of the last week, and alerts for some of them, straight into the order and alert indices (not
 * through the job: fast), then times the
 * dashboard's first render (whole page) and the live update (the fragment pushed to every viewer) — Elasticsearch
 * aggregations plus Thymeleaf — as median and p95 over repeated renders; then the incidents list and an incident's
 * page (5 % of the orders with an alert, in 500 incidents).
 *
 * <p>Arguments: {@code <elasticsearch url> <orders> [renders]}.
 */
public final class DashboardBench {

    static final String PREFIX = "bench-ui";
    static final Duration SPAN = Duration.ofDays(7);
    /** Of the orders, how many breached a rule: 50,000 alerts at 1M orders. */
    static final int ALERT_PERCENT = 5;
    /** The incidents those alerts belong to. */
    static final int INCIDENTS = 500;
    static final String INCIDENT_PREFIX = "bench-incident-";
    static final List<String> RULE_IDS = List.of("pay-30m", "ship-24h", "deliver-de", "ship-dhl", "pay-card");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int orders = Integer.parseInt(args[1]);
        int renders = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        MonitorConfig config = ConfigLoader.from(Map.of(ConfigLoader.ES_URL, url, ConfigLoader.ES_INDEX_PREFIX,
                PREFIX, ConfigLoader.KAFKA_BOOTSTRAP, "127.0.0.1:1"));
        RawElasticsearch es = RawElasticsearch.of(config.elasticsearch(), Duration.ofSeconds(120));
        Indices indices = new Indices(PREFIX);
        boolean reuse = args.length > 3 && args[3].equals("reuse")
                && es.get("/" + indices.orders() + "/_count").body().path("count").asLong() == orders;
        RawElasticsearch.Response existing = es.get("/" + PREFIX + "-*");
        if (existing.ok() && !reuse) {
            existing.body().fieldNames().forEachRemaining(index -> es.delete("/" + index));
        }
        Elasticsearch store = Elasticsearch.of(config.elasticsearch(), Duration.ofSeconds(120));
        SchemaSetup.ensureSchema(store, config.elasticsearch(), Duration.ofSeconds(60), System.out::println);
        Instant now = Instant.now();
        long loadStarted = System.nanoTime();
        int alerts = reuse ? 0 : load(es, indices, orders, now);
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        System.out.printf(reuse ? "dashboard-bench: reusing the loaded data set%n" : "dashboard-bench: loaded %d orders and %d alerts in %.0f s (%.0f docs/s)%n", orders, alerts,
                loadSeconds, (orders + alerts) / loadSeconds);

        Lifecycle lifecycle = Lifecycle.defaultLifecycle();
        List<Rule> rules = List.of(
                rule("pay-30m", "Payment within 30 min", "PLACED", "PAID", Duration.ofMinutes(30), Map.of()),
                rule("ship-24h", "Shipped within 24 h", "PAID", "SHIPPED", Duration.ofHours(24), Map.of()),
                rule("deliver-de", "Delivered in DE within 48 h", "SHIPPED", "DELIVERED", Duration.ofHours(48),
                        Map.of("country", List.of("DE"))),
                rule("ship-dhl", "DHL ships within 12 h", "PAID", "SHIPPED", Duration.ofHours(12),
                        Map.of("carrier", List.of("dhl"))),
                rule("pay-card", "Card payment within 5 min", "PLACED", "PAID", Duration.ofMinutes(5),
                        Map.of("paymentMethod", List.of("card"))));
        PipelineHealth.Part up = new PipelineHealth.Part(true, "up");
        PipelineSampler sampler = new PipelineSampler(new ElasticsearchJobReports(store, indices), () -> up,
                () -> up, () -> up, Clock.systemUTC());
        sampler.sample();
        DashboardQueries queries = new DashboardQueries(new ElasticsearchDashboardReader(store, indices, lifecycle),
                lifecycle, () -> rules, sampler, Clock.systemUTC());
        DashboardPage page = new DashboardPage(new Templates(), queries, false);

        long first = time(page::firstRenderHtml);
        long[] pages = new long[renders];
        long[] updates = new long[renders];
        for (int i = 0; i < renders; i++) {
            pages[i] = time(page::firstRenderHtml);
            updates[i] = time(page::bodyHtml);
        }
        long[] loads = new long[renders];
        for (int i = 0; i < renders; i++) {
            long t = System.nanoTime();
            queries.load();
            loads[i] = System.nanoTime() - t;
        }
        System.out.printf("dashboard-bench: of which Elasticsearch queries: median %d ms, p95 %d ms%n",
                pct(loads, 50), pct(loads, 95));
        System.out.printf("dashboard-bench: %d orders: first render (cold) %d ms; page median %d ms, p95 %d ms; "
                        + "live update median %d ms, p95 %d ms (%d renders each)%n", orders, first / 1_000_000,
                pct(pages, 50), pct(pages, 95), pct(updates, 50), pct(updates, 95), renders);
        System.out.println("RESULT dashboard.orders=" + orders);
        System.out.println("RESULT dashboard.firstRenderColdMillis=" + first / 1_000_000);
        System.out.println("RESULT dashboard.pageMedianMillis=" + pct(pages, 50));
        System.out.println("RESULT dashboard.pageP95Millis=" + pct(pages, 95));
        System.out.println("RESULT dashboard.updateMedianMillis=" + pct(updates, 50));
        System.out.println("RESULT dashboard.updateP95Millis=" + pct(updates, 95));
        timeIncidentPages(store, indices, renders);
        editorChart(store, indices, lifecycle, orders, renders);
        System.exit(0); // the rule service's and clients' threads would keep the JVM (and the script) waiting
    }

    /**
     * The rule editor's chart answer (docs/rule-preview.md): a STEP_SLA candidate over the last 7 days — the
     * histogram's two searches, the flagged and judged counts, the SVG and the fragment — with the threshold moved
     * on each render, as when a person types.
     */
    private static void editorChart(Elasticsearch store, Indices indices, Lifecycle lifecycle, int orders,
            int renders) {
        io.bpmon.core.rules.RuleValidator validator = new io.bpmon.core.rules.RuleValidator(lifecycle);
        io.bpmon.core.rules.service.RuleService ruleService = new io.bpmon.core.rules.service.RuleService(validator,
                new io.bpmon.web.MemoryRuleStore(), io.bpmon.web.MemoryRuleStore.noJob(), Clock.systemUTC(),
                w -> {});
        io.bpmon.core.rules.service.RuleEditor editor = new io.bpmon.core.rules.service.RuleEditor(ruleService,
                new io.bpmon.core.store.ElasticsearchRulePreview(store, indices, lifecycle),
                new io.bpmon.core.store.ElasticsearchRuleStatusReader(store, indices), lifecycle, Clock.systemUTC());
        RuleEditPage page = new RuleEditPage(new Templates(), new RulesBackend(ruleService, editor), lifecycle, false);
        java.util.function.IntFunction<RuleForm> form = i -> new RuleForm("", "bench", "STEP_SLA", "WARNING", true,
                "PLACED", "PAID", (20 + i % 40) + "m", List.of(), "", "", "", "", "", "");
        RuleEditPage.Range lastWeek = RuleEditPage.Range.NONE;
        long first = timeChart(page, form.apply(0), lastWeek);
        long[] charts = new long[renders];
        for (int i = 0; i < renders; i++) {
            charts[i] = timeChart(page, form.apply(i + 1), lastWeek);
        }
        System.out.printf("dashboard-bench: %d orders: rule editor chart (STEP_SLA, 7 days) first %d ms; "
                + "median %d ms, p95 %d ms (%d answers)%n", orders, first / 1_000_000, pct(charts, 50),
                pct(charts, 95), renders);
        System.out.println("RESULT editorChart.medianMillis=" + pct(charts, 50));
        System.out.println("RESULT editorChart.p95Millis=" + pct(charts, 95));
    }

    private static long timeChart(RuleEditPage page, RuleForm form, RuleEditPage.Range range) {
        long t = System.nanoTime();
        RuleEditPage.Answer a = page.chartHtml(form, range);
        if (a.status() != 200 || !a.html().contains("chart-svg")) {
            throw new IllegalStateException("chart not drawn: " + a.html());
        }
        return System.nanoTime() - t;
    }

    private static long time(java.util.function.Supplier<String> render) {
        long t = System.nanoTime();
        String html = render.get();
        if (html.length() < 100) {
            throw new IllegalStateException("empty render");
        }
        return System.nanoTime() - t;
    }

    private static long pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1_000_000;
    }

    private static Rule rule(String id, String name, String from, String to, Duration max,
            Map<String, List<String>> scope) {
        return new Rule(id, name, RuleKind.STEP_SLA, from, to, max, List.of(), null, null, null, null, List.of(),
                scope, Severity.CRITICAL, true, 1, Instant.now(), "bench");
    }

    /**
     * The simulator's orders ({@link ShopOrders}) placed evenly over the last week at real pace, as the job stores
     * them by now: the older, the further along; a few cancelled, stuck and returned.
     */
    private static int load(RawElasticsearch es, Indices indices, int orders, Instant now) throws IOException {
        for (Instant m = now.minus(SPAN).minus(Duration.ofDays(1)); !m.isAfter(now.plus(Duration.ofDays(31)));
                m = m.plus(Duration.ofDays(20))) {
            es.put("/" + indices.ordersFor(m), Map.of());
        }
        es.put("/" + indices.orders() + "-*/_settings", Map.of("index", Map.of("refresh_interval", "-1")));
        SplittableRandom random = new SplittableRandom(42);
        Lifecycle lifecycle = Lifecycle.defaultLifecycle();
        ShopOrders shop = new ShopOrders(lifecycle, SimulatorConfig.defaults().withTimeScale(Pace.REAL.timeScale()), 42,
                "bo-");
        int batch = 5000;
        int alerts = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        ByteArrayOutputStream alertOut = new ByteArrayOutputStream(1 << 20);
        for (int i = 0; i < orders; i++) {
            Instant placed = now.minusMillis((long) (random.nextDouble() * SPAN.toMillis()));
            long ageMinutes = Duration.between(placed, now).toMinutes();
            String orderId = shop.orderId(i);
            OrderState order = new OrderState(orderId);
            for (SimulatedEvent e : shop.history(i, placed, now)) {
                order.apply(e.orderEvent().withReceivedAt(e.occurredAt()), false, lifecycle);
            }
            Segments segments = shop.segments(i);
            String country = segments.country();
            String carrier = segments.carrier();
            String payment = segments.paymentMethod();
            String warehouse = segments.warehouse();
            out.write(("{\"index\":{\"_index\":\"" + indices.ordersFor(order.partitionTime()) + "\",\"_id\":\""
                    + orderId + "\"}}\n").getBytes());
            out.write(OrderDocument.toBytes(order, lifecycle));
            out.write('\n');
            if (random.nextInt(100) < ALERT_PERCENT) { // orders that breached a rule, in one of the incidents
                alerts++;
                int incident = random.nextInt(INCIDENTS);
                String ruleId = RULE_IDS.get(incident % RULE_IDS.size());
                String alertStatus = ageMinutes < 24 * 60 ? (random.nextBoolean() ? "OPEN" : "ACKNOWLEDGED")
                        : "RESOLVED";
                alertOut.write(("{\"index\":{\"_index\":\"" + indices.alerts() + "\",\"_id\":\"" + ruleId + ":"
                        + orderId + "\"}}\n").getBytes());
                alertOut.write(Json.mapper().writeValueAsBytes(Map.ofEntries(
                        Map.entry("id", ruleId + ":" + orderId), Map.entry("ruleId", ruleId),
                        Map.entry("ruleVersion", 1), Map.entry("ruleName", ruleId), Map.entry("kind", "SLA_BREACH"),
                        Map.entry("severity", List.of("CRITICAL", "WARNING", "INFO").get(random.nextInt(3))),
                        Map.entry("orderId", orderId),
                        Map.entry("attributes", Map.of("country", country, "carrier", carrier,
                                "paymentMethod", payment, "warehouse", warehouse)),
                        Map.entry("status", alertStatus), Map.entry("fromStep", "PLACED"),
                        Map.entry("toStep", "PAID"), Map.entry("startedAt", placed.toString()),
                        Map.entry("deadline", placed.plus(Duration.ofMinutes(30)).toString()),
                        Map.entry("detectedAt", placed.plus(Duration.ofMinutes(31)).toString()),
                        Map.entry("detectedLate", false), Map.entry("revision", 1),
                        Map.entry("incidentId", INCIDENT_PREFIX + incident))));
                alertOut.write('\n');
            }
            if ((i + 1) % batch == 0 || i == orders - 1) {
                bulk(es, out.toByteArray());
                out.reset();
                if (alertOut.size() > 0) {
                    bulk(es, alertOut.toByteArray());
                    alertOut.reset();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("dashboard-bench: %d orders loaded%n", i + 1);
                }
            }
        }
        loadIncidents(es, indices, now);
        es.put("/" + indices.orders() + "-*/_settings", Map.of("index", Map.of("refresh_interval", "1s")));
        es.post("/" + indices.orders() + "," + indices.alerts() + "," + indices.incidents() + "/_refresh", Map.of());
        es.post("/" + indices.orders() + "/_forcemerge?max_num_segments=1", Map.of());
        return alerts;
    }

    /** The incidents the alerts belong to: one rule and country each, the newest hundred open. */
    private static void loadIncidents(RawElasticsearch es, Indices indices, Instant now) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        List<String> countries = List.of("DE", "AT", "FR", "NL", "PL");
        for (int n = 0; n < INCIDENTS; n++) {
            Instant opened = now.minus(Duration.ofMinutes(20L * n));
            boolean open = n < 100;
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("id", INCIDENT_PREFIX + n);
            doc.put("ruleId", RULE_IDS.get(n % RULE_IDS.size()));
            doc.put("ruleName", RULE_IDS.get(n % RULE_IDS.size()));
            doc.put("severity", List.of("CRITICAL", "WARNING", "INFO").get(n % 3));
            doc.put("segment", Map.of("country", countries.get(n % countries.size())));
            doc.put("status", open ? "OPEN" : "RESOLVED");
            doc.put("openedAt", opened.toString());
            if (!open) {
                doc.put("resolvedAt", opened.plus(Duration.ofMinutes(45)).toString());
            }
            doc.put("alertCount", 100);
            doc.put("openAlertCount", open ? 100 : 0);
            doc.put("sampleOrderIds", List.of());
            doc.put("revision", 1);
            out.write(("{\"index\":{\"_index\":\"" + indices.incidents() + "\",\"_id\":\"" + INCIDENT_PREFIX + n
                    + "\"}}\n").getBytes());
            out.write(Json.mapper().writeValueAsBytes(doc));
            out.write('\n');
        }
        bulk(es, out.toByteArray());
    }

    /**
     * The incidents list (all, and the open ones) and the page of one incident, served by the web app's own page code
     * on a local Javalin, timed per request over loopback: Elasticsearch plus Thymeleaf, i.e. server time.
     */
    private static void timeIncidentPages(Elasticsearch store, Indices indices, int renders) throws Exception {
        IncidentsPage page = new IncidentsPage(new Templates(), new ElasticsearchIncidentStore(store, indices),
                (id, by) -> null, (id, limit) -> List.of(), Clock.systemUTC(), false);
        io.javalin.Javalin app = io.javalin.Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get(UiPaths.INCIDENTS, page::list);
            cfg.routes.get(UiPaths.INCIDENT, page::detail);
        }).start("127.0.0.1", 0);
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String[] named : new String[][] {{"list", "/incidents"}, {"open", "/incidents?status=OPEN"},
                    {"incident", "/incidents/" + INCIDENT_PREFIX + "0"}}) {
                java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + app.port() + named[1]);
                long[] nanos = new long[renders + 1];
                for (int i = 0; i <= renders; i++) {
                    long t = System.nanoTime();
                    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    nanos[i] = System.nanoTime() - t;
                    if (r.statusCode() != 200 || !r.body().contains("incident")) {
                        throw new IllegalStateException(named[1] + " answered " + r.statusCode());
                    }
                }
                long[] warm = Arrays.copyOfRange(nanos, 1, nanos.length); // the first warms the templates
                System.out.printf("dashboard-bench: incidents page %s (%s): median %d ms, p95 %d ms (%d requests)%n",
                        named[0], named[1], pct(warm, 50), pct(warm, 95), renders);
                System.out.println("RESULT incidents." + named[0] + "MedianMillis=" + pct(warm, 50));
                System.out.println("RESULT incidents." + named[0] + "P95Millis=" + pct(warm, 95));
            }
        } finally {
            app.stop();
        }
    }

    private static void bulk(RawElasticsearch es, byte[] ndjson) {
        RawElasticsearch.Response r = es.bulk(ndjson);
        if (!r.ok() || r.body().path("errors").asBoolean()) {
            throw new IllegalStateException("bulk failed: " + r.status() + " "
                    + r.body().toString().substring(0, Math.min(500, r.body().toString().length())));
        }
    }
}
