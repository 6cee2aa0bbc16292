package io.bpmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.bpmon.alerting.channels.Channels;
import io.bpmon.alerting.channels.EmailNotifier;
import io.bpmon.alerting.channels.MessageRenderer;
import io.bpmon.alerting.channels.SlackNotifier;
import io.bpmon.alerting.delivery.DeliveryPipeline;
import io.bpmon.alerting.delivery.Notifier;
import io.bpmon.alerting.delivery.RetryPolicy;
import io.bpmon.alerting.grouping.GroupingPolicy;
import io.bpmon.alerting.grouping.Router;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.KafkaAlertPublisher;
import io.bpmon.core.kafka.TopicSetup;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.Indices;
import io.bpmon.core.store.SchemaSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alerting service against a real Kafka broker and Elasticsearch ({@code BPMON_TEST_KAFKA},
 * {@code BPMON_TEST_ES_URL}), a real SMTP server (GreenMail) and a local Slack webhook receiver. Time is a clock the
 * test moves; the service is stepped by hand, so every wait is exact.
 */
class AlertingIT {

    static final String PUBLIC_URL = "https://bpmon.example.com";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

    private static WebhookReceiver slack;
    private static KafkaAlertPublisher publisher;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final MessageRenderer renderer = new MessageRenderer(PUBLIC_URL);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AlertingService> services = new ArrayList<>();
    private MonitorConfig config;
    private Elasticsearch es;
    private Indices indices;
    private DeliveryLog log;
    private SilenceStore silences;

