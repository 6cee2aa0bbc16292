package io.bpmon.e2e;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.placed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.OrderArchive;
import io.bpmon.core.order.OrderDocument;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchOrderArchive;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderPartitions;
import io.bpmon.core.store.SchemaSetup;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What bpmon writes to Elasticsearch stays storable and readable whatever producers send: the mapping does not grow
 * with attribute names, indices from before keep working, and a stored order can be read back to be continued.
 */
class StoreBoundsIT {

    private static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    private final RawElasticsearch es =
            RawElasticsearch.of(ElasticsearchConfig.defaults().withUrl(TestServers.elasticsearch()));
    private final Elasticsearch store =
            Elasticsearch.of(ElasticsearchConfig.defaults().withUrl(TestServers.elasticsearch()));
    private String prefix;
    private Indices indices;

    @BeforeEach
    void freshPrefix() {
        prefix = "e2e-bounds-" + System.nanoTime();
        indices = new Indices(prefix);
    }

    private void ensureSchema() {
        SchemaSetup.ensureSchema(store, new ElasticsearchConfig(TestServers.elasticsearch(), prefix, 1000,
                Duration.ofSeconds(1), Duration.ofDays(365)), Duration.ofSeconds(30), m -> {});
    }

    private void store(String index, OrderState order) {
        RawElasticsearch.Response r = es.put("/" + index + "/_doc/" + RawElasticsearch.encode(order.orderId())
                + "?refresh=true", OrderDocument.of(order, LIFECYCLE));
        assertThat(r.ok()).as("%s", r.body()).isTrue();
    }

    private int mappedFields(String index) {
        JsonNode mapping = es.get("/" + index + "/_mapping").body().path(index).path("mappings");
        return count(mapping.path("properties"));
    }

    private static int count(JsonNode properties) {
        int n = 0;
        for (JsonNode field : properties) {
            n += 1 + count(field.path("properties"));
        }
        return n;
    }

    private long hits(String index, String attribute, String value) {
        ObjectNode query = Json.mapper().createObjectNode();
        query.putObject("query").putObject("term").put("attributes." + attribute, value);
        return es.search(index, query).path("hits").path("total").path("value").asLong();
    }

    @Test
    void shouldKeepTheOrderMappingTheSameWhateverAttributeNamesArrive() {
        ensureSchema();
        String index = indices.ordersFor(BEGINNING);
        OrderState first = new OrderState("o-0");
        first.apply(placed("o-0", BEGINNING, "country", "DE"), false, LIFECYCLE);
        store(index, first);
        int fields = mappedFields(index);

        for (int i = 1; i <= 60; i++) { // 60 orders, each with 40 attribute names no other order has
            OrderState order = new OrderState("o-" + i);
            String[] attributes = new String[80];
            for (int a = 0; a < 40; a++) {
                attributes[2 * a] = "producerBug" + i + "x" + a;
                attributes[2 * a + 1] = "v" + a;
            }
            order.apply(placed("o-" + i, BEGINNING, attributes), false, LIFECYCLE);
            store(index, order);
        }

        assertThat(mappedFields(index)).as("2,400 attribute names later").isEqualTo(fields);
        assertThat(hits(index, "country", "DE")).isEqualTo(1);
        assertThat(hits(index, "producerBug7x3", "v3")).as("every attribute is still searchable").isEqualTo(1);
    }

    @Test
    void shouldStoreEveryOrderWhenProducersSendMoreNumericAttributeNamesThanTheMappingHolds() {
        ensureSchema();
        String index = indices.ordersFor(BEGINNING);
        for (int i = 0; i < 30; i++) { // 30 orders, each with 40 numeric attributes no other order has: 1,200 names
            OrderState order = new OrderState("n-" + i);
            String[] attributes = new String[82];
            Map<String, String> kinds = new HashMap<>();
            for (int a = 0; a < 40; a++) {
                attributes[2 * a] = "price" + i + "x" + a;
                attributes[2 * a + 1] = Integer.toString(a);
                kinds.put("price" + i + "x" + a, AttributeKinds.NUMBER);
            }
            attributes[80] = "amount";
            attributes[81] = "10";
            kinds.put("amount", AttributeKinds.NUMBER);
            order.apply(placed("n-" + i, BEGINNING, attributes).withAttributeKinds(kinds), false, LIFECYCLE);
            store(index, order); // refused beyond the field limit without the index's ignore_dynamic_beyond_limit
        }

        assertThat(es.get("/" + index + "/_count").body().path("count").asLong()).isEqualTo(30);
        assertThat(mappedFields(index)).as("bounded by the field limit").isLessThanOrEqualTo(1000);
        assertThat(hits(index, "price29x39", "39")).as("still searchable as text").isEqualTo(1);
        JsonNode sum = es.post("/" + index + "/_search", Map.of("size", 0, "aggs",
                Map.of("a", Map.of("sum", Map.of("field", "attributesNumeric.amount"))))).body();
        assertThat(sum.path("aggregations").path("a").path("value").asDouble()).isEqualTo(300.0);
    }

