package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.KafkaRulePublisher;
import io.bpmon.core.kafka.Topics;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.store.ElasticsearchIncidentStore;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job restarted from a checkpoint taken mid-incident replays the breaches after it (docs/incidents.md): they land
 * in the same incident, counted once, and breaches after the restart join it too — no split, no double.
 */
class IncidentsRestartIT {

    @RegisterExtension
    // checkpoints far apart, so the second job starts from the one taken before orders 5 to 7 and replays them
    final TestStack stack = TestStack.named("e2e-incidentrestart").env("BPMON_ALLOWED_LATENESS", "PT2S")
            .env("BPMON_CHECKPOINT_INTERVAL", "PT20S");

    @Test
    void shouldNeitherSplitNorDoubleAnIncidentWhenRestartedFromACheckpoint() throws Exception {
        ElasticsearchIncidentStore incidents = new ElasticsearchIncidentStore(stack.store(), stack.indices());
        Rule rule = new RuleValidator(Lifecycle.defaultLifecycle()).validate(Json.mapper().readTree("""
                {"id":"pay-3s","name":"Payment within 3 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S"}""")).value().withVersion(1, Instant.now(), "test");
        try (KafkaRulePublisher rules = new KafkaRulePublisher(stack.kafka(), Duration.ofSeconds(10))) {
            rules.publish(rule);
        }

        try (RunningJob job = stack.startJob()) {
            place(0, 5);
            TestServers.await(Duration.ofSeconds(60), () -> alertCount(incidents) == 5);
            stack.awaitCheckpointAfter(Instant.now());
            // breaches after the checkpoint: flagged by this job, and again by the next one
            place(5, 8);
            TestServers.await(Duration.ofSeconds(60), () -> alertCount(incidents) == 8);
        }
        try (RunningJob job = stack.startJob()) { // from the checkpoint: replays orders 5 to 7
            place(8, 10);
            // the incident counts an alert before the alert's own document is written (another writer): closing
            // cancels the job, and a document still in that writer's buffer would only come back on the next start
            TestServers.await(Duration.ofSeconds(60),
                    () -> alertCount(incidents) == 10 && alertDocuments(incidents) == 10);
        }

        Page<Incident> page = all(incidents);
        assertThat(page.total()).as("one incident").isEqualTo(1);
        Incident incident = page.items().get(0);
        assertThat(incident.alertCount()).isEqualTo(10);
        assertThat(incident.openAlertCount()).isEqualTo(10);
        assertThat(incident.status()).isEqualTo(AlertStatus.OPEN);
        List<Alert> alerts = incidents.alerts(incident.id(), IncidentQuery.MAX_ALERTS);
        assertThat(alerts).hasSize(10);
        assertThat(alerts).extracting(Alert::orderId).doesNotHaveDuplicates();
        assertThat(alerts).extracting(Alert::incidentId).containsOnly(incident.id());
        // the replay happened: orders 5 to 7 were flagged by both jobs, each time into the same incident
        List<Alert> published = new ArrayList<>();
        for (var r : TestKafka.readAllCommitted(stack.kafka(), Topics.ALERTS)) {
            published.add(Json.mapper().readValue(r.value(), Alert.class));
        }
        for (String order : List.of("ir-5", "ir-6", "ir-7")) {
            assertThat(published).filteredOn(a -> a.orderId().equals(order)).as(order).hasSizeGreaterThanOrEqualTo(2)
                    .extracting(Alert::incidentId).containsOnly(incident.id());
        }
    }

    private void place(int from, int to) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String[]> placed = new ArrayList<>();
        for (int i = from; i < to; i++) {
            placed.add(keyed("ir-" + i, event("ir-" + i + "-p", "ORDER_PLACED", "ir-" + i, t.plusMillis(i), null)));
        }
        TestKafka.send(stack.kafka(), placed);
    }

    private static long alertCount(ElasticsearchIncidentStore incidents) {
        Page<Incident> page = all(incidents);
        return page.items().stream().mapToLong(Incident::alertCount).sum();
    }

    private static long alertDocuments(ElasticsearchIncidentStore incidents) {
        return all(incidents).items().stream()
                .mapToLong(i -> incidents.alerts(i.id(), IncidentQuery.MAX_ALERTS).size()).sum();
    }

    private static Page<Incident> all(ElasticsearchIncidentStore incidents) {
        return incidents.search(new IncidentQuery(Optional.empty(), Optional.of("pay-3s"), 100));
    }
}