    @BeforeAll
    static void servers() throws Exception {
        slack = new WebhookReceiver(0);
        publisher = new KafkaAlertPublisher(env("BPMON_TEST_KAFKA"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopServers() throws Exception {
        slack.close();
        publisher.close();
    }

    @BeforeEach
    void freshIndicesAndStateAtTheEndOfTheTopic() {
        slack.reset();
        config = ConfigLoader.from(Map.of(
                ConfigLoader.KAFKA_BOOTSTRAP, env("BPMON_TEST_KAFKA"),
                ConfigLoader.ES_URL, env("BPMON_TEST_ES_URL"),
                ConfigLoader.ES_INDEX_PREFIX, "alerting-it-" + run));
        TopicSetup.ensureTopics(config.kafka(), Duration.ofSeconds(60), s -> {});
        es = Elasticsearch.of(config.elasticsearch());
        SchemaSetup.ensureSchema(es, config.elasticsearch(), Duration.ofSeconds(60), s -> {});
        indices = new Indices(config.elasticsearch().indexPrefix());
        log = new ElasticsearchDeliveryLog(es, indices);
        silences = new ElasticsearchSilenceStore(es, indices);
        // this test's service starts after every alert earlier tests published
        AlertingState start = new AlertingState();
        try (Consumer<String, byte[]> c = AlertingService.consumer(config.kafka().bootstrap())) {
            List<TopicPartition> tps = c.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.endOffsets(tps).forEach((tp, end) -> start.reached(tp.partition(), end));
        }
        new ElasticsearchStateStore(es, indices).save(start);
    }

    @AfterEach
    void stopServices() {
        services.forEach(AlertingService::close);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void shouldSendOneSlackMessageAndOneEmailWithLinksForOneBreach() throws Exception {
        AlertingService service = service(log, 500);
        publish(breach("o-1/ä", "DE", "carrier", "<script>alert(1)</script>"));
        settle(service);
        assertThat(slack.requests()).as("nothing before the group wait").isEmpty();

        clock.advance(Duration.ofSeconds(30));
        service.step();

        assertThat(slack.requests()).hasSize(1);
        JsonNode message = Json.readTree(slack.requests().get(0).getBytes());
        assertThat(message.path("text").asText()).contains("1 order breached 'Payment within 30 min' · DE");
        String slackJson = message.toString();
        assertThat(slackJson).contains(PUBLIC_URL + "/orders/" + orderId("o-1%2F%C3%A4"))
                .contains(PUBLIC_URL + "/alerts?ruleId=" + rule());
        // the hostile attribute value is shown as typed, in plain_text, and reaches no mrkdwn text Slack would parse
        assertThat(message.findParents("type")).filteredOn(o -> o.path("type").asText().equals("plain_text"))
                .anySatisfy(o -> assertThat(o.path("text").asText()).contains("carrier=<script>alert(1)</script>"));
        assertThat(message.findParents("type")).filteredOn(o -> o.path("type").asText().equals("mrkdwn"))
                .isNotEmpty().allSatisfy(o -> assertThat(o.path("text").asText()).doesNotContain("script"));
        assertThat(message.path("text").asText()).doesNotContain("script");
        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).startsWith("[bpmon] [CRITICAL] 1 order breached 'Payment within 30 min'");
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        String html = part(mails[0], "text/html");
        assertThat(html).contains("href=\"" + PUBLIC_URL + "/orders/" + orderId("o-1%2F%C3%A4") + "\"")
                .contains("href=\"" + PUBLIC_URL + "/alerts?ruleId=" + rule() + "\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(part(mails[0], "text/plain")).contains("1 order breached").contains("Alerts: 1 order open")
                .contains(PUBLIC_URL + "/alerts?ruleId=");
        assertThat(mails[0].getHeader("X-Bpmon-Notification")[0]).endsWith("#1");
        assertThat(log.recent(10)).extracting(DeliveryRecord::channel, DeliveryRecord::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("slack", DeliveryRecord.Outcome.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("email", DeliveryRecord.Outcome.DELIVERED));
    }

    @Test
    void shouldSendAHandfulOfMessagesForABurstOfTwoHundredBreachesInOneGroup() {
        AlertingService service = service(log, 500);
        for (int i = 0; i < 200; i++) {
            publish(breach("o-" + i, "DE"));
            if (i % 20 == 19) {
                settle(service);
                clock.advance(Duration.ofSeconds(10)); // the burst spreads over 100 s
            }
        }
        for (int i = 0; i < 30; i++) { // 15 minutes more
            clock.advance(Duration.ofSeconds(30));
            service.step();
        }

        assertThat(slack.requests()).hasSizeBetween(1, 3);
        assertThat(MAIL.getReceivedMessages()).hasSizeBetween(1, 3);
        assertThat(slack.requests().get(slack.requests().size() - 1)).contains("200 orders breached");
    }

    @Test
    void shouldWaitForRetryAfterOn429AndDeliverOnce() {
        AlertingService service = service(log, 500, Map.of("slack", slackNotifier()));
        slack.answerNext(new WebhookReceiver.Answer(429, "7", "rate_limited"));
        publish(breach("o-1", "DE"));
        settle(service);
        clock.advance(Duration.ofSeconds(30));
        service.step();
        assertThat(slack.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(6));
        service.step();
        assertThat(slack.requests()).as("not before Retry-After").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        service.step();
        clock.advance(Duration.ofMinutes(1));
        service.step();

        assertThat(slack.requests()).hasSize(2);
        assertThat(slack.requests().get(0)).isEqualTo(slack.requests().get(1));
        assertThat(log.recent(10)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
            assertThat(r.attempts()).isEqualTo(2);
        });
        assertThat(service.state().outbox()).isEmpty();
    }

    @Test
    void shouldRetry500WithBackoffAndReportAPermanentFailureWithoutRetrying() {
        AlertingService service = service(log, 500, Map.of("slack", slackNotifier()));
        slack.answerNext(new WebhookReceiver.Answer(500, null, "oops"), new WebhookReceiver.Answer(404, null,
                "no_service"));
        publish(breach("o-1", "DE"));
        settle(service);
        clock.advance(Duration.ofSeconds(30));
        service.step(); // 500
        Channels retrying = new Channels(Map.of("slack", slackNotifier()), log,
                () -> ElasticsearchStateStore.outbox(es, indices), clock);
        assertThat(retrying.status()).singleElement().satisfies(s -> {
            assertThat(s.undelivered()).isEqualTo(1);
            assertThat(s.retrying()).contains("500");
            assertThat(s.nextAttemptAt()).isAfter(clock.instant());
            assertThat(s.healthy()).isFalse();
        });
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(30));
            service.step(); // 404, then nothing more
        }

        assertThat(slack.requests()).hasSize(2);
        assertThat(log.recent(10)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.FAILED);
            assertThat(r.permanent()).isTrue();
            assertThat(r.error()).contains("404");
        });
        assertThat(retrying.status()).singleElement().satisfies(s -> {
            assertThat(s.undelivered()).isZero();
            assertThat(s.healthy()).isFalse();
            assertThat(s.lastFailurePermanent()).isTrue();
            assertThat(s.lastFailure()).contains("404");
            assertThat(s.target()).isEqualTo("Slack webhook at http://127.0.0.1:" + slack.url().getPort())
                    .doesNotContain("secret");
        });
    }