    @Test
    void shouldStopAnIndexFromBeforeGrowingAndKeepItsAttributesSearchable() {
        String index = indices.ordersFor(BEGINNING);
        // an order index as the template of the previous release made it: one mapped field per attribute name
        assertThat(es.put("/" + index, """
                {"mappings": {"dynamic": false,
                  "dynamic_templates": [{"attribute_values": {"path_match": "attributes.*",
                                          "mapping": {"type": "keyword", "ignore_above": 256}}}],
                  "properties": {"orderId": {"type": "keyword"}, "attributes": {"type": "object", "dynamic": true}}}}
                """).ok()).isTrue();
        OrderState old = new OrderState("o-old");
        old.apply(placed("o-old", BEGINNING, "country", "DE"), false, LIFECYCLE);
        store(index, old);

        ensureSchema();
        OrderState settle = new OrderState("o-settle"); // maps the template's fields the old index lacked
        settle.apply(placed("o-settle", BEGINNING, "country", "NL"), false, LIFECYCLE);
        store(index, settle);
        int fields = mappedFields(index);
        OrderState next = new OrderState("o-next");
        next.apply(placed("o-next", BEGINNING, "country", "FR", "brandNewAttribute", "x"), false, LIFECYCLE);
        store(index, next);

        assertThat(mappedFields(index)).as("the old object no longer takes new names").isEqualTo(fields);
        assertThat(hits(index, "country", "FR")).isEqualTo(1);
        assertThat(es.get("/" + index + "/_doc/o-next").body().path("_source").path("attributes")
                .path("brandNewAttribute").asText()).as("kept in the document").isEqualTo("x");
        assertThat(es.get("/" + index + "/_mapping").body().path(index).path("mappings").path("properties")
                .has("attributeNames")).as("the template's new fields reach the old index").isTrue();
    }

    @Test
    void shouldKeepAnIndexFromBeforeWorkingWhenTheTemplateStopsIndexingAField() {
        String index = indices.ordersFor(BEGINNING);
        // an order index as the template of the previous release made it: counters, revision, first event and the
        // attribute names indexed (the template now keeps them in doc values or the source only)
        assertThat(es.put("/" + index, """
                {"mappings": {"dynamic": false,
                  "dynamic_templates": [{"wait_millis": {"path_match": "waits.*", "match_mapping_type": "long",
                                          "mapping": {"type": "long"}}}],
                  "properties": {"orderId": {"type": "keyword"}, "attributes": {"type": "flattened"},
                    "attributeNames": {"type": "keyword"}, "firstEventAt": {"type": "date"},
                    "waits": {"type": "object", "dynamic": true},
                    "revision": {"type": "long"}, "eventCount": {"type": "integer"}}}}
                """).ok()).isTrue();

        ensureSchema(); // a live index cannot change how a field is indexed: Elasticsearch would refuse the update

        OrderState order = new OrderState("o-1");
        order.apply(placed("o-1", BEGINNING, "country", "DE"), false, LIFECYCLE);
        store(index, order);
        JsonNode properties = es.get("/" + index + "/_mapping").body().path(index).path("mappings").path("properties");
        assertThat(properties.path("eventCount").has("index")).as("keeps its mapping").isFalse();
        assertThat(properties.has("lateEvents")).as("the template's new fields reach the old index").isTrue();
        assertThat(hits(index, "country", "DE")).isEqualTo(1);
        String next = indices.ordersFor(BEGINNING.plus(Duration.ofDays(40)));
        store(next, order);
        assertThat(es.get("/" + next + "/_mapping").body().path(next).path("mappings").path("properties")
                .path("eventCount").path("index").asBoolean(true)).as("a new index: the template's").isFalse();
    }

    @Test
    void shouldReadAStoredOrderAndItsAlertsBackAsTheJobKnewThem() throws Exception {
        ensureSchema();
        OrderPartitions partitions = new OrderPartitions(indices, Duration.ofDays(365));
        OrderState order = new OrderState("o/1?".replace("/", "-"), BEGINNING);
        order.apply(placed(order.orderId(), BEGINNING, "country", "DE"), false, LIFECYCLE);
        order.apply(delivered(order.orderId(), BEGINNING.plus(Duration.ofHours(30))), true, LIFECYCLE);
        store(partitions.index(BEGINNING), order);
        Alert alert = new Alert("a-1", "pay", 1, "Payment in time", AlertKind.SLA_BREACH, Severity.WARNING,
                order.orderId(), Map.of("country", "DE"), AlertStatus.ACKNOWLEDGED, "PLACED", "PAID", BEGINNING,
                BEGINNING.plus(Duration.ofMinutes(30)), BEGINNING.plus(Duration.ofMinutes(31)), null, null, false,
                null, null, 3);
        assertThat(es.put("/" + indices.alerts() + "/_doc/a-1?refresh=true", alert).ok()).isTrue();
        OrderArchive archive = new ElasticsearchOrderArchive(store, partitions, LIFECYCLE, m -> {});

        Optional<OrderArchive.ArchivedOrder> found = archive.find(order.orderId(), BEGINNING);

        assertThat(found).isPresent();
        assertThat(found.get().state().timeline()).isEqualTo(order.timeline());
        assertThat(found.get().state().revision()).isEqualTo(2);
        assertThat(found.get().state().status()).isEqualTo("DELIVERED");
        assertThat(found.get().alerts()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("a-1");
            assertThat(a.status()).as("the acknowledgement is the web's overlay").isEqualTo(AlertStatus.OPEN);
            assertThat(a.revision()).isEqualTo(3);
        });
        assertThat(archive.find("o-unknown", BEGINNING)).isEmpty();
        assertThat(archive.find(order.orderId(), BEGINNING.minus(Duration.ofDays(400))))
                .as("another month's index, which does not exist").isEmpty();
    }
}
