package io.bpmon.e2e;

import static io.bpmon.core.fixtures.Events.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.preview.PreviewPlanTest;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule previews, suggested thresholds, attribute suggestions and the job's rule acknowledgements, through HTTP
 * against real Elasticsearch holding the fixed history of {@link PreviewPlanTest} (whose counts are worked out by
 * hand there), written as the job writes order documents.
 */
class RulePreviewIT {

    private static final String TOKEN = "e2e-preview-token-0123456789";
    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-preview").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "none");

    private static final TestApi api = stack.api();
    private static RawElasticsearch es;
    private static Indices indices;

    @BeforeAll
    static void start() throws Exception {
        es = stack.es();
        indices = stack.indices();
        List<OrderState> orders = new ArrayList<>(PreviewPlanTest.slaHistory());
        orders.addAll(PreviewPlanTest.stallHistory());
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        for (OrderState o : orders) {
            bulk.write(("{\"index\":{\"_index\":\"" + indices.ordersFor(o.partitionTime()) + "\",\"_id\":\""
                    + o.orderId() + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            bulk.write(OrderDocument.toBytes(o, LIFECYCLE));
            bulk.write('\n');
        }
        // alerts the stored rule raised: two by version 1 and one by version 2 in the range, one before it
        alert(bulk, "a-1", 1, minutes(40));
        alert(bulk, "a-2", 1, minutes(50));
        alert(bulk, "a-3", 2, minutes(70));
        alert(bulk, "a-4", 2, minutes(-10));
        assertThat(es.bulk(bulk.toByteArray()).body().path("errors").asBoolean()).isFalse();
        es.get("/" + indices.orders() + "," + indices.alerts() + "/_refresh");

        assertThat(api.send("POST", "/api/rules", PreviewPlanTest.PAYMENT_30M_DE).statusCode()).isEqualTo(201);
    }

    private static void alert(ByteArrayOutputStream bulk, String id, long version, Instant deadline)
            throws Exception {
        bulk.write(("{\"index\":{\"_index\":\"" + indices.alerts() + "\",\"_id\":\"" + id + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8));
        String status = version == 1 ? "RESOLVED" : "OPEN";
        bulk.write(("{\"id\":\"" + id + "\",\"ruleId\":\"pay-de\",\"ruleVersion\":" + version
                + ",\"kind\":\"SLA_BREACH\",\"status\":\"" + status + "\",\"deadline\":\"" + deadline
                + "\",\"detectedAt\":\"" + deadline.plusSeconds(5) + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldCountAlertsPerRuleForTheRulesPage() {
        JsonNode items = TestApi.json(api.send("GET", "/api/rule-stats?since=" + minutes(0) + "&until="
                + minutes(120), null))
                .path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("ruleId").asText()).isEqualTo("pay-de");
        assertThat(items.get(0).path("detected").asLong()).isEqualTo(3);
        assertThat(items.get(0).path("open").asLong()).isEqualTo(2); // a-3 and a-4
        assertThat(api.send("GET", "/api/rule-stats?since=yesterday", null).statusCode()).isEqualTo(400);
    }


    @Test
    void shouldPreviewAStepSlaOnStoredHistoryBesideWhatTheStoredRuleRaised() {
        HttpResponse<String> r = api.send("POST", "/api/rules/preview", previewBody(PreviewPlanTest.PAYMENT_30M_DE,
                minutes(0), minutes(120)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode preview = TestApi.json(r);
        assertThat(preview.path("flagged").asLong()).isEqualTo(5);
        assertThat(orderIds(preview)).containsExactly("o-11", "o-10", "o-5", "o-3", "o-2"); // newest wait first
        assertThat(preview.path("sample").get(0).path("attributes").path("country").asText()).isEqualTo("DE");
        assertThat(preview.path("current").path("version").asLong()).isEqualTo(1);
        assertThat(preview.path("current").path("flagged").asLong()).isEqualTo(3);
        assertThat(preview.path("current").path("byVersion").path("1").asLong()).isEqualTo(2);
        assertThat(preview.path("current").path("byVersion").path("2").asLong()).isEqualTo(1);

        JsonNode shorter = TestApi.json(api.send("POST", "/api/rules/preview", previewBody(
                PreviewPlanTest.PAYMENT_30M_DE.replace("PT30M", "PT10M"), minutes(0), minutes(120))));
        assertThat(shorter.path("flagged").asLong()).isEqualTo(10);
    }

    @Test
    void shouldPreviewStallRules() {
        JsonNode paid = TestApi.json(api.send("POST", "/api/rules/preview", previewBody(PreviewPlanTest.STALL_PAID_60M,
                minutes(0), minutes(240))));
        // the STEP_SLA history's paid orders stall too: o-1 paid at 20, o-2 at 50, o-10 at 90, nothing after
        assertThat(orderIds(paid)).containsExactlyInAnyOrder("s-1", "s-3", "s-6", "s-7", "o-1", "o-2", "o-10");
        assertThat(paid.path("current").isNull() || paid.path("current").isMissingNode()).isTrue();
        JsonNode any = TestApi.json(api.send("POST", "/api/rules/preview", previewBody(PreviewPlanTest.STALL_ANY_60M,
                minutes(0), minutes(65))));
        // and o-7 (placed at 0) and o-8 (placed at -60) stall in PLACED
        assertThat(orderIds(any)).containsExactlyInAnyOrder("s-3", "s-4", "s-5", "o-7", "o-8");
    }

    @Test
    void shouldPreviewVelocityEpisodes() {
        // payments in DE at 20, 50 and 90 min: under "at least 1 per 30 min" the count drops to 0 at 80:10 (the
        // window [50:10, 80:10) is empty) and is back at 90:10, but not for a full window before the range ends
        String rule = """
                {"id":"pay-rate","name":"Payments","kind":"VELOCITY","eventType":"PAYMENT_RECEIVED","window":"PT30M",
                 "min":1,"groupBy":["country"]}""";
        JsonNode preview = TestApi.json(api.send("POST", "/api/rules/preview", previewBody(rule, minutes(0),
                minutes(120))));
        assertThat(preview.path("flagged").asLong()).isEqualTo(1);
        JsonNode episode = preview.path("velocity").path("episodes").get(0);
        assertThat(episode.path("segment").path("country").asText()).isEqualTo("DE");
        assertThat(Instant.parse(episode.path("startedAt").asText())).isEqualTo(minutes(80).plusSeconds(10));
        assertThat(episode.path("endedAt").isMissingNode() || episode.path("endedAt").isNull()).isTrue();
        assertThat(preview.path("velocity").path("segments").get(0).path("counts").size()).isGreaterThan(100);
    }

    @Test
    void shouldNameTheBadFieldsOfAPreviewRequest() {
        HttpResponse<String> r = api.send("POST", "/api/rules/preview", """
                {"rule": {"name": "x", "kind": "STEP_SLA", "from": "PLACED", "to": "NOWHERE", "maxDuration": "PT0S"},
                 "since": "2026-11-28T12:00:00Z", "until": "2026-11-28T10:00:00Z"}""");
        assertThat(r.statusCode()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        TestApi.json(r).path("details").forEach(d -> fields.add(d.path("field").asText()));
        assertThat(fields).contains("rule.to", "rule.maxDuration", "since");
    }

    @Test
    void shouldSuggestThresholdsFromObservedDurations() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("from", "PLACED").put("to", "PAID").put("since", minutes(-120).toString())
                .put("until", minutes(200).toString());
        body.putObject("scope").putArray("country").add("DE");
        JsonNode t = TestApi.json(api.send("POST", "/api/rules/thresholds", body.toString()));
        // paid (or shipped) and not cancelled: o-1 20 min, o-2 40, o-6 20 (shipped), o-10 30
        assertThat(t.path("observations").asLong()).isEqualTo(4);
        long p50 = t.path("percentiles").path("p50").asLong();
        assertThat(p50).isBetween(Duration.ofMinutes(20).toMillis(), Duration.ofMinutes(30).toMillis());
        assertThat(t.path("percentiles").path("p99").asLong()).isBetween(Duration.ofMinutes(30).toMillis(),
                Duration.ofMinutes(40).toMillis());
        assertThat(t.path("formatted").path("p50").asText()).endsWith("m");

        HttpResponse<String> bad = api.send("POST", "/api/rules/thresholds", """
                {"from": "PAID", "to": "PLACED"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestApi.json(bad).path("details").get(0).path("field").asText()).isEqualTo("to");
    }

    @Test
    void shouldSuggestAttributeNamesAndTheirFrequentValues() {
        JsonNode items = TestApi.json(api.send("GET", "/api/attributes", null)).path("items");
        JsonNode country = null;
        for (JsonNode a : items) {
            if (a.path("name").asText().equals("country")) {
                country = a;
            }
        }
        assertThat(country).isNotNull();
        assertThat(country.path("values").get(0).asText()).isEqualTo("DE"); // 11 orders, AT 1
        assertThat(country.path("values").get(1).asText()).isEqualTo("AT");
        assertThat(api.send("GET", "/api/attributes?top=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldShowWhichVersionTheJobAcknowledged() {
        assertThat(api.send("GET", "/api/rules/pay-de/status", null).statusCode()).isEqualTo(404);
        es.put("/" + indices.ruleStatus() + "/_doc/pay-de?refresh=true", """
                {"ruleId": "pay-de", "version": 1, "enabled": true, "appliedAt": "2026-11-28T10:32:05Z",
                 "subtasks": 2}""");
        JsonNode status = TestApi.json(api.send("GET", "/api/rules/pay-de/status", null));
        assertThat(status.path("version").asLong()).isEqualTo(1);
        assertThat(status.path("appliedAt").asText()).isEqualTo("2026-11-28T10:32:05Z");
        assertThat(status.path("subtasks").asInt()).isEqualTo(2);
        assertThat(status.path("current").asBoolean()).isTrue();
        JsonNode all = TestApi.json(api.send("GET", "/api/rule-status", null)).path("items");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("ruleId").asText()).isEqualTo("pay-de");
    }

    @Test
    void shouldIndexPreviewFieldsAlsoInOrderIndicesCreatedBeforeTheyExisted() {
        String prefix = "e2e-upgrade";
        String index = prefix + "-orders-2026.11";
        es.delete("/" + index);
        // the order index as the template made it before previews: no waits, quiet or eventTimes
        assertThat(es.put("/" + index, """
                {"mappings": {"dynamic": false, "properties": {"orderId": {"type": "keyword"},
                 "steps": {"type": "object", "dynamic": true}}}}""").ok()).isTrue();
        SchemaSetup.ensureSchema(Elasticsearch.of(ElasticsearchConfig.defaults().withUrl(TestServers.elasticsearch())),
                new ElasticsearchConfig(TestServers.elasticsearch(), prefix, 1000,
                Duration.ofSeconds(1), Duration.ofDays(365)), Duration.ofSeconds(30), m -> {});
        OrderState late = PreviewPlanTest.slaHistory().get(1); // o-2: paid after 40 min
        es.put("/" + index + "/_doc/o-2?refresh=true", new String(OrderDocument.toBytes(late, LIFECYCLE),
                StandardCharsets.UTF_8));
        ObjectNode query = Json.mapper().createObjectNode();
        query.putObject("query").putObject("range").putObject("waits.PLACED.PAID").put("gte", 40 * 60_000);
        assertThat(es.search(index, query).path("hits").path("total").path("value").asLong()).isEqualTo(1);
    }

    private static String previewBody(String rule, Instant since, Instant until) {
        return "{\"rule\": " + rule + ", \"since\": \"" + since + "\", \"until\": \"" + until + "\"}";
    }

    private static List<String> orderIds(JsonNode preview) {
        List<String> ids = new ArrayList<>();
        preview.path("sample").forEach(o -> ids.add(o.path("orderId").asText()));
        return ids;
    }
}
