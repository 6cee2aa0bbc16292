package io.bpmon.e2e;

import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.store.Indices;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rule editor's chart ({@code GET /rules/chart}, docs/rule-preview.md) over real Elasticsearch holding 10,000
 * orders written as the job writes them: placed 30 s apart from six days ago, order {@code i} paid after
 * {@code i % 100 + 1} minutes, so every wait from 1 to 100 minutes occurs 100 times. Counts, bins and flagged shares
 * below follow from that by hand; the server time of each answer is its {@code Server-Timing} header.
 */
class RuleChartIT {

    private static final String TOKEN = "e2e-rule-chart-token-0123456789";
    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    private static final int ORDERS = 10_000;

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-rule-chart").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none");

    private static UiHttp ui;

    @BeforeAll
    static void seed() throws Exception {
        seed(stack, "chart-", ORDERS, "XC", Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(6)),
                30);
        ui = stack.loggedIn(TOKEN);
    }

    /**
     * Writes {@code n} orders as the job stores them: order {@code i} placed {@code i × spacingSeconds} after
     * {@code first} in {@code country}, paid {@code i % 100 + 1} minutes later.
     */
    static void seed(TestStack stack, String prefix, int n, String country, Instant first, long spacingSeconds)
            throws Exception {
        RawElasticsearch es = stack.es();
        Indices indices = stack.indices();
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            Instant at = first.plusSeconds(spacingSeconds * i);
            OrderState o = order(placed(id, at, "country", country),
                    paid(id, at.plus(Duration.ofMinutes(i % 100 + 1))));
            bulk.write(("{\"index\":{\"_index\":\"" + indices.ordersFor(o.partitionTime()) + "\",\"_id\":\"" + id
                    + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            bulk.write(OrderDocument.toBytes(o, LIFECYCLE));
            bulk.write('\n');
            if (bulk.size() > 4_000_000 || i == n - 1) {
                assertThat(es.bulk(bulk.toByteArray()).body().path("errors").asBoolean()).isFalse();
                bulk.reset();
            }
        }
        es.get("/" + indices.orders() + "/_refresh");
    }

    private static OrderState order(OrderEvent... events) {
        OrderState state = new OrderState(events[0].orderId());
        for (OrderEvent e : events) {
            state.apply(e, false, LIFECYCLE);
        }
        return state;
    }

    private static HttpResponse<String> chart(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return ui.get("/rules/chart" + q);
    }

    private static long serverMillis(HttpResponse<String> r) {
        String timing = r.headers().firstValue("Server-Timing").orElseThrow();
        return Long.parseLong(timing.substring(timing.indexOf("dur=") + 4));
    }

    @Test
    void shouldCountAndBinTheStoredWaitsAndTheOrdersAThresholdFlags() {
        // a wait of exactly the threshold is a breach: 30m flags waits of 30..100 min, 71 of every 100
        HttpResponse<String> r = chart("kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration", "30m",
                "scope", "country=XC");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"chart-flagged\">7100<", "id=\"chart-percent\">71 %<",
                "id=\"chart-judged\">10000<", "<span>10000</span> observed durations",
                // longest wait 100 min: bins of 5m up to 1h 45m; 1..4 min in the first, 100 min alone in the last
                "0 – 5m: 400 orders", "30m – 35m: 500 orders", "1h 35m – 1h 40m: 500 orders",
                "1h 40m – 1h 45m: 100 orders", "threshold 30m")
                .doesNotContain("longer than");
        assertThat(r.body().split("class=\"bar flagged\"", -1)).hasSize(16); // the bins from 30m: 15
        long first = serverMillis(r);

        // moving the threshold: 60m flags 41 of every 100
        HttpResponse<String> hour = chart("kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration", "1h",
                "scope", "country=XC");
        assertThat(hour.body()).contains("id=\"chart-flagged\">4100<", "id=\"chart-percent\">41 %<");
        // another scope: nothing observed, nothing flagged
        HttpResponse<String> none = chart("kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration", "1h",
                "scope", "country=ZZ");
        assertThat(none.body()).contains("id=\"chart-flagged\">0<", "id=\"chart-percent\">0 %<",
                "<span>0</span> observed durations");

        List<Long> times = new ArrayList<>(List.of(first, serverMillis(hour), serverMillis(none)));
        for (int i = 0; i < 10; i++) {
            times.add(serverMillis(chart("kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration",
                    (20 + i) + "m", "scope", "country=XC")));
        }
        List<Long> sorted = times.stream().sorted().toList();
        System.out.println("RuleChartIT server time over " + ORDERS + " orders, ms: median "
                + sorted.get(sorted.size() / 2) + ", max " + sorted.get(sorted.size() - 1) + ", all " + times);
        assertThat(sorted.get(sorted.size() / 2)).as("median server time, ms").isLessThanOrEqualTo(500);
    }

    @Test
    void shouldChartAChosenDateRange() {
        // orders placed in the first 500 minutes (1,000 orders); their deadline 30 min later lies in the range
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(6));
        HttpResponse<String> r = chart("kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration", "30m",
                "since", first.plus(Duration.ofMinutes(30)).toString(),
                "until", first.plus(Duration.ofMinutes(530)).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"chart-flagged\">710<", "id=\"chart-judged\">1000<");
    }

    @Test
    void shouldChartAStallRuleOverTheQuietSpells() {
        // every order is PAID and quiet since; 1 day in PAID flags those paid at least a day before now: all
        HttpResponse<String> r = chart("kind", "STALL", "statuses", "PAID", "maxDuration", "1d",
                "scope", "country=XC");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"chart-flagged\">10000<");
    }

    @Test
    void shouldRefuseBadParametersWith400NamingTheField() {
        Map<String, String[]> bad = Map.of(
                "maxDuration: ", new String[] {"kind", "STEP_SLA", "from", "PLACED", "to", "PAID", "maxDuration",
                    "soon"},
                "since: must be a date and time", new String[] {"kind", "STEP_SLA", "from", "PLACED", "to", "PAID",
                    "maxDuration", "30m", "since", "last tuesday"},
                "until: must be after since", new String[] {"kind", "STEP_SLA", "from", "PLACED", "to", "PAID",
                    "maxDuration", "30m", "since", "2026-11-02", "until", "2026-11-01"},
                "since: the range may span at most 90 days", new String[] {"kind", "STEP_SLA", "from", "PLACED",
                    "to", "PAID", "maxDuration", "30m", "since", "2025-01-01", "until", "2026-01-01"},
                "window: ", new String[] {"kind", "VELOCITY", "eventType", "PAYMENT_RECEIVED", "window", "often",
                    "min", "1"});
        bad.forEach((error, params) -> {
            HttpResponse<String> r = chart(params);
            assertThat(r.statusCode()).as(error).isEqualTo(400);
            assertThat(r.body()).as(error).contains("id=\"chart-errors\"", error);
        });
    }
}