    @Test
    void shouldNeitherLoseNorRepeatAMessageWhenRestartedInTheMiddleOfABurst() {
        AlertingService first = service(log, 20);
        for (int i = 0; i < 100; i++) {
            publish(breach("o-" + i, "DE"));
        }
        first.step();
        first.step();
        assertThat(first.state().offsets().values().stream().mapToLong(Long::longValue).sum())
                .as("read part of the burst").isGreaterThan(0);
        first.close(); // without warning: what it did not save is lost
        services.remove(first);
        for (int i = 100; i < 200; i++) {
            publish(breach("o-" + i, "DE"));
        }

        AlertingService second = service(log, 20);
        settle(second);
        clock.advance(Duration.ofSeconds(30));
        second.step();

        assertThat(slack.requests()).hasSize(1);
        assertThat(slack.requests().get(0)).contains("200 orders breached");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void shouldNotRepeatAMessageDeliveredJustBeforeACrash() {
        DeliveryLog crashing = new DeliveryLog() {
            @Override
            public void record(DeliveryRecord record) {
                log.record(record);
                throw new Crash(); // delivered and logged, but the outbox was not saved
            }

            @Override
            public boolean wasDelivered(String id) {
                return log.wasDelivered(id);
            }

            @Override
            public List<DeliveryRecord> recent(int limit) {
                return log.recent(limit);
            }

            @Override
            public List<DeliveryRecord> forIncident(String incidentId, int limit) {
                return log.forIncident(incidentId, limit);
            }

            @Override
            public Optional<DeliveryRecord> latest(String channel, DeliveryRecord.Outcome outcome) {
                return log.latest(channel, outcome);
            }
        };
        AlertingService first = service(crashing, 500, Map.of("slack", slackNotifier()));
        publish(breach("o-1", "DE"));
        settle(first);
        clock.advance(Duration.ofSeconds(30));
        try {
            first.step();
        } catch (Crash expected) {
            // the process died here
        }
        first.close();
        services.remove(first);
        assertThat(slack.requests()).hasSize(1);

        AlertingService second = service(log, 500, Map.of("slack", slackNotifier()));
        assertThat(second.state().outbox()).as("the saved outbox still has it").hasSize(1);
        second.step();

        assertThat(slack.requests()).hasSize(1);
        assertThat(second.state().outbox()).isEmpty();
    }

    @Test
    void shouldSendNothingWhileSilencedAndThenAResolvedNotice() {
        AlertingService service = service(log, 500);
        Alert a = breach("o-1", "DE");
        publish(a);
        settle(service);
        clock.advance(Duration.ofSeconds(30));
        service.step();
        assertThat(slack.requests()).hasSize(1);
        silences.save(new Silence("s-" + run, rule(), Map.of("country", "DE"), clock.instant(),
                clock.instant().plus(Duration.ofHours(2)), "known outage", "ops", clock.instant()));
        Alert b = breach("o-2", "DE");
        publish(b);
        settle(service);
        clock.advance(Duration.ofMinutes(5));
        service.step();
        assertThat(slack.requests()).as("silenced").hasSize(1);

        publish(a.resolved(clock.instant(), Resolution.COMPLETED_LATE), b.resolved(clock.instant(),
                Resolution.COMPLETED_LATE));
        settle(service);
        clock.advance(Duration.ofMinutes(5));
        service.step();

        assertThat(slack.requests()).hasSize(2);
        assertThat(slack.requests().get(1)).contains("[RESOLVED] 'Payment within 30 min' · DE: all 2 alerts are over");
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(service.state().grouping().groups()).isEmpty();
    }

    @Test
    void shouldNotRepeatAcknowledgedAlertsButRepeatOthers() {
        AlertingService service = service(log, 500, Map.of("slack", slackNotifier()));
        Alert acked = breach("o-1", "DE");
        Alert open = breach("o-2", "FR");
        publish(acked, open);
        settle(service);
        clock.advance(Duration.ofSeconds(30));
        service.step();
        assertThat(slack.requests()).hasSize(2);
        publish(acked.acknowledged());
        settle(service);

        for (int i = 0; i < 13; i++) { // 65 minutes; repeat interval 1 h
            clock.advance(Duration.ofMinutes(5));
            service.step();
        }

        assertThat(slack.requests()).hasSize(3);
        assertThat(slack.requests().get(2)).contains("Still open: 1 order breached 'Payment within 30 min' · FR");
    }

    @Test
    void shouldRecordButNotNotifyAlertsDetectedLate() {
        AlertingService service = service(log, 500);
        Alert a = breach("o-1", "DE");
        publish(new Alert(a.id(), a.ruleId(), 1, a.ruleName(), a.kind(), a.severity(), a.orderId(), a.attributes(),
                a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(), a.detectedAt(), null, null, true,
                null, null, 1));
        settle(service);
        clock.advance(Duration.ofMinutes(10));
        service.step();

        assertThat(slack.requests()).isEmpty();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
        assertThat(service.state().grouping().lateSkipped()).isEqualTo(1);
    }

    @Test
    void shouldSendATestMessageThroughEachChannelAndLogIt() throws Exception {
        Channels channels = new Channels(notifiers(), log, clock);

        assertThat(channels.test("slack", renderer)).hasValueSatisfying(r ->
                assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED));
        assertThat(channels.test("email", renderer)).hasValueSatisfying(r ->
                assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED));
        assertThat(channels.test("pager", renderer)).isEmpty();

