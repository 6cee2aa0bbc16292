package io.bpmon.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertIds;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two incident steps of the job (router, incidents) in Flink's test harnesses, wired as in {@link MonitorJob},
 * with explicit watermarks (docs/incidents.md): grouping, inhibition by a velocity episode whatever the order in which
 * the inputs arrive, and a restore from a snapshot taken mid-incident that neither splits nor doubles the incident.
 *
 * <p>Times are minutes after {@link #T0}. A PayPal outage: the VELOCITY rule {@code payments} (per payment method)
 * inhibits the STEP_SLA rule {@code payment-1m}.
 */
class IncidentsHarnessTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final String SLA = """
            {"id": "payment-1m", "name": "Payment within 1 min", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
             "maxDuration": "PT1M", "severity": "WARNING"}""";
    private static final String VELOCITY = """
            {"id": "payments", "name": "Payments per method", "kind": "VELOCITY", "eventType": "PAYMENT_RECEIVED",
             "window": "PT1M", "min": 1, "groupBy": ["paymentMethod"], "inhibits": ["payment-1m"],
             "severity": "CRITICAL"}""";

    private Pipeline pipeline;

    @BeforeEach
    void open() throws Exception {
        pipeline = new Pipeline(null, null);
        pipeline.rule("payment-1m", SLA);
        pipeline.rule("payments", VELOCITY);
    }

    @AfterEach
    void close() throws Exception {
        pipeline.close();
    }

    @Test
    void shouldGroupBreachesOfOneRuleIntoOneIncidentAndKeepTheirRevisions() throws Exception {
        pipeline.alert(breach("o-1", "card", AlertStatus.OPEN, 1), 1);
        pipeline.alert(breach("o-2", "card", AlertStatus.OPEN, 1), 2);
        pipeline.watermark(2);

        List<Alert> alerts = pipeline.alerts();
        assertThat(alerts).extracting(Alert::orderId).containsExactly("o-1", "o-2");
        assertThat(alerts).extracting(Alert::incidentId).doesNotContainNull().containsOnly(alerts.get(0).incidentId());
        assertThat(alerts).extracting(Alert::revision).containsOnly(1L);
        assertThat(alerts).extracting(Alert::inhibitedBy).containsOnlyNulls();
        Incident incident = pipeline.lastIncident();
        assertThat(incident.id()).isEqualTo(alerts.get(0).incidentId());
        assertThat(incident.ruleId()).isEqualTo("payment-1m");
        assertThat(incident.alertCount()).isEqualTo(2);
        assertThat(incident.openAlertCount()).isEqualTo(2);
    }

    @Test
    void shouldHoldAnAlertBackUntilTheWatermarkPassesItsEventTime() throws Exception {
        pipeline.alert(breach("o-1", "card", AlertStatus.OPEN, 1), 5);
        pipeline.watermark(4);
        assertThat(pipeline.alerts()).isEmpty();

        pipeline.watermark(5);

        assertThat(pipeline.alerts()).hasSize(1);
    }

    @Test
    void shouldApplyALaterVersionOfAnAlertAtOnce() throws Exception {
        pipeline.alert(breach("o-1", "card", AlertStatus.OPEN, 1), 1);
        pipeline.watermark(1);

        // a late completion, event time ahead of the watermark: it decides nothing, so it need not wait
        pipeline.alert(breach("o-1", "card", AlertStatus.RESOLVED, 2), 3);

        assertThat(pipeline.alerts()).extracting(Alert::status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(pipeline.alerts()).extracting(Alert::incidentId).containsOnly(pipeline.lastIncident().id());
        assertThat(pipeline.lastIncident().status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void shouldPutBreachesInAnOpenEpisodesSegmentIntoTheVelocityIncidentWhicheverInputArrivesFirst() throws Exception {
        // the breach reaches the router before the velocity alert that inhibits it, both before the watermark
        pipeline.alert(breach("o-1", "paypal", AlertStatus.OPEN, 1), 2);
        pipeline.alert(breach("o-2", "card", AlertStatus.OPEN, 1), 2);
        pipeline.velocity(outage(AlertStatus.OPEN, 1), 1);
        pipeline.watermark(2);

        Map<String, Alert> byOrder = pipeline.alerts().stream().filter(a -> a.orderId() != null)
                .collect(Collectors.toMap(Alert::orderId, a -> a));
        Alert velocity = pipeline.alerts().stream().filter(a -> a.kind() == AlertKind.VELOCITY).findFirst()
                .orElseThrow();
        assertThat(byOrder.get("o-1").inhibitedBy()).isEqualTo(velocity.id());
        assertThat(byOrder.get("o-1").incidentId()).isEqualTo(velocity.incidentId());
        assertThat(byOrder.get("o-2").inhibitedBy()).as("another payment method").isNull();
        assertThat(byOrder.get("o-2").incidentId()).isNotEqualTo(velocity.incidentId());
        Incident outage = pipeline.incidents().stream().filter(i -> i.id().equals(velocity.incidentId()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(outage.ruleId()).isEqualTo("payments");
        assertThat(outage.ruleName()).isEqualTo("Payments per method");
        assertThat(outage.segment()).isEqualTo(Map.of("paymentMethod", "paypal"));
        assertThat(outage.alertCount()).isEqualTo(2);
        assertThat(outage.sampleOrderIds()).containsExactly("o-1");
    }

    @Test
    void shouldNotInhibitABreachAfterTheEpisodeEnded() throws Exception {
        pipeline.velocity(outage(AlertStatus.OPEN, 1), 1);
        pipeline.velocity(outage(AlertStatus.RESOLVED, 2), 3);
        pipeline.alert(breach("o-1", "paypal", AlertStatus.OPEN, 1), 3);
        pipeline.watermark(3);

        Alert breach = pipeline.alerts().stream().filter(a -> "o-1".equals(a.orderId())).findFirst().orElseThrow();
        assertThat(breach.inhibitedBy()).isNull();
    }

    @Test
    void shouldNeitherSplitNorDoubleAnIncidentWhenRestoredFromASnapshotMidIncident() throws Exception {
        pipeline.velocity(outage(AlertStatus.OPEN, 1), 1);
        pipeline.alert(breach("o-1", "paypal", AlertStatus.OPEN, 1), 2);
        pipeline.alert(breach("o-2", "paypal", AlertStatus.OPEN, 1), 3);
        pipeline.watermark(3);
        pipeline.alert(breach("o-3", "paypal", AlertStatus.OPEN, 1), 4); // pending at the snapshot
        Pipeline.Snapshot snapshot = pipeline.snapshot();
        String incidentId = pipeline.lastIncident().id();
        int alertsBefore = pipeline.alerts().size();
        int incidentsBefore = pipeline.incidents().size();

        afterTheSnapshot(pipeline);
        List<Alert> alertsAfter = pipeline.alerts().subList(alertsBefore, pipeline.alerts().size());
        List<Incident> incidentsAfter = pipeline.incidents().subList(incidentsBefore, pipeline.incidents().size());

        // a restart: the operators start from the snapshot and the inputs after it are replayed
        Pipeline restored = new Pipeline(snapshot.router(), snapshot.incidents());
        try {
            afterTheSnapshot(restored);

            assertThat(restored.alerts()).isEqualTo(alertsAfter);
            assertThat(restored.incidents()).isEqualTo(incidentsAfter);
            assertThat(restored.alerts()).extracting(Alert::incidentId).containsOnly(incidentId);
            assertThat(restored.incidents()).extracting(Incident::id).containsOnly(incidentId);
            Incident last = restored.lastIncident();
            assertThat(last.alertCount()).as("velocity alert and four breaches, each once").isEqualTo(5);
            assertThat(last.openAlertCount()).isZero();
            assertThat(last.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(last.revision()).isEqualTo(pipeline.lastIncident().revision());
        } finally {
            restored.close();
        }
    }

    /** The inputs after the snapshot: another breach, then everything resolves; the outage ends. */
    private static void afterTheSnapshot(Pipeline p) throws Exception {
        p.alert(breach("o-4", "paypal", AlertStatus.OPEN, 1), 5);
        p.watermark(5);
        for (String order : List.of("o-1", "o-2", "o-3", "o-4")) {
            p.alert(breach(order, "paypal", AlertStatus.RESOLVED, 2), 6);
        }
        p.velocity(outage(AlertStatus.RESOLVED, 2), 6);
        p.watermark(7);
    }

    private static long at(long minute) {
        return T0.toEpochMilli() + minute * 60_000;
    }

    private static AlertUpdate breach(String orderId, String method, AlertStatus status, long revision) {
        boolean over = status == AlertStatus.RESOLVED;
        Alert a = new Alert(AlertIds.slaBreach("payment-1m", orderId), "payment-1m", 1, "Payment within 1 min",
                AlertKind.SLA_BREACH, Severity.WARNING, orderId, Map.of("paymentMethod", method), status, "PLACED",
                "PAID", T0, T0, T0, over ? T0.plusSeconds(300) : null, over ? Resolution.COMPLETED_LATE : null, false,
                null, null, revision);
        return new AlertUpdate(a.id(), revision, Json.writeBytes(a));
    }

    private static AlertUpdate outage(AlertStatus status, long revision) {
        boolean over = status == AlertStatus.RESOLVED;
        Alert a = new Alert(AlertIds.velocity("payments", "paypal", at(0)), "payments", 1, "Payments per method",
                AlertKind.VELOCITY, Severity.CRITICAL, null, Map.of("paymentMethod", "paypal"), status, null, null,
                T0, null, T0, over ? T0.plusSeconds(360) : null, over ? Resolution.BACK_IN_BOUNDS : null, false, 0L,
                Duration.ofMinutes(1), revision);
        return new AlertUpdate(a.id(), revision, Json.writeBytes(a));
    }

    /** Router and incidents step, connected as in the job; inputs and watermarks in minutes after T0. */
    private static final class Pipeline {

        record Snapshot(OperatorSubtaskState router, OperatorSubtaskState incidents) {}

        private final KeyedBroadcastOperatorTestHarness<String, AlertUpdate, IncidentSignal, RoutedAlert> router;
        private final KeyedOneInputStreamOperatorTestHarness<String, RoutedAlert, AlertUpdate> incidents;
        private int forwarded;

        Pipeline(OperatorSubtaskState routerState, OperatorSubtaskState incidentState) throws Exception {
            router = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                    new IncidentRouter(Lifecycle.defaultLifecycle()),
                    List.of(IncidentRouter.RULES, IncidentRouter.EPISODES)), AlertUpdate::id, Types.STRING, 1, 1, 0);
            incidents = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new IncidentFunction()),
                    RoutedAlert::key, Types.STRING);
            if (routerState != null) {
                router.initializeState(routerState);
                incidents.initializeState(incidentState);
            }
            router.open();
            incidents.open();
            if (routerState != null) {
                // the rules topic is replayed from its start after a restart
                rule("payment-1m", SLA);
                rule("payments", VELOCITY);
            }
        }

        void rule(String id, String json) throws Exception {
            router.processBroadcastElement(new StreamRecord<>(IncidentSignal.of(new RuleChange(id, json))));
        }

        void alert(AlertUpdate update, long minute) throws Exception {
            router.processElement(new StreamRecord<>(update, at(minute)));
            forward();
        }

        /** A velocity alert: to the alerts (main input) and to the episodes (broadcast), as in the job. */
        void velocity(AlertUpdate update, long minute) throws Exception {
            router.processBroadcastElement(new StreamRecord<>(IncidentSignal.of(update), at(minute)));
            router.processElement(new StreamRecord<>(update, at(minute)));
            forward();
        }

        void watermark(long minute) throws Exception {
            router.processBroadcastWatermark(at(minute));
            router.processWatermark(at(minute));
            forward();
            incidents.processWatermark(at(minute));
        }

        private void forward() throws Exception {
            List<StreamRecord<? extends RoutedAlert>> out = router.extractOutputStreamRecords();
            for (StreamRecord<? extends RoutedAlert> r : out.subList(forwarded, out.size())) {
                incidents.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            }
            forwarded = out.size();
        }

        Snapshot snapshot() throws Exception {
            return new Snapshot(router.snapshot(1L, 1L), incidents.snapshot(1L, 1L));
        }

        List<Alert> alerts() {
            return incidents.extractOutputValues().stream().map(u -> read(u.json(), Alert.class)).toList();
        }

        List<Incident> incidents() {
            var out = incidents.getSideOutput(IncidentFunction.INCIDENTS);
            return out == null ? List.of()
                    : new ArrayList<>(out.stream().map(r -> read(r.getValue().json(), Incident.class)).toList());
        }

        Incident lastIncident() {
            List<Incident> all = incidents();
            return all.get(all.size() - 1);
        }

        void close() throws Exception {
            router.close();
            incidents.close();
        }

        private static <T> T read(byte[] json, Class<T> type) {
            try {
                return Json.mapper().readValue(json, type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
