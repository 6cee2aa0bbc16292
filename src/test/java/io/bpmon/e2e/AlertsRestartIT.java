package io.bpmon.e2e;

import static io.bpmon.e2e.EventJson.event;
import static io.bpmon.e2e.EventJson.keyed;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.KafkaRulePublisher;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.store.AlertQuery;
import io.bpmon.core.store.ElasticsearchAlertStore;
import io.bpmon.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job restarted from a checkpoint replays records after it: no alert is duplicated, and alerts go on living. */
class AlertsRestartIT {

    private static final int ORDERS = 10;

    @RegisterExtension
    final TestStack stack = TestStack.named("e2e-alertrestart").env("BPMON_ALLOWED_LATENESS", "PT2S");

    @Test
    void shouldNotDuplicateAlertsWhenRestartedFromACheckpoint() throws Exception {
        ElasticsearchAlertStore alerts = new ElasticsearchAlertStore(stack.store(), stack.indices());
        Rule rule = new RuleValidator(Lifecycle.defaultLifecycle()).validate(Json.mapper().readTree("""
                {"id":"pay-3s","name":"Payment within 3 s","kind":"STEP_SLA","from":"PLACED","to":"PAID",
                 "maxDuration":"PT3S"}""")).value().withVersion(1, Instant.now(), "test");
        try (KafkaRulePublisher rules = new KafkaRulePublisher(stack.kafka(), Duration.ofSeconds(10))) {
            rules.publish(rule);
        }
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        try (RunningJob job = stack.startJob()) {
            List<String[]> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                placed.add(keyed("r-" + i, event("r-" + i + "-p", "ORDER_PLACED", "r-" + i, t.plusMillis(i), null)));
            }
            TestKafka.send(stack.kafka(), placed);
            TestServers.await(Duration.ofSeconds(60), () -> open(alerts).total() == ORDERS);
            stack.awaitCheckpointAfter(Instant.now());
            // paid late: resolved by this job, and replayed by the next one
            List<String[]> paid = new ArrayList<>();
            for (int i = 0; i < ORDERS / 2; i++) {
                paid.add(keyed("r-" + i, event("r-" + i + "-$", "PAYMENT_RECEIVED", "r-" + i, Instant.now(), null)));
            }
            TestKafka.send(stack.kafka(), paid);
            TestServers.await(Duration.ofSeconds(60), () -> all(alerts).items().stream()
                    .filter(a -> a.status() == AlertStatus.RESOLVED).count() == ORDERS / 2);
        }
        try (RunningJob job = stack.startJob()) { // from the newest checkpoint: replays the payments
            List<String[]> rest = new ArrayList<>();
            for (int i = ORDERS / 2; i < ORDERS - 1; i++) {
                rest.add(keyed("r-" + i, event("r-" + i + "-$", "PAYMENT_RECEIVED", "r-" + i, Instant.now(), null)));
            }
            TestKafka.send(stack.kafka(), rest);
            TestServers.await(Duration.ofSeconds(60), () -> all(alerts).items().stream()
                    .filter(a -> a.status() == AlertStatus.RESOLVED).count() == ORDERS - 1);
        }

        Page<Alert> page = all(alerts);
        assertThat(page.total()).isEqualTo(ORDERS);
        assertThat(page.items()).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(page.items()).filteredOn(a -> a.status() == AlertStatus.RESOLVED)
                .extracting(Alert::resolution).containsOnly(Resolution.COMPLETED_LATE);
        assertThat(page.items()).filteredOn(a -> a.status() == AlertStatus.OPEN).extracting(Alert::orderId)
                .containsExactly("r-" + (ORDERS - 1));
    }

    private static Page<Alert> open(ElasticsearchAlertStore alerts) {
        return alerts.search(new AlertQuery(Optional.of(AlertStatus.OPEN), Optional.of("pay-3s"), Optional.empty(),
                100));
    }

    private static Page<Alert> all(ElasticsearchAlertStore alerts) {
        return alerts.search(new AlertQuery(Optional.empty(), Optional.of("pay-3s"), Optional.empty(), 100));
    }
}