        assertThat(slack.requests()).singleElement().asString().contains("Test message from bpmon");
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[bpmon] Test message from bpmon");
        assertThat(channels.status()).allSatisfy(s -> assertThat(s.healthy()).isTrue())
                .allSatisfy(s -> assertThat(s.lastDeliveredAt()).isNotNull());
    }

    // ------------------------------------------------------------------ helpers

    private static final class Crash extends Error {}

    private String rule() {
        return "payment-" + run;
    }

    private String orderId(String encodedSuffix) {
        return run + "-" + encodedSuffix;
    }

    private Alert breach(String order, String country, String... more) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("country", country);
        for (int i = 0; i < more.length; i += 2) {
            attrs.put(more[i], more[i + 1]);
        }
        String orderId = run + "-" + order;
        Instant now = clock.instant();
        return new Alert("a-" + orderId, rule(), 1, "Payment within 30 min", AlertKind.SLA_BREACH, Severity.CRITICAL,
                orderId, attrs, AlertStatus.OPEN, "PLACED", "PAID", now.minus(Duration.ofMinutes(31)),
                now.minusSeconds(60), now, null, null, false, null, null, 1);
    }

    private void publish(Alert... alerts) {
        for (Alert a : alerts) {
            publisher.publish(a);
        }
    }

    private SlackNotifier slackNotifier() {
        return new SlackNotifier(slack.url(), renderer);
    }

    private Map<String, Notifier> notifiers() {
        return Map.of("slack", slackNotifier(), "email", new EmailNotifier("127.0.0.1", MAIL.getSmtp().getPort(),
                "bpmon@example.com", List.of("ops@example.com"), Optional.empty(), Optional.empty(), renderer));
    }

    private AlertingService service(DeliveryLog deliveryLog, int maxPollRecords) {
        return service(deliveryLog, maxPollRecords, notifiers());
    }

    private AlertingService service(DeliveryLog deliveryLog, int maxPollRecords, Map<String, Notifier> notifiers) {
        GroupingPolicy policy = new GroupingPolicy(List.of("country"), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofHours(1), 5);
        DeliveryPipeline delivery = new DeliveryPipeline(notifiers, deliveryLog, silences,
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), 5, Duration.ofHours(1), () -> 0.5),
                renderer::title, clock);
        AlertingService service = new AlertingService(policy, new Router(List.of(), List.copyOf(notifiers.keySet())),
                new AlertingService.Dependencies(AlertingService.consumer(config.kafka().bootstrap(), maxPollRecords),
                        new ElasticsearchStateStore(es, indices), silences, delivery, clock, Duration.ofMillis(300)));
        services.add(service);
        return service;
    }

    /** Steps until the service has read every alert published so far. */
    private static void settle(AlertingService service) {
        for (int i = 0; i < 100 && !service.caughtUp(); i++) {
            service.step();
        }
        assertThat(service.caughtUp()).as("read every published alert").isTrue();
    }

    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart p = multipart.getBodyPart(i);
            if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run with ./bpmon test, or start a Kafka broker and"
                    + " Elasticsearch and set it");
        }
        return v;
    }

}
