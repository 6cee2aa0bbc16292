package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Flink SQL examples of the docs run as they stand (docs/order-states.md, "Reading it"): the monitor job on a
 * MiniCluster writes the order-state records of a handful of orders with typed attributes through a real Kafka, then
 * every statement of each file's {@code ```sql} blocks runs on Flink's Table API ({@link DocsSql}) and the answers are
 * checked. So the docs and what the job writes cannot drift apart unnoticed.
 */
class DocsSqlIT {

    /**
     * The docs files whose Flink SQL must run over what the job wrote, each with the topic it reads: every statement
     * succeeds and every query ends with an answer of at least one row. Add a file in one line; check its answers in
     * a test of its own, as below.
     */
    static final List<Doc> DOCS = List.of(new Doc("docs/order-states.md", Topics.ORDER_STATES),
            new Doc("docs/daily-rollup.md", Topics.DAILY_ROLLUP));

    /** A docs file and the topic its SQL reads (the test waits for a committed record on it before it runs). */
    record Doc(String file, String topic) {}

    @RegisterExtension
    static final TestStack stack = TestStack.named("e2e-sql").env("BPMON_DEFAULT_RULES", "none");

    /** The last record of each order, as the job wrote it. */
    private static final Map<String, JsonNode> latest = new ConcurrentHashMap<>();

    /** Each file's run, shared by the tests. */
    private static final Map<String, Run> runs = new ConcurrentHashMap<>();

