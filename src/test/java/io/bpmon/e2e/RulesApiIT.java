package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.store.ElasticsearchRuleStore;
import io.bpmon.core.store.RuleStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/rules} (docs/contract.md) against the real broker and Elasticsearch: rules are stored with
 * their history, published to {@code bpmon.rules}, and the default rules are installed exactly once.
 */
class RulesApiIT {

    private static final String TOKEN = "e2e-rules-token-0123456789";
    private static final String PAYMENT_SLA = """
            {"id": "%s", "name": "Payment within 30 min", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
             "maxDuration": "PT30M", "severity": "WARNING", "scope": {"country": ["DE"]}}""";

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-rulesapi").token(TOKEN).withWeb()
            .env("BPMON_DEFAULT_RULES", "standard");

    private static final TestApi api = stack.api();

    @Test
    void shouldKeepEveryVersionThroughCreateUpdateDeleteAndCreateAgain() {
        HttpResponse<String> created = api.header("X-Bpmon-User", "alice")
                .send("POST", "/api/rules", PAYMENT_SLA.formatted("rt-payment"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/rules/rt-payment");
        JsonNode v1 = TestApi.json(created);
        assertThat(v1.path("id").asText()).isEqualTo("rt-payment");
        assertThat(v1.path("version").asLong()).isEqualTo(1);
        assertThat(v1.path("updatedBy").asText()).isEqualTo("alice");
        assertThat(v1.path("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(v1.path("scope").path("country").get(0).asText()).isEqualTo("DE");
        assertThat(Instant.parse(v1.path("updatedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(TestApi.json(api.send("GET", "/api/rules/rt-payment", null))).isEqualTo(v1);

        // the body may leave out the id: the path names the rule
        HttpResponse<String> updated = api.send("PUT", "/api/rules/rt-payment", """
                {"name": "Payment within 45 min", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
                 "maxDuration": "PT45M", "enabled": false}""");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode v2 = TestApi.json(updated);
        assertThat(v2.path("id").asText()).isEqualTo("rt-payment");
        assertThat(v2.path("version").asLong()).isEqualTo(2);
        assertThat(v2.path("enabled").asBoolean()).isFalse();
        assertThat(v2.path("updatedBy").asText()).isEqualTo("api");
        assertThat(TestApi.json(api.send("GET", "/api/rules/rt-payment", null))).isEqualTo(v2);
        assertThat(ids(TestApi.json(api.send("GET", "/api/rules", null)))).contains("rt-payment");

        assertThat(api.header("X-Bpmon-User", "bob").send("DELETE", "/api/rules/rt-payment", null).statusCode())
                .isEqualTo(204);
        assertThat(api.send("GET", "/api/rules/rt-payment", null).statusCode()).isEqualTo(404);
        assertThat(ids(TestApi.json(api.send("GET", "/api/rules", null)))).doesNotContain("rt-payment");

        JsonNode v4 = TestApi.json(api.header("X-Bpmon-User", "carol")
                .send("POST", "/api/rules", PAYMENT_SLA.formatted("rt-payment")));
        assertThat(v4.path("version").asLong()).isEqualTo(4);

        JsonNode versions = TestApi.json(api.send("GET", "/api/rules/rt-payment/versions", null)).path("items");
        assertThat(versions).hasSize(4);
        List<String> history = new ArrayList<>();
        versions.forEach(v -> history.add(v.path("version").asLong() + " " + v.path("change").asText() + " by "
                + v.path("changedBy").asText()));
        assertThat(history).containsExactly("4 RESTORED by carol", "3 DELETED by bob", "2 UPDATED by api",
                "1 CREATED by alice");
        assertThat(versions.get(2).path("rule")).isEqualTo(v2);
        assertThat(versions.get(1).path("rule").path("maxDuration").asText()).isEqualTo("PT45M");
    }

    @Test
    void shouldPublishTheLatestRulePerIdAndATombstoneAfterDelete() {
        api.send("POST", "/api/rules", PAYMENT_SLA.formatted("pub-kept"));
        JsonNode kept = TestApi.json(api.send("PUT", "/api/rules/pub-kept", PAYMENT_SLA.formatted("pub-kept")
                .replace("PT30M", "PT20M")));
        api.send("POST", "/api/rules", PAYMENT_SLA.formatted("pub-gone"));
        assertThat(api.send("DELETE", "/api/rules/pub-gone", null).statusCode()).isEqualTo(204);

        Map<String, byte[]> topic = new LinkedHashMap<>(); // as compaction will leave it: the last record per key
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.read(stack.kafka(), Topics.RULES,
                Integer.MAX_VALUE, Duration.ofSeconds(5))) {
            topic.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
        }
        assertThat(topic).containsKey("pub-kept").containsKey("pub-gone");
        assertThat(json(topic.get("pub-kept"))).isEqualTo(kept);
        assertThat(topic.get("pub-gone")).isNull();
        // what the job reads back is a valid rule of the same version
        Rule rule = new RuleValidator(Lifecycle.defaultLifecycle()).validate(json(topic.get("pub-kept"))).value();
        assertThat(rule.maxDuration()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldNameEachInvalidFieldWith400() {
        HttpResponse<String> invalid = api.send("POST", "/api/rules", """
                {"id": "Bad Id", "name": "", "kind": "STEP_SLA", "from": "SHIPPED", "to": "CANCELLED",
                 "maxDuration": "P91D", "window": "PT5M"}""");
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = TestApi.json(invalid);
        assertThat(body.path("error").asText()).isEqualTo("invalid rule");
        assertThat(fields(body)).containsExactlyInAnyOrder("id", "name", "to", "maxDuration", "window");
        body.path("details").forEach(d -> assertThat(d.path("message").asText()).isNotBlank());

        HttpResponse<String> notJson = api.send("POST", "/api/rules", "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(fields(TestApi.json(notJson))).containsExactly("$");
        assertThat(fields(TestApi.json(api.send("POST", "/api/rules", "[]")))).containsExactly("$");

        api.send("POST", "/api/rules", PAYMENT_SLA.formatted("bad-put"));
        HttpResponse<String> otherId = api.send("PUT", "/api/rules/bad-put", PAYMENT_SLA.formatted("other-id"));
        assertThat(otherId.statusCode()).isEqualTo(400);
        assertThat(fields(TestApi.json(otherId))).containsExactly("id");
        HttpResponse<String> badPut = api.send("PUT", "/api/rules/bad-put", PAYMENT_SLA.formatted("bad-put")
                .replace("PT30M", "PT0S"));
        assertThat(badPut.statusCode()).isEqualTo(400);
        assertThat(fields(TestApi.json(badPut))).containsExactly("maxDuration");
        assertThat(TestApi.json(api.send("GET", "/api/rules/bad-put", null)).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAnswer409ForAnExistingIdAnd404ForAnUnknownOne() {
        assertThat(api.send("POST", "/api/rules", PAYMENT_SLA.formatted("twice")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = api.send("POST", "/api/rules", PAYMENT_SLA.formatted("twice"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(TestApi.json(again).path("error").asText()).contains("twice").contains("already exists");

        for (String[] call : List.of(new String[] {"GET", "/api/rules/no-such-rule"},
                new String[] {"PUT", "/api/rules/no-such-rule"}, new String[] {"DELETE", "/api/rules/no-such-rule"},
                new String[] {"GET", "/api/rules/no-such-rule/versions"}, new String[] {"GET",
                        "/api/rules/Not%20An%20Id"})) {
            HttpResponse<String> r = api.send(call[0], call[1], call[0].equals("PUT")
                    ? PAYMENT_SLA.formatted("no-such-rule") : null);
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(TestApi.json(r).path("error").asText()).contains("not found");
        }
    }

    @Test
    void shouldRequireTheToken() {
        String rule = PAYMENT_SLA.formatted("payment-within-30-min");
        assertThat(api.as(null).send("GET", "/api/rules", null).statusCode()).isEqualTo(401);
        assertThat(api.as(null).send("POST", "/api/rules", rule).statusCode()).isEqualTo(401);
        assertThat(api.as("wrong-token-wrong-token").send("GET", "/api/rules/payment-within-30-min", null)
                .statusCode()).isEqualTo(401);
        assertThat(api.as(null).send("PUT", "/api/rules/payment-within-30-min", rule).statusCode())
                .isEqualTo(401);
        assertThat(api.as(null).send("DELETE", "/api/rules/payment-within-30-min", null).statusCode())
                .isEqualTo(401);
        assertThat(api.as(null).send("GET", "/api/rules/payment-within-30-min/versions", null).statusCode())
                .isEqualTo(401);
        assertThat(TestApi.json(api.send("GET", "/api/rules/payment-within-30-min", null)).path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void shouldInstallTheDefaultRulesOnceSoADeletedOneStaysDeletedAfterARestart() {
        List<String> defaults = List.of("payment-within-30-min", "shipment-within-24-h", "delivery-within-5-days",
                "stalled-48-h", "payments-per-method");
        assertThat(ids(TestApi.json(api.send("GET", "/api/rules", null)))).containsAll(defaults);
        JsonNode installed = TestApi.json(api.send("GET", "/api/rules/delivery-within-5-days/versions", null));
        assertThat(installed.path("items")).hasSize(1);
        assertThat(installed.path("items").get(0).path("changedBy").asText()).isEqualTo("default rules (standard)");

        assertThat(api.header("X-Bpmon-User", "alice").send("DELETE", "/api/rules/delivery-within-5-days", null)
                .statusCode()).isEqualTo(204);
        stack.restartWeb();

        List<String> after = ids(TestApi.json(api.send("GET", "/api/rules", null)));
        assertThat(after).doesNotContain("delivery-within-5-days")
                .contains("payment-within-30-min", "shipment-within-24-h", "stalled-48-h", "payments-per-method");
        assertThat(TestApi.json(api.send("GET", "/api/rules/stalled-48-h", null)).path("version").asLong())
                .isEqualTo(1);
        assertThat(TestApi.json(api.send("GET", "/api/rules/delivery-within-5-days/versions", null)).path("items"))
                .hasSize(2);
        // the restart published the rules again: the deletion is a tombstone, the others are current
        Map<String, byte[]> topic = new LinkedHashMap<>();
        TestKafka.read(stack.kafka(), Topics.RULES, Integer.MAX_VALUE, Duration.ofSeconds(5))
                .forEach(r -> topic.put(new String(r.key(), StandardCharsets.UTF_8), r.value()));
        assertThat(topic.get("delivery-within-5-days")).isNull();
        assertThat(json(topic.get("stalled-48-h")).path("version").asLong()).isEqualTo(1);
    }

    /** Two writers of the same version: Elasticsearch lets exactly one create it. */
    @Test
    void shouldLetOnlyOneOfTwoConcurrentWritersStoreAVersion() {
        Rule rule = new RuleValidator(Lifecycle.defaultLifecycle())
                .validate(json(PAYMENT_SLA.formatted("race").getBytes(StandardCharsets.UTF_8))).value();
        RuleStore store = new ElasticsearchRuleStore(stack.store(), stack.indices());
        Instant now = Instant.now();
        store.save(RuleVersion.of(RuleVersion.Change.CREATED, rule.withVersion(1, now, "first")));

        assertThatThrownBy(() -> store.save(RuleVersion.of(RuleVersion.Change.CREATED,
                rule.withVersion(1, now, "second")))).isInstanceOf(RuleStore.VersionTakenException.class);
        assertThat(store.find("race").orElseThrow().updatedBy()).isEqualTo("first");
        HttpResponse<String> next = api.send("PUT", "/api/rules/race", PAYMENT_SLA.formatted("race"));
        assertThat(TestApi.json(next).path("version").asLong()).isEqualTo(2);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.path("details").forEach(d -> fields.add(d.path("field").asText()));
        return fields;
    }




    private static JsonNode json(byte[] bytes) {
        try {
            return Json.readTree(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
