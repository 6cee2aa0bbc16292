package io.bpmon.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the monitor holds, straight from the stores and not through its API: order and alert documents from
 * Elasticsearch (scrolling the {@code bpmon-orders} alias and the {@code bpmon-alerts} index), and whole Kafka
 * topics (the events topic, to count what reached it, and the dead-letter topic).
 */
final class StoreReader {

    /** An event the broker had within this of its occurredAt reached the job well within the allowed lateness. */
    static final Duration ON_TIME = ChaosMain.ALLOWED_LATENESS.minusSeconds(2);

    private final URI es;
    private final String prefix;
    private final String kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    StoreReader(URI es, String indexPrefix, String kafkaBootstrap) {
        this.es = es;
        this.prefix = indexPrefix;
        this.kafka = kafkaBootstrap;
    }

    Map<String, Reconciler.StoredOrder> orders() throws IOException, InterruptedException {
        Map<String, Reconciler.StoredOrder> out = new HashMap<>();
        scroll(prefix + "-orders", List.of("orderId", "status", "revision", "eventCount", "events.eventId",
                "events.duplicates", "events.late", "events.occurredAt", "events.receivedAt"), doc -> {
            Map<String, Integer> arrivals = new HashMap<>();
            List<String> lateOnTime = new ArrayList<>();
            for (JsonNode e : doc.path("events")) {
                arrivals.put(e.path("eventId").asText(), 1 + e.path("duplicates").asInt(0));
                if (e.path("late").asBoolean(false) && e.hasNonNull("receivedAt")
                        && Duration.between(Instant.parse(e.path("occurredAt").asText()),
                                Instant.parse(e.path("receivedAt").asText())).compareTo(ON_TIME) <= 0) {
                    lateOnTime.add(e.path("eventId").asText() + " (occurred " + e.path("occurredAt").asText()
                            + ", in Kafka " + e.path("receivedAt").asText() + ")");
                }
            }
            String id = doc.path("orderId").asText();
            out.put(id, new Reconciler.StoredOrder(id, doc.path("status").asText(null), doc.path("revision").asLong(),
                    doc.path("eventCount").asInt(), arrivals, lateOnTime));
        });
        return out;
    }

    List<Reconciler.FoundAlert> alerts() throws IOException, InterruptedException {
        List<Reconciler.FoundAlert> out = new ArrayList<>();
        scroll(prefix + "-alerts", List.of("id", "ruleId", "kind", "orderId", "startedAt", "status", "detectedLate"),
                doc -> out.add(new Reconciler.FoundAlert(doc.path("id").asText(), doc.path("ruleId").asText(),
                        doc.path("kind").asText(), doc.path("orderId").asText(null),
                        doc.hasNonNull("startedAt") ? Instant.parse(doc.path("startedAt").asText()) : null,
                        doc.path("status").asText(), doc.path("detectedLate").asBoolean(false))));
        return out;
    }

    /** The rule version the job reported applying, if any (the job's acknowledgement). */
    Optional<Long> appliedVersion(String ruleId) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(es.resolve("/" + prefix + "-rule-status/_doc/"
                    + ruleId)).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode doc = Json.readTree(r.body()).path("_source");
            return doc.has("version") ? Optional.of(doc.path("version").asLong()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void scroll(String index, List<String> fields, Consumer<JsonNode> each)
            throws IOException, InterruptedException {
        ObjectNode query = Json.mapper().createObjectNode().put("size", 1000);
        fields.forEach(query.putArray("_source")::add);
        query.putArray("sort").add("_doc");
        JsonNode page = post("/" + index + "/_search?scroll=2m", Json.writeBytes(query));
        while (true) {
            JsonNode hits = page.path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            hits.forEach(h -> each.accept(h.path("_source")));
            ObjectNode next = Json.mapper().createObjectNode().put("scroll", "2m")
                    .put("scroll_id", page.path("_scroll_id").asText());
            page = post("/_search/scroll", Json.writeBytes(next));
        }
        String id = page.path("_scroll_id").asText(null);
        if (id != null) {
            http.send(HttpRequest.newBuilder(es.resolve("/_search/scroll")).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(
                            Json.mapper().createObjectNode().put("scroll_id", id)))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private JsonNode post(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(es.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("Elasticsearch " + path + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return Json.readTree(r.body());
    }

    /** Copies per eventId among the records of the events topic (records that are no JSON object with an eventId
     * are not counted here: they are the invalid ones, checked through the dead-letter topic). */
    Map<String, Integer> eventCopies(String topic) {
        Map<String, Integer> out = new HashMap<>();
        readTopic(topic, r -> {
            try {
                JsonNode json = Json.readTree(r.value());
                if (json != null && json.isObject() && json.path("eventId").isTextual()) {
                    out.merge(json.path("eventId").asText(), 1, Integer::sum);
                }
            } catch (IOException e) {
                // not JSON: an invalid record
            }
        });
        return out;
    }

    List<Reconciler.DeadLetter> deadLetters(String topic) {
        List<Reconciler.DeadLetter> out = new ArrayList<>();
        readTopic(topic, r -> out.add(new Reconciler.DeadLetter(r.value(), header(r, "bpmon.origin"),
                header(r, "bpmon.reason"))));
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every record of {@code topic} from its beginning to the end it had when this started. */
    private void readTopic(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 3 min");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
        }
    }
}