    @BeforeAll
    static void ordersWrittenByTheJob() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        List<String[]> events = new ArrayList<>();
        Map<String, Integer> revisions = new HashMap<>();
        // shipped, paid after 5 minutes; amount a JSON number with a fraction
        order(events, revisions, "sql-1", t0, "ORDER_PLACED", 0,
                "{\"country\":\"DE\",\"paymentMethod\":\"card\",\"amount\":59.9,\"currency\":\"EUR\"}");
        order(events, revisions, "sql-1", t0, "PAYMENT_RECEIVED", 5, null);
        order(events, revisions, "sql-1", t0, "ORDER_SHIPPED", 65, null);
        // paid after 15 minutes, the payment changed the amount (later events win)
        order(events, revisions, "sql-2", t0, "ORDER_PLACED", 0,
                "{\"country\":\"DE\",\"paymentMethod\":\"paypal\",\"amount\":20.1,\"currency\":\"EUR\"}");
        order(events, revisions, "sql-2", t0, "PAYMENT_RECEIVED", 15, "{\"amount\":25.45}");
        // placed only; amount a whole number
        order(events, revisions, "sql-3", t0, "ORDER_PLACED", 0,
                "{\"country\":\"FR\",\"paymentMethod\":\"card\",\"amount\":100,\"currency\":\"EUR\"}");
        // another currency, paid after 10 minutes
        order(events, revisions, "sql-4", t0, "ORDER_PLACED", 0,
                "{\"country\":\"SE\",\"paymentMethod\":\"card\",\"amount\":500,\"currency\":\"SEK\"}");
        order(events, revisions, "sql-4", t0, "PAYMENT_RECEIVED", 10, null);
        // cancelled: no revenue
        order(events, revisions, "sql-5", t0, "ORDER_PLACED", 0,
                "{\"country\":\"DE\",\"paymentMethod\":\"card\",\"amount\":10,\"currency\":\"EUR\"}");
        order(events, revisions, "sql-5", t0, "ORDER_CANCELLED", 20, null);
        long started = System.nanoTime();
        // the job stops once it has written them: the queries get the machine to themselves
        try (RunningJob job = stack.startJob()) {
            TestKafka.send(stack.kafka(), events);
            // every order's last revision committed (with the job's next checkpoint)
            TestServers.await(Duration.ofSeconds(90), () -> {
                Map<String, Integer> committed = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r
                        : TestKafka.readAllCommitted(stack.kafka(), Topics.ORDER_STATES)) {
                    JsonNode record = json(r.value());
                    committed.merge(record.path("orderId").asText(), record.path("revision").asInt(), Math::max);
                    latest.put(record.path("orderId").asText(), record);
                }
                return committed.equals(revisions);
            });
            for (Doc doc : DOCS) {
                TestServers.await(Duration.ofSeconds(60),
                        () -> !TestKafka.readAllCommitted(stack.kafka(), doc.topic()).isEmpty());
            }
        }
        System.out.printf("DocsSqlIT: the job wrote the order states in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void order(List<String[]> events, Map<String, Integer> revisions, String orderId, Instant t0,
            String type, int minutes, String attributes) {
        int revision = revisions.merge(orderId, 1, Integer::sum);
        events.add(EventJson.keyed(orderId, EventJson.event(orderId + "-" + revision, type, orderId,
                t0.plus(Duration.ofMinutes(minutes)), attributes)));
    }

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A docs file's answers, or why it has none: each file runs once, also when it fails. */
    private record Run(Map<String, DocsSql.Answer> answers, AssertionError failure) {}

    private static Map<String, DocsSql.Answer> answers(String doc) {
        Run run = runs.computeIfAbsent(doc, d -> {
            try {
                long started = System.nanoTime();
                Path file = Path.of(System.getProperty("bpmon.repo", ".")).resolve(d);
                Map<String, DocsSql.Answer> answered = DocsSql.run(file, stack.kafka(), Duration.ofSeconds(60));
                System.out.printf("DocsSqlIT: %s answered in %d ms:%n%s%n", d,
                        (System.nanoTime() - started) / 1_000_000, answered);
                return new Run(answered, null);
            } catch (AssertionError e) {
                return new Run(null, e);
            } catch (Exception e) {
                return new Run(null, new AssertionError(d + ": " + e, e));
            }
        });
        if (run.failure() != null) {
            throw run.failure();
        }
        return run.answers();
    }

    @ParameterizedTest
    @FieldSource("DOCS")
    void shouldRunEveryStatementOfTheDocsSqlAndAnswerEveryQuery(Doc doc) {
        Map<String, DocsSql.Answer> answered = answers(doc.file());
        assertThat(answered).as(doc.file() + ": its queries").isNotEmpty();
        answered.forEach((label, answer) -> assertThat(answer.rows()).as(doc.file() + ": '" + label + "'")
                .isNotEmpty());
    }

    @Test
    void shouldAnswerTheOrderStateQuestionsFromTheTypedRecords() {
        Map<String, DocsSql.Answer> answered = answers("docs/order-states.md");

        assertThat(rows(answered, "orders per country and status"))
                .containsExactly("DE CANCELLED 1", "DE PAID 1", "DE SHIPPED 1", "FR PLACED 1", "SE PAID 1");
        // summed from the records' JSON numbers: 59.9 + 25.45 (the later amount) + 100; the cancelled 10 left out
        String revenue =
                "revenue per currency (amounts in different currencies never add up), cancelled orders left out";
        assertThat(rows(answered, revenue)).containsExactly("EUR 3 185.35", "SEK 1 500.00");
        assertThat(answered.get(revenue).columns()).containsExactly("currency", "orders", "revenue");
        // DE: 5 and 15 minutes; SE: 10; FR never paid
        assertThat(rows(answered,
                "minutes from placing to paying, per country (AVG of a BIGINT is a BIGINT in Flink: cast first)"))
                .containsExactly("DE 2 10.0 15.0", "SE 1 10.0 10.0");
        // the attributes not declared, as text
        assertThat(rows(answered, "attribute names and how many orders carry each"))
                .containsExactly("amount 5", "country 5", "currency 5", "paymentMethod 5");
    }

    /** The rows of the query labelled {@code label} (the comment above it in the docs). */
    private static List<String> rows(Map<String, DocsSql.Answer> answered, String label) {
        assertThat(answered).as("the answers by the comment above each query").containsKey(label);
        return answered.get(label).rows();
    }

    @Test
    void shouldHaveQueriedAmountsTheRecordsCarryAsJsonNumbers() {
        // Flink's JSON format would also read a number from a string ("59.9"): the sums above prove the arithmetic,
        // this proves the records they were read from are typed (schema 2)
        assertThat(latest).hasSize(5);
        latest.values().forEach(record -> {
            assertThat(record.path("schema").asInt()).isEqualTo(2);
            assertThat(record.path("attributes").path("amount").isNumber()).as(record.toString()).isTrue();
        });
    }

    @Test
    void shouldAnswerTheDailyRollupQuestions() {
        Map<String, DocsSql.Answer> answered = answers("docs/daily-rollup.md");
        String day = latest.get("sql-1").path("steps").path("PLACED").asText().substring(0, 10);

        assertThat(rows(answered, "orders per day and country"))
                .containsExactlyInAnyOrder(day + " DE 3", day + " FR 1", day + " SE 1");
        // DE: 59.9 and 25.45 (the later amount); the cancelled order's 10 is no revenue
        assertThat(rows(answered, "revenue per day, country and currency")).containsExactlyInAnyOrder(
                day + " DE EUR 2 85.3500 42.6750", day + " FR EUR 1 100.0000 100.0000",
                day + " SE SEK 1 500.0000 500.0000");
        // minutes: DE paid after 5 and 15 (median the lower, p95 the higher), shipped 60 after paying, one cancelled
        // after 20; SE paid after 10. The histogram's answers are within 1 % (docs/daily-rollup.md)
        Map<String, double[]> steps = new HashMap<>();
        for (String row : rows(answered, "median and p95 minutes of each step, per day and country")) {
            String[] f = row.split(" ");
            assertThat(f[0]).isEqualTo(day);
            steps.put(f[1] + " " + f[2], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5])});
        }
        assertThat(steps).containsOnlyKeys("DE PLACED->PAID", "DE PAID->SHIPPED", "DE PLACED->CANCELLED",
                "SE PLACED->PAID");
        assertMinutes(steps.get("DE PLACED->PAID"), 2, 5, 15);
        assertMinutes(steps.get("DE PAID->SHIPPED"), 1, 60, 60);
        assertMinutes(steps.get("DE PLACED->CANCELLED"), 1, 20, 20);
        assertMinutes(steps.get("SE PLACED->PAID"), 1, 10, 10);
    }

    private static void assertMinutes(double[] step, int orders, double median, double p95) {
        assertThat(step[0]).isEqualTo(orders);
        assertThat(step[1]).isCloseTo(median, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(step[2]).isCloseTo(p95, org.assertj.core.data.Percentage.withPercentage(1));
    }
}
