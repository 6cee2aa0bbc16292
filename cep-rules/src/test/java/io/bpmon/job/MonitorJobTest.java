package io.bpmon.job;

import static io.bpmon.core.fixtures.Events.BEGINNING;
import static io.bpmon.core.fixtures.Events.BEGINNING_TEXT;
import static io.bpmon.core.fixtures.Events.cancelled;
import static io.bpmon.core.fixtures.Events.delivered;
import static io.bpmon.core.fixtures.Events.hours;
import static io.bpmon.core.fixtures.Events.minutes;
import static io.bpmon.core.fixtures.Events.paid;
import static io.bpmon.core.fixtures.Events.placed;
import static io.bpmon.core.fixtures.Events.shipped;
import static io.bpmon.core.fixtures.Events.toJsonBytes;
import static io.bpmon.job.OrderStateHarness.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.OrderPartitions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job graph ({@link MonitorJob#build}) on a Flink MiniCluster at parallelism 2, fed a finite, shuffled
 * input with duplicates and invalid records, written to collecting sinks. Kryo is disabled, so a stream type that
 * would fall back to it fails the job instead of slowing it down.
 *
 * <p>A finite input ends with a {@code Long.MAX_VALUE} watermark, which fires every cleanup timer; that only
 * clears the job's working copies, after every document has been emitted.
 */
class MonitorJobTest {

    static final int PARALLELISM = 2;
    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();
    static final EventParser PARSER = new EventParser(LIFECYCLE);
    /** Larger than the spread of the input's event times, so no event is late whatever the arrival order. */
    static final Duration OUT_OF_ORDERNESS = Duration.ofDays(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    private final AtomicLong offsets = new AtomicLong();
    private final List<Ingested> input = new ArrayList<>();
    private final Map<String, Integer> recordsPerOrder = new LinkedHashMap<>();
    private String documentsSink;
    private String deadLettersSink;
    private String statesSink;

    @BeforeEach
    void nameSinks(TestInfo test) {
        documentsSink = test.getDisplayName() + "/documents";
        deadLettersSink = test.getDisplayName() + "/dead-letters";
        statesSink = test.getDisplayName() + "/order-states";
    }

    @AfterEach
    void clearSinks() {
        CollectingSink.clear(documentsSink);
        CollectingSink.clear(deadLettersSink);
        CollectingSink.clear(statesSink);
    }

    @Test
    void shouldTrackEveryOrderAndDeadLetterEveryInvalidRecord() throws Exception {
        // twelve orders along the main path, every other one with its payment delivered twice
        for (int n = 0; n < 12; n++) {
            String id = "o-main-" + n;
            OrderEvent payment = paid(id, minutes(n + 10), "paymentMethod", "card");
            send(placed(id, minutes(n), "country", n % 2 == 0 ? "DE" : "FR"), payment,
                    shipped(id, hours(2).plusSeconds(n)), delivered(id, hours(20).plusSeconds(n)));
            if (n % 2 == 0) {
                send(payment);
            }
        }
        OrderEvent earlyPayment = paid("o-early-payment", minutes(20));
        send(placed("o-early-payment", minutes(5)), cancelled("o-early-payment", hours(1)));
        send(placed("o-abandoned", minutes(7)));
        OrderEvent placedTwice = placed("o-violation", minutes(1));
        send(placedTwice, placedTwice, placedTwice, cancelled("o-violation", minutes(30)),
                shipped("o-violation", hours(3)));
        send(placed("o-gap", minutes(2)), shipped("o-gap", hours(4)), delivered("o-gap", hours(9)));

        Map<String, List<String>> invalid = new LinkedHashMap<>(); // raw value -> what its reason must name
        invalid.put("{\"eventId\":\"bad-1\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"" + BEGINNING_TEXT + "\"}",
                List.of("orderId: missing"));
        invalid.put("{\"eventId\":\"bad-2\",\"type\":\"ORDER_LOST\",\"orderId\":\"o-x\",\"occurredAt\":\""
                + BEGINNING_TEXT + "\"}", List.of("type: unknown event type 'ORDER_LOST'"));
        invalid.put("{\"eventId\":\"bad-3\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o-x\","
                + "\"occurredAt\":\"yesterday\"}", List.of("occurredAt: 'yesterday' is not an RFC 3339 timestamp"));
        invalid.put("{\"eventId\":\"bad-4\",\"type\":\"ORDER_PLACED\",\"orderId\":\"o-x\",\"occurredAt\":\""
                + BEGINNING_TEXT + "\",\"attributes\":{\"cart\":{\"items\":3}}}",
                List.of("attributes.cart: must be a string, number or boolean"));
        invalid.put("{\"eventId\":\"\",\"type\":\"ORDER_PLACED\"}",
                List.of("eventId: must be 1 to 128 characters", "orderId: missing", "occurredAt: missing"));
        invalid.put("not json at all", List.of("$: not valid JSON"));
        Map<String, List<String>> reasonsByOrigin = new LinkedHashMap<>();
        Map<String, String> valueByOrigin = new LinkedHashMap<>();
        invalid.forEach((value, reasons) -> {
            Ingested record = ingest(value.getBytes(StandardCharsets.UTF_8));
            assertThat(record.isValid()).as(value).isFalse();
            input.add(record);
            reasonsByOrigin.put(record.deadLetter().origin(), reasons);
            valueByOrigin.put(record.deadLetter().origin(), value);
        });

        Collections.shuffle(input, new Random(20261128));
        // a payment that arrives before its placement
        input.add(0, ingest(toJsonBytes(earlyPayment)));
        recordsPerOrder.merge("o-early-payment", 1, Integer::sum);

        run(input);

        // every valid record produced exactly one update, revisions 1..n per order: nothing lost, nothing twice
        List<OrderUpdate> updates = CollectingSink.collected(documentsSink);
        Map<String, List<OrderUpdate>> byOrder = updates.stream()
                .collect(Collectors.groupingBy(OrderUpdate::orderId, LinkedHashMap::new, Collectors.toList()));
        assertThat(byOrder.keySet()).containsExactlyInAnyOrderElementsOf(recordsPerOrder.keySet());
        recordsPerOrder.forEach((orderId, n) -> assertThat(revisions(byOrder.get(orderId))).as(orderId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList()));
        assertThat(updates).allSatisfy(u -> assertThat(u.index()).isEqualTo("test-orders-2026.11"));
        Map<String, JsonNode> last = new LinkedHashMap<>();
        byOrder.forEach((orderId, list) -> last.put(orderId,
                document(list.stream().max(Comparator.comparingLong(OrderUpdate::revision)).orElseThrow())));
        assertThat(last.values()).allSatisfy(doc -> {
            assertThat(doc.get("lateEvents").asInt()).as("late events of %s", doc.get("orderId")).isZero();
            assertThat(doc.get("revision").asLong())
                    .isEqualTo(recordsPerOrder.get(doc.get("orderId").asText()).longValue());
        });

        // the order-state stream: one record per revision of each order, the last one saying what the document says
        List<OrderStateChange> states = CollectingSink.collected(statesSink);
        Map<String, List<OrderStateChange>> statesByOrder = states.stream()
                .collect(Collectors.groupingBy(OrderStateChange::orderId, LinkedHashMap::new, Collectors.toList()));
        assertThat(statesByOrder.keySet()).containsExactlyInAnyOrderElementsOf(recordsPerOrder.keySet());
        recordsPerOrder.forEach((orderId, n) -> assertThat(statesByOrder.get(orderId))
                .extracting(OrderStateChange::revision).as(orderId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList()));
        for (Map.Entry<String, List<OrderStateChange>> order : statesByOrder.entrySet()) {
            String orderId = order.getKey();
            JsonNode record = Json.readTree(order.getValue().get(order.getValue().size() - 1).json());
            JsonNode doc = last.get(orderId);
            assertThat(record.get("revision").asLong()).as(orderId).isEqualTo(doc.get("revision").asLong());
            assertThat(record.get("status")).as(orderId).isEqualTo(doc.get("status"));
            assertThat(record.get("steps")).as(orderId).isEqualTo(doc.get("steps"));
            assertThat(record.get("attributes")).as(orderId).isEqualTo(doc.get("attributes"));
        }

        for (int n = 0; n < 12; n++) {
            JsonNode doc = last.get("o-main-" + n);
            assertThat(doc.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(stepNames(doc)).containsExactly("PLACED", "PAID", "SHIPPED", "DELIVERED");
            assertThat(doc.get("steps").get("PAID").asText()).isEqualTo(minutes(n + 10).toString());
            assertThat(doc.get("eventCount").asInt()).isEqualTo(4);
            assertThat(doc.get("duplicateEvents").asInt()).isEqualTo(n % 2 == 0 ? 1 : 0);
            assertThat(doc.get("attributes").get("country").asText()).isEqualTo(n % 2 == 0 ? "DE" : "FR");
            assertThat(doc.get("gaps").asInt() + doc.get("violations").asInt()).isZero();
        }
        JsonNode early = last.get("o-early-payment");
        assertThat(early.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(stepNames(early)).containsExactly("PLACED", "PAID", "CANCELLED");
        assertThat(early.get("gaps").asInt()).isZero();

        JsonNode abandoned = last.get("o-abandoned");
        assertThat(abandoned.get("status").asText()).isEqualTo("PLACED");
        assertThat(abandoned.get("terminal").asBoolean()).isFalse();

        JsonNode violation = last.get("o-violation");
        assertThat(violation.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(stepNames(violation)).containsExactly("PLACED", "CANCELLED");
        assertThat(violation.get("violations").asInt()).isEqualTo(1);
        assertThat(violation.get("duplicateEvents").asInt()).isEqualTo(2);
        assertThat(violation.get("events")).extracting(e -> e.path("conformance").asText(null))
                .containsExactly(null, null, "violation: ORDER_SHIPPED is not allowed after CANCELLED");

        JsonNode gap = last.get("o-gap");
        assertThat(gap.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(stepNames(gap)).containsExactly("PLACED", "SHIPPED", "DELIVERED");
        assertThat(gap.get("gaps").asInt()).isEqualTo(1);

        // every invalid record reached the dead letters, with its bytes and a reason naming what is wrong
        List<DeadLetter> deadLetters = CollectingSink.collected(deadLettersSink);
        Map<String, DeadLetter> lettersByOrigin = deadLetters.stream()
                .collect(Collectors.toMap(DeadLetter::origin, Function.identity()));
        assertThat(deadLetters).hasSameSizeAs(lettersByOrigin.keySet());
        assertThat(lettersByOrigin.keySet()).containsExactlyInAnyOrderElementsOf(reasonsByOrigin.keySet());
        reasonsByOrigin.forEach((origin, reasons) -> {
            DeadLetter letter = lettersByOrigin.get(origin);
            assertThat(letter.reason()).as(origin).contains(reasons);
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(valueByOrigin.get(origin));
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + origin);
        });
    }

    @Test
    void shouldRunWithKryoFallbackDisabled() {
        StreamExecutionEnvironment env = environment();

        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThatThrownBy(() -> env.fromData(Optional.of("a type Flink would hand to Kryo")))
                .hasMessageContaining("Generic types have been disabled");
    }

    private void send(OrderEvent... events) {
        for (OrderEvent e : events) {
            Ingested record = ingest(toJsonBytes(e));
            assertThat(record.isValid()).as(e.eventId()).isTrue();
            input.add(record);
            recordsPerOrder.merge(e.orderId(), 1, Integer::sum);
        }
    }

    /** Parses a record as the Kafka source would, with the next offset as its origin. */
    private Ingested ingest(byte[] value) {
        long offset = offsets.getAndIncrement();
        String origin = "bpmon.order-events/0@" + offset;
        return IngestDeserializer.ingest(PARSER, ("key-" + origin).getBytes(StandardCharsets.UTF_8), value,
                BEGINNING.plus(Duration.ofDays(1)).toEpochMilli() + offset, origin);
    }

    private void run(List<Ingested> records) throws Exception {
        StreamExecutionEnvironment env = environment();
        DataStream<Ingested> stream = env.fromData(records, TypeInformation.of(Ingested.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                        .withTimestampAssigner((r, previous) -> r.isValid()
                                ? r.event().occurredAt().toEpochMilli()
                                : previous));
        DataStream<RuleChange> noRules = env.fromData(List.of(new RuleChange("none", null)),
                        TypeInformation.of(RuleChange.class));
        new MonitorJob(EngineConfig.defaults(), LIFECYCLE, new OrderPartitions(new Indices("test"), Duration.ofDays(365)),
                () -> (orderId, partitionTime) -> java.util.Optional.empty(),
                new MonitorJob.Sinks(new CollectingSink<>(deadLettersSink), new CollectingSink<>(documentsSink),
                        new CollectingSink<>(deadLettersSink + "-alerts"),
                        new CollectingSink<>(deadLettersSink + "-alert-topic"),
                        new CollectingSink<>(deadLettersSink + "-rule-status"),
                        new CollectingSink<>(deadLettersSink + "-rejections"),
                        new CollectingSink<>(statesSink)),
                WallClock.SYSTEM)
                .build(stream, noRules);
        env.execute("bpmon pipeline test");
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        return env;
    }

    private static List<Long> revisions(List<OrderUpdate> updates) {
        return updates.stream().map(OrderUpdate::revision).sorted().toList();
    }

    private static List<String> stepNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.get("steps").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
