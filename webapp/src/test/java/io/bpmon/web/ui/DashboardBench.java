package io.bpmon.web.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.ElasticsearchClient;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The dashboard's server time with many orders in Elasticsearch ({@code ./bpmon bench --dashboard}): bulk-loads a
 * generated data set straight into the order and alert indices (not through the job: fast), then times the
 * dashboard's first render (whole page) and the live update (the fragment pushed to every viewer) — Elasticsearch
 * aggregations plus Thymeleaf — as median and p95 over repeated renders.
 *
 * <p>Arguments: {@code <elasticsearch url> <orders> [renders]}.
 */
public final class DashboardBench {

    static final String PREFIX = "bench-ui";
    static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "AT", "CH", "IT", "ES", "PL", "SE", "DK");
    static final List<String> CARRIERS = List.of("dhl", "ups", "dpd", "hermes", "gls");
    static final List<String> PAYMENTS = List.of("card", "paypal", "invoice", "klarna");
    static final List<String> WAREHOUSES = List.of("berlin", "leipzig", "erfurt", "moenchengladbach");
    static final Duration SPAN = Duration.ofDays(7);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int orders = Integer.parseInt(args[1]);
        int renders = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        MonitorConfig config = ConfigLoader.from(Map.of(ConfigLoader.ES_URL, url, ConfigLoader.ES_INDEX_PREFIX,
                PREFIX, ConfigLoader.KAFKA_BOOTSTRAP, "127.0.0.1:1"));
        ElasticsearchClient es = ElasticsearchClient.of(config.elasticsearch(), Duration.ofSeconds(120));
        Indices indices = new Indices(PREFIX);
        boolean reuse = args.length > 3 && args[3].equals("reuse")
                && es.get("/" + indices.orders() + "/_count").body().path("count").asLong() == orders;
        ElasticsearchClient.Response existing = es.get("/" + PREFIX + "-*");
        if (existing.ok() && !reuse) {
            existing.body().fieldNames().forEachRemaining(index -> es.delete("/" + index));
        }
        SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofSeconds(60), System.out::println);
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
        PipelineSampler sampler = new PipelineSampler(es, indices, () -> up, () -> up, () -> up, Clock.systemUTC());
        sampler.sample();
        DashboardQueries queries = new DashboardQueries(es, indices, lifecycle, () -> rules, sampler,
                Clock.systemUTC());
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

    /** Orders placed evenly over the last week; the older, the further along; a few cancelled and returned. */
    private static int load(ElasticsearchClient es, Indices indices, int orders, Instant now) throws IOException {
        for (Instant m = now.minus(SPAN).minus(Duration.ofDays(1)); !m.isAfter(now.plus(Duration.ofDays(31)));
                m = m.plus(Duration.ofDays(20))) {
            es.put("/" + indices.ordersFor(m), Map.of());
        }
        es.put("/" + indices.orders() + "-*/_settings", Map.of("index", Map.of("refresh_interval", "-1")));
        SplittableRandom random = new SplittableRandom(42);
        int batch = 5000;
        int alerts = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        ByteArrayOutputStream alertOut = new ByteArrayOutputStream(1 << 20);
        for (int i = 0; i < orders; i++) {
            Instant placed = now.minusMillis((long) (random.nextDouble() * SPAN.toMillis()));
            long ageMinutes = Duration.between(placed, now).toMinutes();
            String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
            String carrier = CARRIERS.get(random.nextInt(CARRIERS.size()));
            String payment = PAYMENTS.get(random.nextInt(PAYMENTS.size()));
            String warehouse = WAREHOUSES.get(random.nextInt(WAREHOUSES.size()));
            List<String[]> steps = new ArrayList<>();
            steps.add(new String[] {"PLACED", "ORDER_PLACED", placed.toString()});
            Instant t = placed;
            String status = "PLACED";
            boolean terminal = false;
            if (random.nextInt(100) < 3 && ageMinutes > 60) {
                t = t.plus(Duration.ofMinutes(5 + random.nextInt(60)));
                steps.add(new String[] {"CANCELLED", "ORDER_CANCELLED", t.toString()});
                status = "CANCELLED";
                terminal = true;
            } else {
                long[] after = {2 + random.nextInt(20), 60L * (2 + random.nextInt(20)), 60L * (20 + random.nextInt(40))};
                String[][] next = {{"PAID", "PAYMENT_RECEIVED"}, {"SHIPPED", "ORDER_SHIPPED"},
                        {"DELIVERED", "ORDER_DELIVERED"}};
                for (int s = 0; s < next.length; s++) {
                    Instant at = t.plus(Duration.ofMinutes(after[s]));
                    if (at.isAfter(now)) {
                        break;
                    }
                    t = at;
                    steps.add(new String[] {next[s][0], next[s][1], t.toString()});
                    status = next[s][0];
                }
                if (status.equals("DELIVERED")) {
                    terminal = true;
                    if (random.nextInt(100) < 4) {
                        Instant at = t.plus(Duration.ofHours(1 + random.nextInt(48)));
                        if (!at.isAfter(now)) {
                            t = at;
                            steps.add(new String[] {"RETURNED", "ORDER_RETURNED", t.toString()});
                            status = "RETURNED";
                        }
                    }
                }
            }
            String orderId = "bo-" + i;
            out.write(("{\"index\":{\"_index\":\"" + indices.ordersFor(placed) + "\",\"_id\":\"" + orderId
                    + "\"}}\n").getBytes());
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("orderId", orderId);
                g.writeStringField("status", status);
                g.writeBooleanField("terminal", terminal);
                g.writeObjectFieldStart("attributes");
                g.writeStringField("country", country);
                g.writeStringField("carrier", carrier);
                g.writeStringField("paymentMethod", payment);
                g.writeStringField("warehouse", warehouse);
                g.writeStringField("channel", random.nextBoolean() ? "app" : "web");
                g.writeEndObject();
                g.writeObjectFieldStart("steps");
                for (String[] s : steps) {
                    g.writeStringField(s[0], s[2]);
                }
                g.writeEndObject();
                g.writeArrayFieldStart("events");
                for (String[] s : steps) {
                    g.writeStartObject();
                    g.writeStringField("eventId", orderId + "-" + s[1]);
                    g.writeStringField("type", s[1]);
                    g.writeStringField("occurredAt", s[2]);
                    g.writeStringField("receivedAt", s[2]);
                    g.writeStringField("source", "bench");
                    g.writeBooleanField("late", false);
                    g.writeNumberField("duplicates", 0);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("alerts");
                g.writeEndArray();
                g.writeStringField("firstEventAt", placed.toString());
                g.writeStringField("lastEventAt", t.toString());
                g.writeStringField("updatedAt", t.toString());
                g.writeNumberField("revision", steps.size());
                g.writeNumberField("eventCount", steps.size());
                g.writeNumberField("lateEvents", 0);
                g.writeNumberField("duplicateEvents", 0);
                g.writeNumberField("overflowEvents", 0);
                g.writeNumberField("violations", 0);
                g.writeNumberField("gaps", 0);
                g.writeEndObject();
            }
            out.write('\n');
            if (random.nextInt(100) < 2) { // ~2% of orders breached a rule
                alerts++;
                String ruleId = List.of("pay-30m", "ship-24h", "deliver-de", "ship-dhl", "pay-card")
                        .get(random.nextInt(5));
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
                        Map.entry("detectedLate", false), Map.entry("revision", 1))));
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
        es.put("/" + indices.orders() + "-*/_settings", Map.of("index", Map.of("refresh_interval", "1s")));
        es.post("/" + indices.orders() + "," + indices.alerts() + "/_refresh", Map.of());
        es.post("/" + indices.orders() + "/_forcemerge?max_num_segments=1", Map.of());
        return alerts;
    }

    private static void bulk(ElasticsearchClient es, byte[] ndjson) {
        ElasticsearchClient.Response r = es.bulk(ndjson);
        if (!r.ok() || r.body().path("errors").asBoolean()) {
            throw new IllegalStateException("bulk failed: " + r.status() + " "
                    + r.body().toString().substring(0, Math.min(500, r.body().toString().length())));
        }
    }
}
